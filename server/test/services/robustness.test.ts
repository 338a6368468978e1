// Property test: every editor service, called at every offset of random broken
// programs (generated, then mutated token by token and salted with stray
// characters), returns normally, and every range it returns lies inside its
// document. The generator is this file's own.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { lint } from '../helpers/project';
import { hover } from '../../src/language/services/hover';
import { complete } from '../../src/language/services/completion';
import { definition, prepareRename, references, rename } from '../../src/language/services/navigation';
import { documentSymbols, workspaceSymbols, type DocumentSymbol } from '../../src/language/services/symbols';
import { semanticTokens } from '../../src/language/services/semanticTokens';
import { foldingRanges } from '../../src/language/services/folding';
import { checkTokens } from './fixture';

const RUNS = Number(process.env['TOPO_FUZZ_RUNS'] ?? 100);

// ---- a small generator of Topo programs -------------------------------------------

const NAMES = ['A', 'B', 'Orders', 'Q', 'T', 'Dlq', 'Db', 'User', 'Über'];
const name = fc.constantFrom(...NAMES);
const value = fc.constantFrom('5ms', '2s', '99.9%', '3', 'true', 'false', 'strong', 'eventual', 'grpc', 'Dlq', 'Q', '"text"', '["x", y]', '[[', '');
const key = fc.constantFrom('latency', 'availability', 'timeout', 'retries', 'dlq', 'delay', 'monitored', 'critical', 'idempotent', 'await', 'consistency', 'protocol', 'tags', 'description', 'budget', 'slo', 'oops');
const props = fc
  .array(fc.tuple(key, value, fc.constantFrom(', ', '\n  ', ' ')), { maxLength: 4 })
  .map((entries) => (entries.length ? ` { ${entries.map(([k, v, sep]) => `${k}: ${v}${sep}`).join('')}}` : ''));
const label = fc.constantFrom('', ' "label"', ' "[x](javascript:alert(1)) <img> `*`"');
const kind = fc.constantFrom('actor', 'client', 'gateway', 'service', 'worker', 'database', 'cache', 'queue', 'topic', 'external');
const element = fc.tuple(kind, name, label, props).map(([k, n, l, p]) => `${k} ${n}${l}${p}`);
const link = fc
  .tuple(name, fc.array(fc.tuple(fc.constantFrom(' -> ', ' ~> '), name), { minLength: 1, maxLength: 3 }), label, props)
  .map(([first, hops, l, p]) => `${first}${hops.map(([arrow, n]) => `${arrow}${n}`).join('')}${l}${p}`);
const comment = fc.constantFrom('// note', '/* block\n comment */', '// topo-ignore-next-line missing-timeout -- why', '// #region x', '// #endregion');
const statement = fc.oneof(element, link, comment);
const group = fc.tuple(name, fc.array(statement, { maxLength: 3 })).map(([n, body]) => `group G${n} {\n  ${body.join('\n  ')}\n}`);
const program = fc.array(fc.oneof(statement, group), { maxLength: 8 }).map((statements) => statements.join('\n'));

const STRAY = ['{', '}', '[', ']', '"', ':', ',', '->', '~>', '-', '~', '//', '/*', '*/', '\n', '\r\n', ' ', 'é', '😀', '\u0000', '%', '|', 'group', 'service'];

/** Mutations of a program: drop, duplicate, swap or cut its pieces (split at white space), insert stray characters. */
const mutated = fc
  .tuple(program, fc.array(fc.tuple(fc.constantFrom('drop', 'dup', 'swap', 'cut', 'insert'), fc.nat(), fc.nat()), { maxLength: 4 }))
  .map(([text, mutations]) => {
    let pieces = text.split(/(\s+)/);
    for (const [what, a, b] of mutations) {
      if (pieces.length === 0) break;
      const i = a % pieces.length;
      const j = b % pieces.length;
      if (what === 'drop') pieces.splice(i, 1);
      else if (what === 'dup') pieces.splice(i, 0, pieces[i]!);
      else if (what === 'swap') [pieces[i], pieces[j]] = [pieces[j]!, pieces[i]!];
      else if (what === 'cut') pieces = pieces.slice(0, i);
      else pieces.splice(i, 0, STRAY[b % STRAY.length]!);
    }
    return pieces.join('');
  });

// ---- the checks ----------------------------------------------------------------------------

function checkAllServices(files: Record<string, string>, query: string): void {
  const result = lint(files);
  const lengths = new Map(Object.entries(files).map(([path, text]) => [path, text.length]));
  const inside = (location: { path: string; start: number; end: number }, what: string): void => {
    const length = lengths.get(location.path);
    assert.ok(length !== undefined, `${what}: unknown file ${location.path}`);
    assert.ok(0 <= location.start && location.start <= location.end && location.end <= length, `${what}: ${location.start}-${location.end} outside 0-${length}`);
  };
  for (const symbol of workspaceSymbols(result, query)) inside(symbol, 'workspace symbol');
  for (const doc of result.model.documents) {
    const length = doc.text.length;
    const local = (start: number, end: number, what: string): void => inside({ path: doc.path, start, end }, what);
    checkTokens(doc.text, semanticTokens(doc, result));
    checkTokens(doc.text, semanticTokens(doc));
    for (const range of foldingRanges(doc)) local(range.start, range.end, 'folding range');
    const stack: DocumentSymbol[] = [...documentSymbols(doc)];
    while (stack.length > 0) {
      const symbol = stack.pop()!;
      assert.ok(symbol.name.length > 0, 'a symbol has a name');
      local(symbol.start, symbol.end, 'symbol');
      local(symbol.selectionStart, symbol.selectionEnd, 'symbol selection');
      assert.ok(symbol.start <= symbol.selectionStart && symbol.selectionEnd <= symbol.end, 'the selection lies in the symbol');
      stack.push(...symbol.children);
    }
    for (const offset of [-1, length + 3]) {
      hover(result, doc, offset);
      complete(result, doc, offset);
      definition(result, doc, offset);
      references(result, doc, offset, true);
      prepareRename(result, doc, offset);
      rename(result, doc, offset, 'Renamed');
    }
    for (let offset = 0; offset <= length; offset++) {
      const shown = hover(result, doc, offset);
      if (shown) {
        local(shown.start, shown.end, 'hover');
        assert.ok(shown.start <= offset && offset <= shown.end, 'the hover covers the cursor');
        assert.ok(shown.markdown.length > 0, 'a hover says something');
      }
      for (const item of complete(result, doc, offset).items) {
        local(item.replaceStart, item.replaceEnd, `completion ${item.label}`);
        assert.ok(item.replaceStart <= offset && offset <= item.replaceEnd, 'the completion range holds the cursor');
      }
      const target = definition(result, doc, offset);
      if (target) inside(target, 'definition');
      for (const location of references(result, doc, offset, true)) inside(location, 'reference');
      const prepared = prepareRename(result, doc, offset);
      if ('error' in prepared) assert.ok(prepared.error.length > 0);
      else {
        local(prepared.start, prepared.end, 'prepareRename');
        const renamed = rename(result, doc, offset, `${prepared.placeholder}2`);
        if ('edits' in renamed) {
          const seen = new Map<string, { start: number; end: number }[]>();
          for (const edit of renamed.edits) {
            inside(edit, 'rename edit');
            const list = seen.get(edit.path) ?? [];
            assert.ok(!list.some((other) => other.start < edit.end && edit.start < other.end), 'rename edits do not overlap');
            list.push(edit);
            seen.set(edit.path, list);
          }
        }
      }
    }
  }
}

test('every service at every offset of mutated programs returns normally, with ranges inside the document', () => {
  fc.assert(
    fc.property(mutated, mutated, fc.string({ maxLength: 4 }), (a, b, query) => checkAllServices({ 'a.topo': a, 'b.topo': b }, query)),
    { numRuns: RUNS },
  );
});

test('every service at every offset of random text from the language alphabet', () => {
  const alphabet = fc.constantFrom(...STRAY, 'A', 'B', 'Q', 'queue', '5ms', '99%', 'dlq', 'true', 'await', '"x"', '\\');
  fc.assert(
    fc.property(fc.array(alphabet, { maxLength: 120 }), (parts) => checkAllServices({ 'a.topo': parts.join('') }, parts[0] ?? '')),
    { numRuns: RUNS },
  );
});
