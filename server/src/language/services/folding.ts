// Folding ranges of a document: groups, multi-line property blocks and lists,
// multi-line block comments, runs of consecutive line comments, and
// `// #region` … `// #endregion` markers.
//
//   foldingRanges(doc) → { start, end, kind? }[]
//
// Offsets, sorted by start. A range folds the lines from the line of `start` to
// the line of `end`, both included: for a brace or bracket, `start` is the opening
// delimiter and `end` the end of the last thing before the closing one, so the
// closing line stays visible (the shell only converts both offsets to lines). Only
// ranges that cover at least two lines are returned.

import type { Span, Value } from '../syntax/ast';
import type { TopoDocument } from '../model/model';
import { LineIndex } from '../util/lineIndex';
import { walkStatements } from './locate';

export interface FoldingRange {
  start: number;
  end: number;
  kind?: 'comment' | 'region';
}

export function foldingRanges(doc: TopoDocument): FoldingRange[] {
  const text = doc.text;
  const ranges: FoldingRange[] = [];
  const lines = new LineIndex(text);
  const add = (start: number, end: number, kind?: FoldingRange['kind']): void => {
    if (end > start && lines.lineOf(start) < lines.lineOf(end)) ranges.push(kind ? { start, end, kind } : { start, end });
  };
  /** A delimited body: from the opening delimiter to the end of the content before the closing one (or the end of an unclosed one). */
  const body = (open: number, close: number | undefined, unclosedEnd: number): void => {
    add(open, close === undefined ? unclosedEnd : contentEnd(text, open + 1, close));
  };
  const list = (value: Value | undefined): void => {
    const stack = value ? [value] : [];
    while (stack.length > 0) {
      const current = stack.pop()!;
      if (current.type !== 'list') continue;
      const closed = text.charCodeAt(current.end - 1) === 93 /* ] */ && current.end - current.start >= 2;
      body(current.start, closed ? current.end - 1 : undefined, current.end);
      stack.push(...current.items);
    }
  };
  walkStatements(doc.file, (statement) => {
    if (statement.type === 'group') {
      if (statement.open) body(statement.open.start, statement.close?.start, statement.end);
      return;
    }
    const block = statement.props;
    if (!block) return;
    body(block.start, block.closed ? block.end - 1 : undefined, block.end);
    for (const property of block.properties) list(property.value);
  });
  commentRanges(doc, lines, add);
  return ranges.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** The end of the last non-blank character in [from, to), or `from` when there is none. */
function contentEnd(text: string, from: number, to: number): number {
  let end = to;
  while (end > from) {
    const c = text.charCodeAt(end - 1);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
    end--;
  }
  return end;
}

const REGION = /^\s*#(end)?region\b/;

function commentRanges(doc: TopoDocument, lines: LineIndex, add: (start: number, end: number, kind?: FoldingRange['kind']) => void): void {
  const text = doc.text;
  let run: Span | undefined;
  let runLine = -1;
  const regions: number[] = [];
  const flush = (): void => {
    if (run) add(run.start, run.end, 'comment');
    run = undefined;
  };
  for (const comment of doc.file.comments) {
    if (comment.block) {
      flush();
      add(comment.start, comment.end, 'comment');
      continue;
    }
    const line = lines.lineOf(comment.start);
    const marker = REGION.exec(comment.text);
    if (marker) {
      // Region markers open and close regions; they do not join a run of comments.
      flush();
      if (marker[1]) {
        const open = regions.pop();
        if (open !== undefined) add(open, comment.end, 'region');
      } else regions.push(comment.start);
      continue;
    }
    const alone = text.slice(lines.lineStart(line), comment.start).trim() === '';
    if (!alone) {
      flush();
      continue;
    }
    if (run && line === runLine + 1) run = { start: run.start, end: comment.end };
    else {
      flush();
      run = { start: comment.start, end: comment.end };
    }
    runLine = line;
  }
  flush();
}
