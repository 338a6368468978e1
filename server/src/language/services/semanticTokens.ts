// Semantic tokens: the role of every token of a document, for highlighting that
// knows what a name stands for (which the TextMate grammar cannot).
//
//   semanticTokens(doc, result?) → { start, length, type, modifiers }[]
//
// Sorted by start, never overlapping, never spanning a line (a block comment is
// cut at each line break); start is a UTF-16 offset into the document's text. The
// legend uses LSP's standard names, so themes colour them without configuration:
//
//   kinds, group, true, false        keyword
//   element names, by kind class:    entries (actor, client)            interface
//                                    service-like (gateway, service,    class
//                                      worker, external)
//                                    stores (database, cache)           struct
//                                    channels (queue, topic)            event
//     + `declaration` where declared; names in links and dlq values take the type of
//     the element they name (resolved across the project when a result is given,
//     else within the document), `variable` when it is declared nowhere
//   group names                      namespace + declaration
//   property keys                    property
//   other name values (strong, grpc) enumMember
//   strings                          string
//   numbers, durations, percentages  number
//   -> and ~>                        operator (~> also `async`)
//   comments                         comment; in a suppression comment the directive
//                                    and the rule ids are `macro`

import type { Kind, Statement, Value } from '../syntax/ast';
import { T } from '../syntax/lexer';
import type { TopoDocument } from '../model/model';
import { kindClass, type KindClass } from '../model/properties';
import type { LintResult } from '../lint';
import { parseSuppressions } from '../rules/suppressions';
import { LineIndex, lineBreakIn, lineBreakLength } from '../util/lineIndex';
import { documentOf, tokensOf, walkStatements } from './locate';

export const TOKEN_TYPES = [
  'keyword',
  'interface',
  'class',
  'struct',
  'event',
  'namespace',
  'variable',
  'property',
  'enumMember',
  'string',
  'number',
  'operator',
  'comment',
  'macro',
] as const;
export type TokenType = (typeof TOKEN_TYPES)[number];

export const TOKEN_MODIFIERS = ['declaration', 'async'] as const;
export type TokenModifier = (typeof TOKEN_MODIFIERS)[number];

export interface SemanticToken {
  start: number;
  length: number;
  type: TokenType;
  modifiers: TokenModifier[];
}

export const KIND_CLASS_TOKEN: Record<KindClass, TokenType> = {
  entry: 'interface',
  'service-like': 'class',
  store: 'struct',
  channel: 'event',
};

interface Role {
  type: TokenType;
  modifiers: TokenModifier[];
}

export function semanticTokens(doc: TopoDocument, result?: LintResult): SemanticToken[] {
  const source = documentOf(result, doc);
  const roles = nameRoles(source, result);
  const out: SemanticToken[] = [];
  const tokens = tokensOf(source);
  const comments = commentTokens(source);
  let c = 0;
  const flushCommentsBefore = (offset: number): void => {
    while (c < comments.length && comments[c]!.start < offset) out.push(comments[c++]!);
  };
  for (const token of tokens) {
    if (token.end <= token.start) continue;
    flushCommentsBefore(token.start);
    const role = tokenRole(token.type, roles.get(token.start));
    if (role) out.push({ start: token.start, length: token.end - token.start, type: role.type, modifiers: role.modifiers });
  }
  flushCommentsBefore(Infinity);
  return out;
}

function tokenRole(type: T, named: Role | undefined): Role | undefined {
  if (named) return named;
  switch (type) {
    case T.Kind:
    case T.Group:
    case T.True:
    case T.False:
      return { type: 'keyword', modifiers: [] };
    case T.Name:
      return { type: 'variable', modifiers: [] };
    case T.String:
      return { type: 'string', modifiers: [] };
    case T.Number:
    case T.Duration:
    case T.Percent:
      return { type: 'number', modifiers: [] };
    case T.SyncArrow:
      return { type: 'operator', modifiers: [] };
    case T.AsyncArrow:
      return { type: 'operator', modifiers: ['async'] };
    default:
      return undefined;
  }
}

/** The role of each name-like token the syntax tree knows, by its start offset. */
function nameRoles(doc: TopoDocument, result: LintResult | undefined): Map<number, Role> {
  const roles = new Map<number, Role>();
  const statements: Statement[] = [];
  const local = new Map<string, Kind>();
  walkStatements(doc.file, (statement) => {
    statements.push(statement);
    if (statement.type === 'element' && statement.name.text && !local.has(statement.name.text)) local.set(statement.name.text, statement.kind);
  });
  const kindOf = (name: string): Kind | undefined => (result ? result.model.byName.get(name)?.kind : local.get(name));
  const reference = (name: string): Role => {
    const kind = kindOf(name);
    return { type: kind ? KIND_CLASS_TOKEN[kindClass(kind)] : 'variable', modifiers: [] };
  };
  const value = (item: Value, dlq: boolean): void => {
    const stack: Value[] = [item];
    while (stack.length > 0) {
      const current = stack.pop()!;
      if (current.type === 'list') stack.push(...current.items);
      else if (current.type === 'name') roles.set(current.start, current === item && dlq ? reference(current.text) : { type: 'enumMember', modifiers: [] });
    }
  };
  for (const statement of statements) {
    if (statement.type === 'group') {
      if (statement.name.text) roles.set(statement.name.start, { type: 'namespace', modifiers: ['declaration'] });
      continue;
    }
    if (statement.type === 'element') {
      if (statement.name.text) roles.set(statement.name.start, { type: KIND_CLASS_TOKEN[kindClass(statement.kind)], modifiers: ['declaration'] });
    } else {
      for (const name of statement.names) if (name.text) roles.set(name.start, reference(name.text));
    }
    for (const property of statement.props?.properties ?? []) {
      if (property.key.end > property.key.start) roles.set(property.key.start, { type: 'property', modifiers: [] });
      if (property.value) value(property.value, property.key.text === 'dlq');
    }
  }
  return roles;
}

/** Comments cut into one-line pieces, with the parts of suppression directives as macros. */
function commentTokens(doc: TopoDocument): SemanticToken[] {
  const comments = doc.file.comments;
  if (comments.length === 0) return [];
  const text = doc.text;
  const macros = new Map<number, { start: number; end: number }[]>();
  if (comments.some((comment) => !comment.block && comment.text.includes('topo-ignore'))) {
    for (const suppression of parseSuppressions(doc, new LineIndex(text))) {
      const directive = suppression.scope === 'file' ? 'topo-ignore-file' : 'topo-ignore-next-line';
      const at = suppression.comment.start + 2 + suppression.comment.text.indexOf(directive);
      macros.set(suppression.comment.start, [{ start: at, end: at + directive.length }, ...suppression.entries.map((entry) => ({ start: entry.start, end: entry.end }))]);
    }
  }
  const out: SemanticToken[] = [];
  const piece = (start: number, end: number, type: TokenType): void => {
    if (end > start) out.push({ start, length: end - start, type, modifiers: [] });
  };
  for (const comment of comments) {
    const parts = macros.get(comment.start);
    if (parts) {
      let at = comment.start;
      for (const part of parts) {
        piece(at, part.start, 'comment');
        piece(part.start, part.end, 'macro');
        at = part.end;
      }
      piece(at, comment.end, 'comment');
      continue;
    }
    // A block comment over several lines: one token per line (LSP's tokens do not span line breaks).
    let lineStart = comment.start;
    while (lineStart < comment.end) {
      const lineBreak = lineBreakIn(text, lineStart, comment.end);
      const lineEnd = lineBreak < 0 ? comment.end : lineBreak;
      piece(lineStart, lineEnd, 'comment');
      lineStart = lineEnd + Math.max(1, lineBreakLength(text, lineEnd));
    }
  }
  return out;
}
