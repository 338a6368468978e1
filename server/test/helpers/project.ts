// Builds in-memory projects for tests and renders findings with 1-based positions.

import { parseDocument, TopoDocument } from '../../src/language/model/model';
import { lintDocuments, LintResult } from '../../src/language/lint';
import { defaultConfig } from '../../src/language/config/config';
import { RULES } from '../../src/language/rules/registry';
import type { Finding, TextEdit } from '../../src/language/rules/types';
import { LineIndex } from '../../src/language/util/lineIndex';

/** A single file's text (named main.topo) or a map of path to text. */
export type Files = string | Record<string, string>;

export function documents(files: Files): TopoDocument[] {
  const entries = typeof files === 'string' ? { 'main.topo': files } : files;
  return Object.entries(entries).map(([path, text]) => parseDocument(path, text));
}

export interface RuleConfig {
  [ruleId: string]: { severity?: 'error' | 'warning' | 'info' | 'off'; options?: Record<string, number> };
}

export function lint(files: Files, config: RuleConfig = {}): LintResult {
  const resolved = defaultConfig(RULES);
  for (const [id, setting] of Object.entries(config)) {
    const current = resolved.get(id)!;
    resolved.set(id, { severity: setting.severity ?? current.severity, options: { ...current.options, ...setting.options } });
  }
  return lintDocuments(documents(files), resolved);
}

/** "line:col-line:col", 1-based, of a span in a text. */
export function spanText(text: string, start: number, end: number): string {
  const lines = new LineIndex(text);
  const a = lines.positionAt(start);
  const b = lines.positionAt(end);
  return `${a.line + 1}:${a.character + 1}-${b.line + 1}:${b.character + 1}`;
}

export function textOf(files: Files, path: string): string {
  return typeof files === 'string' ? files : files[path]!;
}

/** Applies edits (any order, non-overlapping) to the texts they target. */
export function applyEdits(files: Files, edits: readonly TextEdit[]): Record<string, string> {
  const texts: Record<string, string> = typeof files === 'string' ? { 'main.topo': files } : { ...files };
  const byPath = new Map<string, TextEdit[]>();
  for (const edit of edits) byPath.set(edit.path, [...(byPath.get(edit.path) ?? []), edit]);
  for (const [path, list] of byPath) {
    let text = texts[path] ?? '';
    // Last edit first; inserts at the same offset keep their list order, as in LSP.
    const ordered = list.map((edit, index) => ({ edit, index })).sort((a, b) => b.edit.start - a.edit.start || b.edit.end - a.edit.end || b.index - a.index);
    for (const { edit } of ordered) {
      text = text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
    }
    texts[path] = text;
  }
  return texts;
}

export function describeFinding(files: Files, finding: Finding): string {
  return `${finding.path}:${spanText(textOf(files, finding.path), finding.start, finding.end)} ${finding.ruleId}: ${finding.message}`;
}
