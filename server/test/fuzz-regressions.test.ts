// Replays the fuzz regression corpus (server/test/fixtures/fuzz-regressions/, see its
// README.md): inputs that once broke something, and inputs on an edge (NUL bytes, lone
// surrogates, byte order marks, CR and CRLF line breaks, invalid UTF-8, deep nesting,
// unterminated strings and comments at the end of the file, huge numbers…). Each goes
// through the checks of the property tests (helpers/invariants.ts): parse and lint (no
// throw, every range inside its document), the formatter (refuses only syntax errors;
// idempotent and keeps the model when it formats), every view of the diagram (valid
// Mermaid per the escaping rules), every editor service at a sample of offsets.
//
// A `.topo` case is bytes: it is decoded the way the CLI reads a file (readSourceFile) and
// the way an editor shows it (invalid sequences as U+FFFD, a byte order mark kept), and
// both texts are checked; a file the CLI refuses must be refused in one line naming it.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from '../src/cli/errors';
import { readSourceFile } from '../src/cli/files';
import { checkDiagrams, checkFormatting, checkLint, checkServices, everyOffset } from './helpers/invariants';
import { formatText } from '../src/language/format/formatter';
import { LineIndex } from '../src/language/util/lineIndex';

const CORPUS = join(__dirname, 'fixtures', 'fuzz-regressions');

/**
 * Bugs the corpus shows and nobody has fixed yet: the replay asserts that the case still
 * fails exactly so (STYLE.md: no skipped test hides a known bug). When one is fixed, its
 * assert.throws fails: delete its entry. The checks run in the order lint, format,
 * diagrams, services, so those before the failing one have passed on the case.
 */
const KNOWN_ISSUES: Record<string, { fixme: string; failure: RegExp }> = {};

/** What some cases must give beyond the checks: the right behaviour where they once showed a bug. */
const EXPECTED: Record<string, (files: Record<string, string>) => void> = {
  '015-cr-only.topo': (files) => {
    // A lone CR is a line break, as in LSP: the line comment ends at it and hides nothing after it.
    const text = files['015-cr-only.topo']!;
    const { model } = checkLint(files);
    assert.deepEqual(
      model.elements.map((element) => element.name),
      ['Web', 'Api', 'Q', 'Dlq'],
    );
    assert.equal(model.links.length, 3);
    assert.deepEqual(
      model.documents[0]!.file.comments.map((comment) => comment.text),
      [' a line comment', ' a block\rcomment '],
    );
    assert.equal(new LineIndex(text).lineCount, 12);
    const formatted = formatText(text);
    assert.ok(formatted.ok && formatted.text.includes('\r') && !formatted.text.includes('\n'), 'a CR-only file stays CR-only');
  },
  '111-crlf-then-a-block-comment-holding-lf.json': (files) => {
    // Every line break of the output is the input's first one, the block comment's included.
    assert.deepEqual(formatText(files['a.topo']!), { ok: true, text: '/*\r\n /**/\r\n' });
  },
};

/** Cases the CLI must refuse, and the reason it gives after the file's name. */
const REFUSED_BY_THE_CLI: Record<string, string> = {
  '010-nul-bytes.topo': 'not a text file (it contains NUL bytes)',
  '017-invalid-utf8.topo': 'not valid UTF-8 text',
  '018-utf8-cut-at-the-end.topo': 'not valid UTF-8 text',
  '019-latin1-file.topo': 'not valid UTF-8 text',
  '020-utf16le-file.topo': 'not a text file (it contains NUL bytes)',
};

/** Cases whose point is their bytes, and what each must still hold (a checkout that converts line breaks would lose it: see .gitattributes). */
const BYTES: Record<string, [string, (bytes: Buffer) => boolean]> = {
  '012-byte-order-mark.topo': ['starts with a UTF-8 byte order mark', (bytes) => bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))],
  '013-byte-order-marks-inside.topo': ['holds byte order marks after the start', (bytes) => bytes.indexOf(Buffer.from([0xef, 0xbb, 0xbf]), 1) > 0],
  '014-crlf.topo': ['ends every line with CR LF', (bytes) => bytes.includes(0x0a) && [...bytes].every((byte, i) => byte !== 0x0a || bytes[i - 1] === 0x0d)],
  '015-cr-only.topo': ['ends its lines with CR alone', (bytes) => bytes.includes(0x0d) && !bytes.includes(0x0a)],
  '016-mixed-line-breaks.topo': [
    'mixes CR LF, CR and LF',
    (bytes) => {
      const text = bytes.toString('latin1');
      return text.includes('\r\n') && /\r(?!\n)/.test(text) && /(?<!\r)\n/.test(text);
    },
  ],
};

/** Cases whose point is their text (the JSON form holds what UTF-8 cannot), and what it must hold. */
const TEXTS: Record<string, [string, (texts: string[]) => boolean]> = {
  '011-lone-surrogates.json': ['holds lone surrogates', (texts) => texts.some((text) => /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text))],
};

interface Project {
  /** How the texts were read: "as the CLI reads it", "as an editor shows it", or "as written" (JSON). */
  how: string;
  files: Record<string, string>;
}

interface Case {
  name: string;
  projects: Project[];
  /** The CLI's refusals: file name → the one-line message. */
  refusals: Map<string, string>;
  /** The bytes of a single-file .topo case. */
  bytes?: Buffer;
}

function loadTopoFiles(name: string, paths: { path: string; as: string }[]): Case {
  const cli: Record<string, string> = {};
  const editor: Record<string, string> = {};
  const refusals = new Map<string, string>();
  for (const { path, as } of paths) {
    const bytes = readFileSync(path);
    editor[as] = bytes.toString('utf8');
    try {
      cli[as] = readSourceFile(path, as);
    } catch (error) {
      assert.ok(error instanceof CliError, `${as}: the CLI fails with a CliError, not ${String(error)}`);
      refusals.set(as, error.message);
    }
  }
  const projects: Project[] = [];
  if (refusals.size === 0) projects.push({ how: 'as the CLI reads it', files: cli });
  if (refusals.size > 0 || Object.keys(cli).some((file) => cli[file] !== editor[file])) projects.push({ how: 'as an editor shows it', files: editor });
  return { name, projects, refusals };
}

/** A JSON case: a string (one file), an array of strings (a.topo, b.topo, …: a counterexample as printed), or an object of path → text. */
function loadJson(name: string, path: string): Case {
  const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
  let files: Record<string, string>;
  if (typeof value === 'string') files = { 'a.topo': value };
  else if (Array.isArray(value)) files = Object.fromEntries(value.map((text, i) => [`${String.fromCharCode(97 + i)}.topo`, text]));
  else files = value as Record<string, string>;
  for (const [file, text] of Object.entries(files)) assert.equal(typeof text, 'string', `${name}: ${file} is a string`);
  return { name, projects: [{ how: 'as written', files }], refusals: new Map() };
}

function loadCase(name: string): Case {
  const path = join(CORPUS, name);
  if (statSync(path).isDirectory()) {
    const files = readdirSync(path)
      .filter((file) => file.endsWith('.topo'))
      .sort()
      .map((file) => ({ path: join(path, file), as: file }));
    assert.ok(files.length > 0, `${name} holds .topo files`);
    return loadTopoFiles(name, files);
  }
  if (name.endsWith('.json')) return loadJson(name, path);
  return { ...loadTopoFiles(name, [{ path, as: name }]), bytes: readFileSync(path) };
}

function caseNames(): string[] {
  return readdirSync(CORPUS)
    .filter((entry) => entry !== 'README.md')
    .sort();
}

/** Every offset of a short text; in a long one, 120 spread over it and the first and last 40. */
function sampleOffsets(text: string): number[] {
  if (text.length <= 2000) return everyOffset(text);
  const offsets = new Set<number>();
  for (let i = 0; i <= 40; i++) offsets.add(i).add(text.length - i);
  for (let i = 0; i < 120; i++) offsets.add(Math.floor((i * text.length) / 120));
  return [...offsets].sort((a, b) => a - b);
}

/** The checks of the property tests, in a fixed order (see KNOWN_ISSUES). */
function replay(files: Record<string, string>): void {
  const result = checkLint(files);
  for (const text of Object.values(files)) checkFormatting(text);
  checkDiagrams(result);
  checkServices(result, 'A', sampleOffsets);
}

describe('the fuzz regression corpus', () => {
  const names = caseNames();

  test('every entry is a case: NNN-name.topo, NNN-name.json or a folder NNN-name/, numbers unique', () => {
    assert.ok(names.length >= 50, `${names.length} cases`);
    const numbers = new Set<string>();
    for (const name of names) {
      assert.match(name, /^\d{3}-[a-z0-9-]+(\.topo|\.json)?$/, `${name}: name it NNN-what-it-is.topo (or .json, or a folder)`);
      const isFolder = statSync(join(CORPUS, name)).isDirectory();
      assert.equal(isFolder, !/\.(topo|json)$/.test(name), `${name}: a folder has no extension, a file has one`);
      const number = name.slice(0, 3);
      assert.ok(!numbers.has(number), `${number} is used twice`);
      numbers.add(number);
    }
    for (const name of [...Object.keys(KNOWN_ISSUES), ...Object.keys(EXPECTED), ...Object.keys(REFUSED_BY_THE_CLI), ...Object.keys(BYTES), ...Object.keys(TEXTS)]) {
      assert.ok(names.includes(name), `${name} is in the corpus`);
    }
    assert.ok(readFileSync(join(CORPUS, 'README.md'), 'utf8').includes('## Adding a case'), 'the README says how to add a case');
  });

  for (const name of names) {
    test(name, () => {
      const loaded = loadCase(name);
      // What the CLI refuses, it refuses in one line that names the file.
      const refused = REFUSED_BY_THE_CLI[name];
      if (refused) assert.deepEqual([...loaded.refusals.values()], [`${name}: ${refused}`]);
      else assert.deepEqual([...loaded.refusals.entries()], [], 'the CLI reads every file of the case');
      const bytes = BYTES[name];
      if (bytes) assert.ok(loaded.bytes && bytes[1](loaded.bytes), `${name} ${bytes[0]}`);
      const texts = TEXTS[name];
      if (texts) assert.ok(texts[1](loaded.projects.flatMap((project) => Object.values(project.files))), `${name} ${texts[0]}`);

      assert.ok(loaded.projects.length > 0);
      for (const project of loaded.projects) {
        const known = KNOWN_ISSUES[name];
        if (known) {
          assert.throws(() => replay(project.files), known.failure, `${name} (${project.how}) no longer fails as KNOWN_ISSUES says (${known.fixme}): remove its entry`);
        } else {
          try {
            replay(project.files);
            EXPECTED[name]?.(project.files);
          } catch (error) {
            throw new Error(`${name}, ${project.how}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
          }
        }
      }
    });
  }
});
