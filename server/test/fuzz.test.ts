// Property tests: whatever the input — random text, random bytes (invalid UTF-8 among
// them, decoded as the CLI decodes a file), mutated valid programs, truncated samples,
// deep nesting, huge lines, a 10 MB file — the parser, the model, the figures and every
// rule return normally, with ranges inside the document; the formatter refuses only a
// file with a syntax error and is idempotent and keeps the model when it formats; every
// view of the diagram is valid Mermaid. The checks are helpers/invariants.ts, shared with
// the replay of the regression corpus (fuzz-regressions.test.ts): a failing property
// prints its counterexample, which goes into that corpus.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from '../src/language/syntax/parser';
import { KINDS } from '../src/language/syntax/ast';
import { checkDiagrams, checkFormatting, checkLint, checkServices } from './helpers/invariants';
import { assertProperty } from './helpers/property';
import { CliError } from '../src/cli/errors';
import { decodeSourceText } from '../src/cli/files';
import { generateProject } from '../../scripts/generate-project';

const RUNS = Number(process.env['TOPO_FUZZ_RUNS'] ?? 300);

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

/** Pieces a mutation may insert: the characters that break strings, comments, lines and encodings. */
const STRAY = ['{', '}', '[', ']', '"', ':', ',', '->', '~>', '//', '/*', '*/', '\\', '\n', '\r', '\r\n', '\t', '\u0000', '\uFEFF', '\u2028', '\uD800', '\uDFFF', '\uFFFD', '😀', 'é', '5ms', '%', 'group', 'service'];

/** Token-level mutations of a valid program: drop, duplicate, swap, truncate, insert a stray piece. */
const mutated = fc
  .tuple(program, fc.array(fc.tuple(fc.constantFrom('drop', 'dup', 'swap', 'cut', 'insert'), fc.nat(), fc.nat()), { maxLength: 4 }))
  .map(([text, mutations]) => {
    let tokens = text.split(/(\s+)/);
    for (const [kind, a, b] of mutations) {
      if (tokens.length === 0) break;
      const i = a % tokens.length;
      const j = b % tokens.length;
      if (kind === 'drop') tokens.splice(i, 1);
      else if (kind === 'dup') tokens.splice(i, 0, tokens[i]!);
      else if (kind === 'swap') [tokens[i], tokens[j]] = [tokens[j]!, tokens[i]!];
      else if (kind === 'cut') tokens = tokens.slice(0, i);
      else tokens.splice(i, 0, STRAY[b % STRAY.length]!);
    }
    return tokens.join('');
  });

test('random text never makes the parser or the rules throw', () => {
  assertProperty(
    fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
      checkLint({ 'a.topo': text });
    }),
    { numRuns: RUNS },
  );
});

test('random text from the language alphabet never makes the parser or the rules throw', () => {
  const alphabet = fc.constantFrom(...'service queue -> ~> { } [ ] , : " \\ / * 5ms 99% A B Q \n group topo-ignore-next-line'.split(' '), ' ', '\n', '//', '/*', '*/');
  assertProperty(
    fc.property(fc.array(alphabet, { maxLength: 200 }), (parts) => {
      const text = parts.join('');
      checkLint({ 'a.topo': text });
      checkFormatting(text);
    }),
    { numRuns: RUNS },
  );
});

test('random bytes, decoded as an editor shows them (invalid sequences as U+FFFD), never make anything throw', () => {
  assertProperty(
    fc.property(fc.uint8Array({ maxLength: 500 }), (bytes) => {
      checkLint({ 'a.topo': Buffer.from(bytes).toString('utf8') });
    }),
    { numRuns: RUNS },
  );
});

/** Byte sequences that are not UTF-8: lone continuation bytes, overlong forms, encoded surrogates, code points past U+10FFFF, bytes UTF-8 never uses, sequences cut short. */
const INVALID_UTF8: readonly number[][] = [
  [0x80],
  [0xbf],
  [0xc0, 0x80],
  [0xc1, 0xbf],
  [0xe0, 0x80, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xed, 0xbf, 0xbf],
  [0xf4, 0x90, 0x80, 0x80],
  [0xf5, 0x80, 0x80, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xfe],
  [0xff],
  [0xe2, 0x82],
  [0xf0, 0x9f, 0x98],
  [0xc3],
];
/** Valid sequences that are edges of their own: a byte order mark, U+2028, an emoji, U+FFFD itself, NUL, CR, LF. */
const EDGY_UTF8: readonly number[][] = [[0xef, 0xbb, 0xbf], [0xe2, 0x80, 0xa8], [0xf0, 0x9f, 0x98, 0x80], [0xc3, 0xa9], [0xef, 0xbf, 0xbd], [0x00], [0x0d], [0x0a]];
const utf8Chunk = fc.oneof(
  { weight: 3, arbitrary: program.map((text) => [...Buffer.from(text, 'utf8')]) },
  { weight: 3, arbitrary: fc.constantFrom(...INVALID_UTF8) },
  { weight: 2, arbitrary: fc.constantFrom(...EDGY_UTF8) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 8 }).map((bytes) => [...bytes]) },
);

test('bytes with invalid UTF-8, decoded as the CLI decodes a file: refused in one line, or linted; as an editor shows them, linted', () => {
  assertProperty(
    fc.property(fc.array(utf8Chunk, { maxLength: 8 }), (chunks) => {
      const bytes = Buffer.from(chunks.flat());
      // What an editor shows: each invalid sequence as U+FFFD. The bytes are UTF-8 exactly when that round-trips.
      const shown = bytes.toString('utf8');
      const isText = Buffer.from(shown, 'utf8').equals(bytes) && !bytes.includes(0);
      let decoded: string | undefined;
      try {
        decoded = decodeSourceText(bytes, 'a.topo');
      } catch (error) {
        assert.ok(error instanceof CliError, `a CliError, not ${String(error)}`);
        assert.equal(error.message, bytes.includes(0) ? 'a.topo: not a text file (it contains NUL bytes)' : 'a.topo: not valid UTF-8 text');
      }
      assert.equal(decoded !== undefined, isText, 'the CLI refuses exactly the files that are not UTF-8 text');
      if (decoded !== undefined) {
        assert.equal(decoded, shown.replace(/^\uFEFF/, ''), 'the text is the UTF-8 decoding, without a leading byte order mark');
        checkLint({ 'a.topo': decoded });
      }
      checkLint({ 'a.topo': shown });
    }),
    { numRuns: RUNS },
  );
});

test('generated programs parse without syntax errors and lint without throwing', () => {
  assertProperty(
    fc.property(program, (text) => {
      const file = parse(text);
      assert.deepEqual(file.diagnostics.map((d) => d.message), []);
      checkLint({ 'a.topo': text });
      assert.ok(checkFormatting(text), 'a program without syntax errors is formatted');
    }),
    { numRuns: RUNS },
  );
});

test('mutated programs, split across files, never make anything throw, and their diagnostics lie inside their files', () => {
  assertProperty(
    fc.property(mutated, mutated, (a, b) => {
      checkLint({ 'a.topo': a, 'b.topo': b });
    }),
    { numRuns: RUNS },
  );
});

test('mutated programs: every view of the diagram is valid Mermaid', () => {
  assertProperty(
    fc.property(mutated, mutated, (a, b) => {
      checkDiagrams(checkLint({ 'a.topo': a, 'b.topo': b }), 4);
    }),
    { numRuns: RUNS },
  );
});

test('mutated programs: the formatter refuses only syntax errors; what it formats is idempotent and keeps the model', () => {
  assertProperty(
    fc.property(mutated, (text) => {
      checkFormatting(text);
    }),
    { numRuns: RUNS },
  );
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

test('every truncation point of the samples lints without throwing and draws valid diagrams', () => {
  const projects = sampleProjects();
  assert.ok(projects.length >= 3, 'the samples are there');
  assertProperty(
    fc.property(fc.nat({ max: projects.length - 1 }), fc.nat(), fc.nat(), (p, f, cut) => {
      const files = { ...projects[p]! };
      const paths = Object.keys(files);
      const path = paths[f % paths.length]!;
      files[path] = files[path]!.slice(0, cut % (files[path]!.length + 1));
      checkDiagrams(checkLint(files), 4);
    }),
    { numRuns: RUNS },
  );
});

/**
 * What a person types into a sample, a few characters at a time: line breaks of the three
 * kinds among them (a lone CR is a line break too, as in LSP; an edit inside a CRLF leaves
 * one as well).
 */
const TYPED = ['{', '}', '[', ']', '"', ':', ',', '->', '~>', '-', '~', '//', '/*', '*/', '\\', '\n', '\r\n', '\r', '\t', ' ', '\u0000', '\uFEFF', '\u2028', '\uD800', '😀', 'é', '5', 'ms', '%', '.', 'group ', 'service ', 'A', 'true', 'dlq', 'await', 'parallel: true', '// topo-ignore-next-line ', 'missing-timeout', '\u202E', '#', ';', '<', '%%{init}%%'];

test('character edits of the samples (insert, delete, replace): every check, the editor services at the edits included', () => {
  const projects = sampleProjects();
  const edit = fc.tuple(fc.constantFrom('insert', 'delete', 'replace'), fc.nat(), fc.nat({ max: 20 }), fc.constantFrom(...TYPED));
  assertProperty(
    fc.property(fc.nat({ max: projects.length - 1 }), fc.nat(), fc.array(edit, { minLength: 1, maxLength: 6 }), (p, f, edits) => {
      const files = { ...projects[p]! };
      const paths = Object.keys(files);
      const path = paths[f % paths.length]!;
      let text = files[path]!;
      const edited: number[] = [];
      for (const [kind, at, length, piece] of edits) {
        const i = at % (text.length + 1);
        text = text.slice(0, i) + (kind === 'delete' ? '' : piece) + text.slice(kind === 'insert' ? i : i + length);
        edited.push(i);
      }
      files[path] = text;
      const result = checkLint(files);
      checkFormatting(text);
      checkDiagrams(result, 4);
      // The services at 30 offsets spread over each file, and around every edit of the edited one.
      checkServices(result, 'A', (docText) => {
        const offsets = new Set(Array.from({ length: 30 }, (_, k) => Math.floor((k * (docText.length + 1)) / 30)));
        if (docText === text) {
          for (const at of edited) for (let d = -3; d <= 3; d++) if (at + d >= 0 && at + d <= docText.length) offsets.add(at + d);
        }
        return offsets;
      });
    }),
    { numRuns: Math.ceil(RUNS / 3) },
  );
});

test('10,000 nested groups, closed and unclosed, parse without exhausting the stack', () => {
  const depth = 10_000;
  const closed = `${'group G {\n'.repeat(depth)}service A\n${'}\n'.repeat(depth)}`;
  const file = parse(closed);
  assert.deepEqual(file.diagnostics, []);
  checkLint({ 'a.topo': closed });
  const unclosed = `${'group G {\n'.repeat(depth)}service A\n`;
  assert.equal(parse(unclosed).diagnostics.length, depth);
  checkLint({ 'a.topo': unclosed });
});

test('deeply nested lists are cut off with an error, not a crash', () => {
  const text = `service A { tags: ${'['.repeat(10_000)}${']'.repeat(10_000)} }`;
  const file = parse(text);
  assert.match(file.diagnostics[0]!.message, /lists nested more than 64 deep/);
  checkLint({ 'a.topo': text });
});

test('very long lines and NUL bytes', () => {
  checkLint({ 'a.topo': `service ${'A'.repeat(1_000_000)}\n` });
  checkLint({ 'a.topo': `service A "${'x'.repeat(1_000_000)}"\n${'A -> B '.repeat(50_000)}` });
  checkLint({ 'a.topo': 'service A\u0000\nA -> B\u0000' });
  const file = parse('service A\u0000');
  assert.match(file.diagnostics[0]!.message, /unexpected control character U\+0000/);
});

/**
 * A realistic file of 10 MB (UTF-8): a generated project of 3,000 elements and about 9,000
 * links in one file, each element with a description (escapes, accents, CJK, emoji) and a
 * block comment of documentation above it. A file that big is mostly documentation; the
 * element count keeps the run to seconds.
 */
function tenMegabyteFile(): string {
  const target = 10 * 1024 * 1024;
  const base = Object.values(generateProject({ elements: 3000, files: 1, seed: 7 })).join('\n');
  const elementLine = new RegExp(`^(\\s*)(${KINDS.join('|')}) (\\w+)(.*)$`);
  const lines = base.split('\n');
  const elements = lines.filter((line) => elementLine.test(line)).length;
  // Words, each whole: a string's escapes (\" \\ \t \n) are never cut in half.
  const words = ['Owns', 'the', '\\"orders\\"', 'of', 'a', 'région', '—', '注文を管理する', '🚀;', 'retries\\tback', 'off,', 'C:\\\\queue\\n.', 'and', 'more'];
  const prose = (from: number, length: number) => {
    let out = words[from % words.length]!;
    for (let i = from + 1; out.length < length; i++) out += ` ${words[i % words.length]}`;
    return out;
  };
  const perElement = (target - Buffer.byteLength(base)) / elements;
  let n = 0;
  const out = lines.map((line) => {
    const match = elementLine.exec(line);
    if (!match) return line;
    const [, indent, kind, name, rest] = match;
    const description = `description: "${prose(n, 240)}"`;
    const comment = [`${indent}/*`];
    for (let added = Buffer.byteLength(description) + 2 * indent!.length + 8; added < perElement; ) {
      const row = `${indent} * ${prose(n + comment.length, 90)}`;
      comment.push(row);
      added += Buffer.byteLength(row) + 1;
    }
    comment.push(`${indent} */`);
    n++;
    const block = rest!.includes('{') ? rest!.replace('{ ', `{ ${description}, `) : `${rest} { ${description} }`;
    return `${comment.join('\n')}\n${indent}${kind} ${name}${block}`;
  });
  return `${out.join('\n')}\n`;
}

test('a 10 MB file parses, lints, formats and draws in process', () => {
  const text = tenMegabyteFile();
  assert.ok(Buffer.byteLength(text, 'utf8') >= 10 * 1024 * 1024, `${Buffer.byteLength(text, 'utf8')} bytes`);
  const result = checkLint({ 'big.topo': text });
  assert.deepEqual(result.model.documents[0]!.file.diagnostics, [], 'the file is valid Topo');
  assert.equal(result.model.elements.length, 3000);
  assert.ok(result.model.elements.every((element) => (element.props.string('description') ?? '').length >= 200), 'every element has its description');
  assert.ok(result.findings.length > 0, 'the rules found what they find in a generated project');
  assert.ok(checkFormatting(text), 'the formatter formats it');
  checkDiagrams(result, 2);
});
