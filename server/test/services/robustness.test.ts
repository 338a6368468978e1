// Property test: every editor service, called at every offset of random broken
// programs (generated, then mutated token by token and salted with stray
// characters), returns normally, and every range it returns lies inside its
// document. The generator is this file's own; the checks are helpers/invariants.ts.

import { test } from 'node:test';
import fc from 'fast-check';
import { lint } from '../helpers/project';
import { checkServices } from '../helpers/invariants';
import { assertProperty } from '../helpers/property';

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

test('every service at every offset of mutated programs returns normally, with ranges inside the document', () => {
  assertProperty(
    fc.property(mutated, mutated, fc.string({ maxLength: 4 }), (a, b, query) => checkServices(lint({ 'a.topo': a, 'b.topo': b }), query)),
    { numRuns: RUNS },
  );
});

test('every service at every offset of random text from the language alphabet', () => {
  const alphabet = fc.constantFrom(...STRAY, 'A', 'B', 'Q', 'queue', '5ms', '99%', 'dlq', 'true', 'await', '"x"', '\\');
  assertProperty(
    fc.property(fc.array(alphabet, { maxLength: 120 }), (parts) => checkServices(lint({ 'a.topo': parts.join('') }), parts[0] ?? '')),
    { numRuns: RUNS },
  );
});
