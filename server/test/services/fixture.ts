// Test fixtures for the editor services: in-memory projects whose text marks the
// cursor with one `|` (a character the language never uses), stripped before linting.

import assert from 'node:assert/strict';
import type { LintResult } from '../../src/language/lint';
import type { TopoDocument } from '../../src/language/model/model';
import { lint, spanText, type Files } from '../helpers/project';
import { TOKEN_MODIFIERS, TOKEN_TYPES, type SemanticToken } from '../../src/language/services/semanticTokens';

export const CURSOR = '|';

export interface Fixture {
  /** The project's texts, cursor removed. */
  files: Record<string, string>;
  result: LintResult;
  /** The document holding the cursor (main.topo for a single text). */
  doc: TopoDocument;
  offset: number;
}

/** Lints a project in which exactly one file holds one `|`; returns the cursor's document and offset. */
export function at(files: Files): Fixture {
  const entries = typeof files === 'string' ? { 'main.topo': files } : files;
  const stripped: Record<string, string> = {};
  let path: string | undefined;
  let offset = -1;
  for (const [name, text] of Object.entries(entries)) {
    const index = text.indexOf(CURSOR);
    if (index >= 0) {
      assert.equal(path, undefined, 'one cursor per project');
      assert.equal(text.indexOf(CURSOR, index + 1), -1, 'one cursor per file');
      path = name;
      offset = index;
      stripped[name] = text.slice(0, index) + text.slice(index + 1);
    } else stripped[name] = text;
  }
  assert.ok(path !== undefined, 'the project marks the cursor with |');
  const result = lint(stripped);
  const doc = result.model.documents.find((candidate) => candidate.path === path)!;
  return { files: stripped, result, doc, offset };
}

/** A project without a cursor. */
export function project(files: Files): { files: Record<string, string>; result: LintResult; doc(path?: string): TopoDocument } {
  const entries = typeof files === 'string' ? { 'main.topo': files } : files;
  const result = lint(entries);
  return {
    files: entries,
    result,
    doc: (path = 'main.topo') => result.model.documents.find((candidate) => candidate.path === path)!,
  };
}

/** "path line:col-line:col `text`" (1-based) of a range of a file of the project. */
export function where(files: Record<string, string>, location: { path: string; start: number; end: number }): string {
  const text = files[location.path];
  assert.ok(text !== undefined, `no file ${location.path}`);
  return `${location.path} ${spanText(text, location.start, location.end)} ${text.slice(location.start, location.end)}`;
}

/** The invariants the LSP encoding of semantic tokens relies on: sorted, not overlapping, not empty, inside the text, never across a line break, in the legend. */
export function checkTokens(text: string, tokens: readonly SemanticToken[]): void {
  let end = 0;
  for (const token of tokens) {
    assert.ok(token.length > 0, 'no empty token');
    assert.ok(token.start >= end, `token at ${token.start} overlaps or is out of order`);
    end = token.start + token.length;
    assert.ok(end <= text.length, 'inside the document');
    assert.ok(!/[\r\n]/.test(text.slice(token.start, end)), `token at ${token.start} spans a line break`);
    assert.ok(TOKEN_TYPES.includes(token.type), token.type);
    for (const modifier of token.modifiers) assert.ok(TOKEN_MODIFIERS.includes(modifier), modifier);
  }
}
