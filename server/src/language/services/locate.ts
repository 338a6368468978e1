// What lies at an offset of a document, for the editor features: the syntax leaf
// under the cursor (a kind keyword, a name, an arrow, a property key or value...)
// and, with a project model, the element a name stands for and every place that
// name is written. Offsets are UTF-16 code units into the document's text.
//
// The services take the host's TopoDocument; when the model holds a document with
// the same path and text, that one is used, so that syntax nodes can be matched to
// the model's symbols by identity. A document the model does not know (or a stale
// copy of one) still gets every answer that needs only its own syntax.

import type {
  Arrow,
  ElementNode,
  GroupNode,
  Identifier,
  LinkNode,
  Property,
  SourceFile,
  Span,
  Statement,
  StringLiteral,
  Value,
} from '../syntax/ast';
import { lex, type Token } from '../syntax/lexer';
import type { ElementSymbol, LinkSymbol, Model, Reference, TopoDocument } from '../model/model';
import type { LintResult } from '../lint';
import type { Finding } from '../rules/types';
import { lastStartingBefore } from '../util/search';

/** A place in a file of the project. */
export interface Location {
  path: string;
  start: number;
  end: number;
}

export type Leaf =
  | { type: 'kind'; span: Span; element: ElementNode }
  | { type: 'group-keyword'; span: Span; group: GroupNode }
  | { type: 'declaration'; span: Identifier; element: ElementNode }
  | { type: 'group-name'; span: Identifier; group: GroupNode }
  | { type: 'link-name'; span: Identifier; link: LinkNode; index: number }
  | { type: 'arrow'; span: Arrow; link: LinkNode; hop: number }
  | { type: 'label'; span: StringLiteral; owner: ElementNode | LinkNode | GroupNode }
  | { type: 'key'; span: Identifier; property: Property; owner: ElementNode | LinkNode }
  /** The innermost value under the cursor (an item, inside a list); `direct` when it is the property's own value. */
  | { type: 'value'; span: Value; property: Property; owner: ElementNode | LinkNode; direct: boolean };

/**
 * The leaf under the cursor: the one containing the character at `offset`, else the
 * one just before it (a cursor at the end of a word is on that word).
 */
export function leafAt(file: SourceFile, offset: number): Leaf | undefined {
  return leafContaining(file, offset) ?? (offset > 0 ? leafContaining(file, offset - 1) : undefined);
}

const within = (span: Span, at: number): boolean => span.start <= at && at < span.end;

/** The last statement starting at or before `at` (statements are in source order and do not overlap). */
function statementBefore(statements: readonly Statement[], at: number): Statement | undefined {
  let low = 0;
  let high = statements.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (statements[mid]!.start <= at) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found >= 0 ? statements[found] : undefined;
}

function leafContaining(file: SourceFile, at: number): Leaf | undefined {
  let statements: readonly Statement[] = file.statements;
  // Groups nest to any depth: descend in a loop, not by recursion.
  while (true) {
    const statement = statementBefore(statements, at);
    if (!statement || !within(statement, at)) return undefined;
    if (statement.type === 'group') {
      if (within(statement.keywordSpan, at)) return { type: 'group-keyword', span: statement.keywordSpan, group: statement };
      if (within(statement.name, at)) return { type: 'group-name', span: statement.name, group: statement };
      if (statement.label && within(statement.label, at)) return { type: 'label', span: statement.label, owner: statement };
      statements = statement.body;
      continue;
    }
    if (statement.type === 'element') {
      if (within(statement.kindSpan, at)) return { type: 'kind', span: statement.kindSpan, element: statement };
      if (within(statement.name, at)) return { type: 'declaration', span: statement.name, element: statement };
      if (statement.label && within(statement.label, at)) return { type: 'label', span: statement.label, owner: statement };
    } else {
      for (let i = 0; i < statement.names.length; i++) {
        const name = statement.names[i]!;
        if (within(name, at)) return { type: 'link-name', span: name, link: statement, index: i };
      }
      for (let hop = 0; hop < statement.arrows.length; hop++) {
        const arrow = statement.arrows[hop]!;
        if (within(arrow, at)) return { type: 'arrow', span: arrow, link: statement, hop };
      }
      if (statement.label && within(statement.label, at)) return { type: 'label', span: statement.label, owner: statement };
    }
    if (!statement.props || !within(statement.props, at)) return undefined;
    for (const property of statement.props.properties) {
      if (!within(property, at)) continue;
      if (within(property.key, at)) return { type: 'key', span: property.key, property, owner: statement };
      let value = property.value;
      let direct = true;
      // Lists nest (to a bounded depth): descend to the innermost item.
      while (value && within(value, at)) {
        if (value.type !== 'list') return { type: 'value', span: value, property, owner: statement, direct };
        const item: Value | undefined = value.items.find((candidate) => within(candidate, at));
        if (!item) return { type: 'value', span: value, property, owner: statement, direct };
        value = item;
        direct = false;
      }
      return undefined;
    }
    return undefined;
  }
}

// ---- the model's view of a document -----------------------------------------

/** The model's own copy of `doc` when it has one with the same text, else `doc` itself. */
export function documentOf(result: LintResult | undefined, doc: TopoDocument): TopoDocument {
  if (!result) return doc;
  const own = result.model.documents.find((candidate) => candidate.path === doc.path);
  return own && own.text === doc.text ? own : doc;
}

interface ModelIndex {
  elementByNode: Map<ElementNode, ElementSymbol>;
  linksByNode: Map<LinkNode, LinkSymbol[]>;
  /** Every declaration of each name, the first one first. */
  declarations: Map<string, ElementSymbol[]>;
  /** Every reference (link ends, dlq values) of each name, in path and source order. */
  references: Map<string, Reference[]>;
}

const indexes = new WeakMap<Model, ModelIndex>();

/** Lookups the model does not offer, built once per model (linear) and cached. */
export function indexOf(model: Model): ModelIndex {
  let index = indexes.get(model);
  if (index) return index;
  index = { elementByNode: new Map(), linksByNode: new Map(), declarations: new Map(), references: new Map() };
  for (const element of model.elements) {
    index.elementByNode.set(element.node, element);
    const list = index.declarations.get(element.name);
    if (list) list.push(element);
    else index.declarations.set(element.name, [element]);
  }
  for (const list of index.declarations.values()) {
    // The first declaration (by the model's file order) leads, as in model.byName.
    const first = model.byName.get(list[0]!.name);
    if (first && list[0] !== first) {
      list.splice(list.indexOf(first), 1);
      list.unshift(first);
    }
  }
  for (const link of model.links) {
    const list = index.linksByNode.get(link.node);
    if (list) list.push(link);
    else index.linksByNode.set(link.node, [link]);
  }
  for (const reference of model.references) {
    const list = index.references.get(reference.name.text);
    if (list) list.push(reference);
    else index.references.set(reference.name.text, [reference]);
  }
  for (const list of index.references.values()) list.sort((a, b) => comparePaths(a.doc.path, b.doc.path) || a.name.start - b.name.start);
  indexes.set(model, index);
  return index;
}

export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A name under the cursor that stands for an element. */
export interface NameAt {
  /** The name as written there. */
  name: Identifier;
  role: 'declaration' | 'link' | 'dlq';
  /**
   * The element it stands for: for a declaration, that very declaration (a duplicate
   * included); for a reference, the first declaration of the name; undefined when
   * the name is declared nowhere (or the document is not part of the model).
   */
  element: ElementSymbol | undefined;
  leaf: Leaf;
}

/** The element name at the offset: a declaration, a link end or a `dlq` value. */
export function nameAt(result: LintResult | undefined, doc: TopoDocument, offset: number): NameAt | undefined {
  const source = documentOf(result, doc);
  const leaf = leafAt(source.file, offset);
  return leaf ? nameOfLeaf(result, leaf) : undefined;
}

export function nameOfLeaf(result: LintResult | undefined, leaf: Leaf): NameAt | undefined {
  const model = result?.model;
  if (leaf.type === 'declaration') {
    if (!leaf.span.text) return undefined;
    const element = model ? (indexOf(model).elementByNode.get(leaf.element) ?? model.byName.get(leaf.span.text)) : undefined;
    return { name: leaf.span, role: 'declaration', element, leaf };
  }
  if (leaf.type === 'link-name') {
    if (!leaf.span.text) return undefined;
    return { name: leaf.span, role: 'link', element: model?.byName.get(leaf.span.text), leaf };
  }
  if (leaf.type === 'value' && leaf.direct && leaf.span.type === 'name' && leaf.property.key.text === 'dlq') {
    const name: Identifier = { start: leaf.span.start, end: leaf.span.end, text: leaf.span.text };
    return { name, role: 'dlq', element: model?.byName.get(name.text), leaf };
  }
  return undefined;
}

/** Every place a name is written in the project: declarations (duplicates included), link ends, dlq values. */
export function occurrences(model: Model, name: string, includeDeclarations: boolean): Location[] {
  const index = indexOf(model);
  const locations: Location[] = [];
  if (includeDeclarations) {
    for (const element of index.declarations.get(name) ?? []) {
      locations.push({ path: element.doc.path, start: element.node.name.start, end: element.node.name.end });
    }
  }
  for (const reference of index.references.get(name) ?? []) {
    locations.push({ path: reference.doc.path, start: reference.name.start, end: reference.name.end });
  }
  return locations.sort((a, b) => comparePaths(a.path, b.path) || a.start - b.start);
}

/** The findings of a file whose range lies within the span. */
export function findingsWithin(result: LintResult, path: string, span: Span): Finding[] {
  return result.findings.filter((finding) => finding.path === path && finding.start >= span.start && finding.end <= span.end && finding.end > finding.start);
}

/** The findings of a file whose range is exactly the span. */
export function findingsOn(result: LintResult, path: string, span: Span): Finding[] {
  return result.findings.filter((finding) => finding.path === path && finding.start === span.start && finding.end === span.end);
}

// ---- tokens -------------------------------------------------------------------

const tokenCache = new WeakMap<TopoDocument, Token[]>();

/** The document's tokens (the parser does not keep them), lexed once per document object. */
export function tokensOf(doc: TopoDocument): Token[] {
  let tokens = tokenCache.get(doc);
  if (!tokens) tokenCache.set(doc, (tokens = lex(doc.text).tokens));
  return tokens;
}

/** The index of the last token starting before `offset`, or -1. */
export function lastTokenBefore(tokens: readonly Token[], offset: number): number {
  return lastStartingBefore(tokens, offset);
}

/** Whether a comment covers the offset (a line comment up to its line's end; an unterminated block comment to the end of the file). */
export function inComment(doc: TopoDocument, offset: number): boolean {
  const comments = doc.file.comments;
  const found = lastStartingBefore(comments, offset);
  if (found < 0) return false;
  const comment = comments[found]!;
  if (offset < comment.end) return true;
  return offset === comment.end && (!comment.block || !isClosedBlock(doc.text, comment));
}

export function isClosedBlock(text: string, comment: Span): boolean {
  return comment.end - comment.start >= 4 && text.charCodeAt(comment.end - 1) === 47 && text.charCodeAt(comment.end - 2) === 42;
}

// ---- walking the syntax tree ----------------------------------------------------

/** Visits every statement of a file, groups before their bodies, with the enclosing groups; iterative, so any nesting depth is fine. */
export function walkStatements(file: SourceFile, visit: (statement: Statement, groups: readonly GroupNode[]) => void): void {
  const groups: GroupNode[] = [];
  const stack: { statements: readonly Statement[]; index: number }[] = [{ statements: file.statements, index: 0 }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.index >= frame.statements.length) {
      stack.pop();
      if (stack.length > 0) groups.pop();
      continue;
    }
    const statement = frame.statements[frame.index++]!;
    visit(statement, groups);
    if (statement.type === 'group') {
      groups.push(statement);
      stack.push({ statements: statement.body, index: 0 });
    }
  }
}
