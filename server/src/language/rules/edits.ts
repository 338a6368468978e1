// Text edits that rules use to build their fixes.

import type { ElementNode, LinkNode, PropertyBlock } from '../syntax/ast';
import type { Model, TopoDocument } from '../model/model';
import type { TextEdit } from './types';
import { isLineBreak, lineBreakIn, lineStartAt } from '../util/lineIndex';

/** Sets `key: value` on an element or link: replaces the value if the key is there, else adds the property. */
export function setProperty(doc: TopoDocument, owner: ElementNode | LinkNode, key: string, value: string): TextEdit {
  const block = owner.props;
  if (!block) return { path: doc.path, start: owner.end, end: owner.end, newText: ` { ${key}: ${value} }` };
  const existing = block.properties.find((property) => property.key.text === key);
  if (existing) {
    if (existing.value) return { path: doc.path, start: existing.value.start, end: existing.value.end, newText: value };
    return { path: doc.path, start: existing.start, end: existing.end, newText: `${key}: ${value}` };
  }
  return addProperty(doc, block, key, value);
}

function addProperty(doc: TopoDocument, block: PropertyBlock, key: string, value: string): TextEdit {
  const last = block.properties.at(-1);
  if (!last) {
    const end = block.closed ? block.end : block.start + 1;
    return { path: doc.path, start: block.start, end, newText: `{ ${key}: ${value} }` };
  }
  const text = doc.text;
  if (lineBreakIn(text, block.start, block.end) >= 0) {
    const lineStart = lineStartAt(text, last.start);
    const indent = /^[ \t]*/.exec(text.slice(lineStart, last.start))![0];
    const prefix = lineStart === lineStartAt(text, block.start) ? '\n  ' : `\n${indent}`;
    return { path: doc.path, start: last.end, end: last.end, newText: `${prefix}${key}: ${value}` };
  }
  return { path: doc.path, start: last.end, end: last.end, newText: `, ${key}: ${value}` };
}

/** Appends a statement on a line of its own at the end of the file. */
export function appendStatement(doc: TopoDocument, statement: string): TextEdit {
  const text = doc.text;
  const end = text.length;
  const needsBreak = end > 0 && !isLineBreak(text.charCodeAt(end - 1));
  return { path: doc.path, start: end, end, newText: `${needsBreak ? '\n' : ''}${statement}\n` };
}

/** A name not yet declared in the model: `base`, else `base2`, `base3`, … */
export function freshName(model: Model, base: string): string {
  if (!model.byName.has(base)) return base;
  for (let i = 2; ; i++) if (!model.byName.has(`${base}${i}`)) return `${base}${i}`;
}

/** Formats milliseconds as the shortest exact duration literal (1500 → 1.5s, 120000 → 2m). */
export function formatDuration(ms: number): string {
  if (ms >= 3_600_000 && ms % 360_000 === 0) return `${ms / 3_600_000}h`;
  if (ms >= 60_000 && ms % 6_000 === 0) return `${ms / 60_000}m`;
  if (ms >= 1000 && ms % 100 === 0) return `${ms / 1000}s`;
  return `${Math.round(ms * 1000) / 1000}ms`;
}

/**
 * The timeout a fix proposes for a call that needs `needed` ms: twice that, rounded up
 * to 100ms, or 1s when the need is unknown. missing-timeout and timeout-below-latency
 * share it, so accepting either fix leaves a timeout the other accepts.
 */
export function suggestedTimeout(needed: number | undefined): string {
  if (needed === undefined || needed <= 0) return '1s';
  return formatDuration(Math.ceil((needed * 2) / 100) * 100);
}
