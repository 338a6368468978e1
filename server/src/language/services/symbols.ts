// Symbols: the outline of one document and the project-wide symbol search.
//
//   documentSymbols(doc) → DocumentSymbol[]
//     a tree: groups contain what is written in them; each element lists the links
//     that leave it (one symbol per hop of a chain, `A -> B`, with its `arrow`) when
//     it is declared in the same file; a link whose source is declared elsewhere (or
//     nowhere) stays where it is written. Groups nest at most MAX_OUTLINE_DEPTH deep:
//     what is deeper is listed in the deepest group shown (editors and JSON walk the
//     tree recursively). start/end is the whole construct,
//     selectionStart/End its name (for a hop, `A -> B`). Only the document's syntax
//     is needed, so it takes no model.
//   workspaceSymbols(result, query) → WorkspaceSymbol[]
//     elements and groups of every file whose name contains the query's characters
//     in order (case-insensitive); the closest matches first, at most `limit` (500).
//
// Offsets are UTF-16 offsets into the document's text.

import type { ElementNode, GroupNode, Kind, LinkNode } from '../syntax/ast';
import type { TopoDocument } from '../model/model';
import type { LintResult } from '../lint';
import { comparePaths, walkStatements } from './locate';
import { isAwaited } from './catalogue';

export interface DocumentSymbol {
  name: string;
  detail: string;
  kind: 'group' | 'element' | 'link';
  /** For elements. */
  elementKind?: Kind;
  /** For links: the hop's arrow. */
  arrow?: '->' | '~>';
  start: number;
  end: number;
  selectionStart: number;
  selectionEnd: number;
  children: DocumentSymbol[];
}

/** The deepest nesting of groups the outline shows (the formatter refuses deeper files too). */
export const MAX_OUTLINE_DEPTH = 100;

export function documentSymbols(doc: TopoDocument): DocumentSymbol[] {
  const roots: DocumentSymbol[] = [];
  const containers = new Map<GroupNode, DocumentSymbol>();
  /** The first element declared in this file under each name. */
  const declared = new Map<string, DocumentSymbol>();
  const links: { node: LinkNode; parent: DocumentSymbol[] }[] = [];
  walkStatements(doc.file, (statement, groups) => {
    const group = groups[Math.min(groups.length, MAX_OUTLINE_DEPTH) - 1];
    const siblings = group ? containers.get(group)!.children : roots;
    if (statement.type === 'group') {
      const symbol: DocumentSymbol = {
        name: statement.name.text || '(unnamed group)',
        detail: statement.label ? statement.label.value : 'group',
        kind: 'group',
        start: statement.start,
        end: statement.end,
        selectionStart: statement.name.text ? statement.name.start : statement.keywordSpan.start,
        selectionEnd: statement.name.text ? statement.name.end : statement.keywordSpan.end,
        children: [],
      };
      // A group deeper than the outline shows is listed, without children, beside what it holds.
      if (groups.length < MAX_OUTLINE_DEPTH) containers.set(statement, symbol);
      siblings.push(symbol);
    } else if (statement.type === 'element') {
      if (!statement.name.text) return;
      const symbol = elementSymbol(statement);
      siblings.push(symbol);
      if (!declared.has(statement.name.text)) declared.set(statement.name.text, symbol);
    } else {
      links.push({ node: statement, parent: siblings });
    }
  });
  // Links after the declarations, so that a link written before its source's declaration still finds it.
  for (const { node, parent } of links) {
    for (let hop = 0; hop < node.arrows.length; hop++) {
      const from = node.names[hop]!;
      const to = node.names[hop + 1]!;
      if (!from.text || !to.text) continue;
      const arrow = node.arrows[hop]!;
      const last = hop === node.arrows.length - 1;
      const kind = arrow.sync ? 'sync' : isAwaited(node) ? 'async, awaited' : 'async';
      const symbol: DocumentSymbol = {
        name: `${from.text} ${arrow.sync ? '->' : '~>'} ${to.text}`,
        detail: node.label ? `${kind} · ${node.label.value}` : kind,
        kind: 'link',
        arrow: arrow.sync ? '->' : '~>',
        start: hop === 0 ? node.start : from.start,
        end: last ? node.end : to.end,
        selectionStart: from.start,
        selectionEnd: to.end,
        children: [],
      };
      (declared.get(from.text)?.children ?? parent).push(symbol);
    }
  }
  sortTree(roots);
  return roots;
}

function elementSymbol(node: ElementNode): DocumentSymbol {
  return {
    name: node.name.text,
    detail: node.label ? `${node.kind} · ${node.label.value}` : node.kind,
    kind: 'element',
    elementKind: node.kind,
    start: node.start,
    end: node.end,
    selectionStart: node.name.start,
    selectionEnd: node.name.end,
    children: [],
  };
}

/** Source order at every level (links attached to an element come after its earlier siblings were pushed). */
function sortTree(roots: DocumentSymbol[]): void {
  const stack = [roots];
  while (stack.length > 0) {
    const list = stack.pop()!;
    list.sort((a, b) => a.start - b.start || a.selectionStart - b.selectionStart);
    for (const symbol of list) if (symbol.children.length) stack.push(symbol.children);
  }
}

// ---- workspace symbols ---------------------------------------------------------------

export interface WorkspaceSymbol {
  name: string;
  kind: 'group' | 'element';
  /** For elements. */
  elementKind?: Kind;
  path: string;
  /** The name's span. */
  start: number;
  end: number;
  /** The innermost enclosing group's name, if any. */
  container?: string;
}

export const WORKSPACE_SYMBOL_LIMIT = 500;

export function workspaceSymbols(result: LintResult, query: string, limit = WORKSPACE_SYMBOL_LIMIT): WorkspaceSymbol[] {
  const needle = query.toLowerCase().replace(/\s+/g, '');
  const scored: { symbol: WorkspaceSymbol; score: number }[] = [];
  for (const doc of result.model.documents) {
    walkStatements(doc.file, (statement, groups) => {
      if (statement.type === 'link' || !statement.name.text) return;
      const score = matchScore(needle, statement.name.text);
      if (score < 0) return;
      const container = groups[groups.length - 1]?.name.text;
      const symbol: WorkspaceSymbol = {
        name: statement.name.text,
        kind: statement.type,
        path: doc.path,
        start: statement.name.start,
        end: statement.name.end,
      };
      if (statement.type === 'element') symbol.elementKind = statement.kind;
      if (container) symbol.container = container;
      scored.push({ symbol, score });
    });
  }
  scored.sort(
    (a, b) =>
      a.score - b.score ||
      a.symbol.name.length - b.symbol.name.length ||
      (a.symbol.name < b.symbol.name ? -1 : a.symbol.name > b.symbol.name ? 1 : 0) ||
      comparePaths(a.symbol.path, b.symbol.path) ||
      a.symbol.start - b.symbol.start,
  );
  return scored.slice(0, Math.max(0, limit)).map((entry) => entry.symbol);
}

/**
 * How well a name matches a lower-case query, lower is better, -1 for no match:
 * 0 equal, 1 prefix, 2 substring, then 3 + the gaps of the subsequence match
 * (its characters found in order, each as early as possible).
 */
export function matchScore(needle: string, name: string): number {
  if (needle.length === 0) return 0;
  const hay = name.toLowerCase();
  if (hay === needle) return 0;
  if (hay.startsWith(needle)) return 1;
  if (hay.includes(needle)) return 2;
  let at = 0;
  let gaps = 0;
  for (const ch of needle) {
    const found = hay.indexOf(ch, at);
    if (found < 0) return -1;
    if (found > at) gaps++;
    at = found + ch.length;
  }
  return 3 + gaps;
}
