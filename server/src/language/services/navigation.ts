// Navigation over element names, across every file of the project. A name is
// written in a declaration, at a link end, or as the value of a `dlq` property;
// all three are "the name" for these features.
//
//   definition(result, doc, offset) → { path, start, end } | undefined
//     the name span of the element's first declaration (files in path order);
//   references(result, doc, offset, includeDeclaration) → { path, start, end }[]
//     every link end and dlq value with that name, plus every declaration
//     (duplicates too) when includeDeclaration; sorted by path, then offset;
//   prepareRename(result, doc, offset) → { start, end, placeholder } | { error }
//     the name under the cursor, or why there is nothing to rename there;
//   rename(result, doc, offset, newName) → { edits } | { error }
//     edits (TextEdit: path, start, end, newText) of every occurrence, after checking
//     that newName is a valid NAME (DESIGN §1), not a keyword, and not already used.
//
// Offsets are UTF-16 offsets into the document's text.

import { lex, T } from '../syntax/lexer';
import type { TopoDocument } from '../model/model';
import type { LintResult } from '../lint';
import type { TextEdit } from '../rules/types';
import { LineIndex } from '../util/lineIndex';
import { withArticle } from '../util/strings';
import { documentOf, indexOf, leafAt, nameOfLeaf, occurrences, type Location, type NameAt } from './locate';

export type { Location } from './locate';

export function definition(result: LintResult, doc: TopoDocument, offset: number): Location | undefined {
  const name = nameUnder(result, doc, offset);
  const target = name ? result.model.byName.get(name.name.text) : undefined;
  if (!target) return undefined;
  return { path: target.doc.path, start: target.node.name.start, end: target.node.name.end };
}

export function references(result: LintResult, doc: TopoDocument, offset: number, includeDeclaration: boolean): Location[] {
  const name = nameUnder(result, doc, offset);
  return name ? occurrences(result.model, name.name.text, includeDeclaration) : [];
}

export type PrepareRenameResult = { start: number; end: number; placeholder: string } | { error: string };

export function prepareRename(result: LintResult, doc: TopoDocument, offset: number): PrepareRenameResult {
  const source = documentOf(result, doc);
  const leaf = leafAt(source.file, offset);
  const name = leaf ? nameOfLeaf(result, leaf) : undefined;
  if (name) return { start: name.name.start, end: name.name.end, placeholder: name.name.text };
  switch (leaf?.type) {
    case 'kind':
      return { error: `'${leaf.element.kind}' is a kind keyword: only element names can be renamed` };
    case 'group-keyword':
      return { error: "'group' is a keyword: only element names can be renamed" };
    case 'group-name':
      return { error: 'A group name is written only once, nothing refers to it: edit it in place' };
    case 'key':
      return { error: `'${leaf.span.text}' is a property key, fixed by the language: only element names can be renamed` };
    case 'value':
      return { error: 'This value is not an element name: only element names (declarations, link ends, dlq values) can be renamed' };
    case 'arrow':
      return { error: 'This is an arrow: put the cursor on an element name to rename it' };
    case 'label':
      return { error: 'This is a label: edit it in place; only element names can be renamed' };
    default:
      return { error: 'There is no element name here: put the cursor on an element name (in a declaration, a link or a dlq value) to rename it' };
  }
}

export type RenameResult = { edits: TextEdit[] } | { error: string };

export function rename(result: LintResult, doc: TopoDocument, offset: number, newName: string): RenameResult {
  const prepared = prepareRename(result, doc, offset);
  if ('error' in prepared) return prepared;
  const oldName = prepared.placeholder;
  const invalid = nameProblem(newName);
  if (invalid) return { error: invalid };
  if (newName === oldName) return { edits: [] };
  const model = result.model;
  const index = indexOf(model);
  const declared = index.declarations.get(newName)?.[0];
  if (declared) {
    return { error: `'${newName}' is already declared, as ${withArticle(declared.kind)} in ${where(declared.doc, declared.node.name.start)}: names are unique across the project` };
  }
  const used = index.references.get(newName)?.[0];
  if (used) {
    // An undeclared name in use: renaming onto it would merge two different elements.
    return { error: `'${newName}' is already used (not declared) in ${where(used.doc, used.name.start)}: renaming '${oldName}' to it would merge them` };
  }
  const edits = occurrences(model, oldName, true).map((location) => ({ ...location, newText: newName }));
  return { edits };
}

/** Why a string is not a valid element name (DESIGN §1), or undefined when it is: the lexer decides, as it does for the file. */
export function nameProblem(name: string): string | undefined {
  if (name.length === 0) return 'A name cannot be empty';
  const lexed = lex(name);
  const first = lexed.tokens[0]!;
  const whole = lexed.tokens.length === 2 && lexed.comments.length === 0 && lexed.diagnostics.length === 0 && first.start === 0 && first.end === name.length;
  if (whole && first.type === T.Name) return undefined;
  if (whole && (first.type === T.Kind || first.type === T.Group || first.type === T.True || first.type === T.False)) {
    return `'${name}' is a keyword and cannot be a name (names are case-sensitive: '${name.charAt(0).toUpperCase()}${name.slice(1)}' is allowed)`;
  }
  return `'${name}' is not a valid name: a name starts with a letter or '_', followed by letters, digits or '_'`;
}

function nameUnder(result: LintResult, doc: TopoDocument, offset: number): NameAt | undefined {
  const source = documentOf(result, doc);
  const leaf = leafAt(source.file, offset);
  return leaf ? nameOfLeaf(result, leaf) : undefined;
}

/** "path, line N" for an error message (1-based, as people count lines). */
function where(doc: TopoDocument, offset: number): string {
  return `${doc.path}, line ${new LineIndex(doc.text).lineOf(offset) + 1}`;
}
