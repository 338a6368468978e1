// Property tests: whatever the input — random text, random bytes, mutated valid
// programs, truncated samples, deep nesting, huge lines — the parser, the model,
// the figures and every rule return normally, with ranges inside the document.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from '../src/language/syntax/parser';
import { KINDS, SourceFile, Statement } from '../src/language/syntax/ast';
import { parseDocument } from '../src/language/model/model';
import { lintDocuments } from '../src/language/lint';

const RUNS = Number(process.env['TOPO_FUZZ_RUNS'] ?? 300);

function checkSpans(file: SourceFile): void {
  const length = file.text.length;
  const inside = (start: number, end: number, what: string) => {
    assert.ok(start >= 0 && start <= end && end <= length, `${what} span ${start}-${end} outside 0-${length}`);
  };
  for (const d of file.diagnostics) inside(d.start, d.end, `diagnostic "${d.message}"`);
  const stack: Statement[] = [...file.statements];
  while (stack.length) {
    const statement = stack.pop()!;
    inside(statement.start, statement.end, statement.type);
    if (statement.type === 'group') stack.push(...statement.body);
    if (statement.type === 'link') for (const name of statement.names) inside(name.start, name.end, 'link name');
  }
}

/** Parses and lints the texts as one project; asserts every range lies inside its document. */
function lintAll(texts: Record<string, string>): void {
  const documents = Object.entries(texts).map(([path, text]) => parseDocument(path, text));
  for (const doc of documents) checkSpans(doc.file);
  const { findings, figures, model } = lintDocuments(documents);
  const lengths = new Map(documents.map((doc) => [doc.path, doc.text.length]));
  for (const finding of findings) {
    const length = lengths.get(finding.path);
    assert.ok(length !== undefined, `finding in unknown file ${finding.path}`);
    assert.ok(finding.start >= 0 && finding.start <= finding.end && finding.end <= length, `${finding.ruleId} range outside the document`);
    for (const fix of finding.fixes) {
      for (const edit of fix.edits) {
        const target = lengths.get(edit.path);
        assert.ok(target !== undefined && edit.start >= 0 && edit.start <= edit.end && edit.end <= target, `${finding.ruleId} fix edit outside the document`);
      }
    }
  }
  for (const element of model.elements) {
    figures.responseTime(element);
    figures.availability(element);
    figures.missingLatencies(element);
    figures.syncDepth(element);
  }
}

// ---- a grammar-aware generator of Topo programs ------------------------------

const NAMES = ['A', 'B', 'C', 'Orders', 'Payments', 'Q', 'T', 'Dlq', 'Db', 'User'];
const name = fc.constantFrom(...NAMES);
const value = fc.oneof(
  fc.constantFrom('5ms', '1.5s', '2m', '1h', '99.9%', '101%', '3', '0', 'true', 'false', 'strong', 'eventual', 'grpc', 'Dlq', '"text"', '"a \\"quoted\\" \\n value"', '[]', '["a", b,]'),
  name,
);
const key = fc.constantFrom('latency', 'availability', 'timeout', 'retries', 'dlq', 'delay', 'monitored', 'critical', 'idempotent', 'parallel', 'outbox', 'budget', 'slo', 'await', 'consistency', 'protocol', 'circuit_breaker', 'tags', 'description', 'latncy');
const props = fc.array(fc.tuple(key, value), { maxLength: 4 }).map((pairs) => (pairs.length ? ` { ${pairs.map(([k, v]) => `${k}: ${v}`).join(', ')} }` : ''));
const label = fc.option(fc.constantFrom('"label"', '"Place order"', '""'), { nil: undefined }).map((l) => (l ? ` ${l}` : ''));
const element = fc.tuple(fc.constantFrom(...KINDS), name, label, props).map(([kind, n, l, p]) => `${kind} ${n}${l}${p}`);
const link = fc
  .tuple(name, fc.array(fc.tuple(fc.constantFrom('->', '~>'), name), { minLength: 1, maxLength: 3 }), label, props)
  .map(([first, hops, l, p]) => `${first}${hops.map(([arrow, n]) => ` ${arrow} ${n}`).join('')}${l}${p}`);
const statement: fc.Arbitrary<string> = fc.letrec<{ statement: string }>((tie) => ({
  statement: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    element,
    link,
    fc.tuple(name, fc.array(tie('statement'), { maxLength: 3 })).map(([n, body]) => `group G${n} {\n${body.join('\n')}\n}`),
  ),
})).statement;
const program = fc.array(statement, { maxLength: 12 }).map((statements) => `// generated\n${statements.join('\n')}\n`);

/** Token-level mutations of a valid program: drop, duplicate, swap, truncate. */
const mutated = fc
  .tuple(program, fc.array(fc.tuple(fc.constantFrom('drop', 'dup', 'swap', 'cut'), fc.nat(), fc.nat()), { maxLength: 4 }))
  .map(([text, mutations]) => {
    let tokens = text.split(/(\s+)/);
    for (const [kind, a, b] of mutations) {
      if (tokens.length === 0) break;
      const i = a % tokens.length;
      const j = b % tokens.length;
      if (kind === 'drop') tokens.splice(i, 1);
      else if (kind === 'dup') tokens.splice(i, 0, tokens[i]!);
      else if (kind === 'swap') [tokens[i], tokens[j]] = [tokens[j]!, tokens[i]!];
      else tokens = tokens.slice(0, i);
    }
    return tokens.join('');
  });

test('random text never makes the parser or the rules throw', () => {
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => lintAll({ 'a.topo': text })), { numRuns: RUNS });
});

test('random text from the language alphabet never makes the parser or the rules throw', () => {
  const alphabet = fc.constantFrom(...'service queue -> ~> { } [ ] , : " \\ / * 5ms 99% A B Q \n group topo-ignore-next-line'.split(' '), ' ', '\n', '//', '/*', '*/');
  fc.assert(fc.property(fc.array(alphabet, { maxLength: 200 }), (parts) => lintAll({ 'a.topo': parts.join('') })), { numRuns: RUNS });
});

test('random bytes, decoded as a file would be, never make anything throw', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 500 }), (bytes) => lintAll({ 'a.topo': Buffer.from(bytes).toString('utf8') })),
    { numRuns: RUNS },
  );
});

test('generated programs parse without syntax errors and lint without throwing', () => {
  fc.assert(
    fc.property(program, (text) => {
      const file = parse(text);
      assert.deepEqual(file.diagnostics.map((d) => d.message), []);
      lintAll({ 'a.topo': text });
    }),
    { numRuns: RUNS },
  );
});

test('mutated programs, split across files, never make anything throw', () => {
  fc.assert(fc.property(mutated, mutated, (a, b) => lintAll({ 'a.topo': a, 'b.topo': b })), { numRuns: RUNS });
});

function sampleProjects(): Record<string, string>[] {
  const root = join(__dirname, '..', '..', 'samples');
  const projects: Record<string, string>[] = [];
  let folders: string[] = [];
  try {
    folders = readdirSync(root).filter((entry) => statSync(join(root, entry)).isDirectory());
  } catch {
    return projects;
  }
  for (const folder of folders) {
    const files: Record<string, string> = {};
    for (const entry of readdirSync(join(root, folder))) {
      if (entry.endsWith('.topo')) files[entry] = readFileSync(join(root, folder, entry), 'utf8');
    }
    if (Object.keys(files).length) projects.push(files);
  }
  return projects;
}

test('every truncation point of the samples lints without throwing', () => {
  const projects = sampleProjects();
  assert.ok(projects.length >= 3, 'the samples are there');
  fc.assert(
    fc.property(fc.nat({ max: projects.length - 1 }), fc.nat(), fc.nat(), (p, f, cut) => {
      const files = { ...projects[p]! };
      const paths = Object.keys(files);
      const path = paths[f % paths.length]!;
      files[path] = files[path]!.slice(0, cut % (files[path]!.length + 1));
      lintAll(files);
    }),
    { numRuns: RUNS },
  );
});

test('10,000 nested groups, closed and unclosed, parse without exhausting the stack', () => {
  const depth = 10_000;
  const closed = `${'group G {\n'.repeat(depth)}service A\n${'}\n'.repeat(depth)}`;
  const file = parse(closed);
  assert.deepEqual(file.diagnostics, []);
  lintAll({ 'a.topo': closed });
  const unclosed = `${'group G {\n'.repeat(depth)}service A\n`;
  assert.equal(parse(unclosed).diagnostics.length, depth);
  lintAll({ 'a.topo': unclosed });
});

test('deeply nested lists are cut off with an error, not a crash', () => {
  const text = `service A { tags: ${'['.repeat(10_000)}${']'.repeat(10_000)} }`;
  const file = parse(text);
  assert.match(file.diagnostics[0]!.message, /lists nested more than 64 deep/);
  lintAll({ 'a.topo': text });
});

test('very long lines and NUL bytes', () => {
  lintAll({ 'a.topo': `service ${'A'.repeat(1_000_000)}\n` });
  lintAll({ 'a.topo': `service A "${'x'.repeat(1_000_000)}"\n${'A -> B '.repeat(50_000)}` });
  lintAll({ 'a.topo': 'service A\u0000\nA -> B\u0000' });
  const file = parse('service A\u0000');
  assert.match(file.diagnostics[0]!.message, /unexpected control character U\+0000/);
});
