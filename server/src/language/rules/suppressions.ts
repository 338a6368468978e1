// Suppression comments: `// topo-ignore-next-line RULE[, RULE] -- reason` and
// `// topo-ignore-file RULE[, RULE]`. A suppression that silences nothing is
// itself reported, so stale ones do not pile up.

import type { Comment } from '../syntax/ast';
import type { TopoDocument } from '../model/model';
import { LineIndex } from '../util/lineIndex';

export interface SuppressionEntry {
  ruleId: string;
  /** The span of the rule id inside the comment. */
  start: number;
  end: number;
  used: boolean;
}

export interface Suppression {
  scope: 'next-line' | 'file';
  comment: Comment;
  /** The line the suppression silences (next-line only), 0-based. */
  line: number;
  entries: SuppressionEntry[];
}

const DIRECTIVE = /^(\s*)(topo-ignore-next-line|topo-ignore-file)(?=\s|$)/;

export function parseSuppressions(doc: TopoDocument, lines: LineIndex): Suppression[] {
  const suppressions: Suppression[] = [];
  for (const comment of doc.file.comments) {
    if (comment.block) continue;
    const match = DIRECTIVE.exec(comment.text);
    if (!match) continue;
    const scope = match[2] === 'topo-ignore-file' ? 'file' : 'next-line';
    const bodyStart = comment.start + 2 + match[0].length;
    const rest = comment.text.slice(match[0].length);
    const reasonAt = rest.indexOf('--');
    const list = reasonAt >= 0 ? rest.slice(0, reasonAt) : rest;
    const entries: SuppressionEntry[] = [];
    const idPattern = /[^\s,]+/g;
    for (let m = idPattern.exec(list); m; m = idPattern.exec(list)) {
      entries.push({ ruleId: m[0], start: bodyStart + m.index, end: bodyStart + m.index + m[0].length, used: false });
    }
    suppressions.push({ scope, comment, line: lines.lineOf(comment.start) + 1, entries });
  }
  return suppressions;
}
