// `topo fmt` end to end through the built bundle: what it writes, what it leaves
// alone, what it prints, and its exit codes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readdirSync, readFileSync, statSync, symlinkSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import { tempProject, topo } from './helpers/cli';

const MESSY = 'service   A {latency:5ms}\nservice B\nA->B { timeout: 1s }';
const TIDY = 'service A { latency: 5ms }\nservice B\nA -> B { timeout: 1s }\n';
const BROKEN = 'service A {\nA -> \n';

const read = (root: string, path: string): string => readFileSync(join(root, path), 'utf8');

test('fmt rewrites the files that change, lists them, and keeps the others as they are', () => {
  const root = tempProject({ 'a.topo': MESSY, 'sub/b.topo': TIDY, 'sub/c.topo': 'group G { service C }' });
  const untouched = statSync(join(root, 'sub/b.topo')).mtimeMs;
  const run = topo(['fmt'], root);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stderr, '');
  assert.equal(run.stdout, 'a.topo\nsub/c.topo\nformatted 2 files, 1 already formatted\n');
  assert.equal(read(root, 'a.topo'), TIDY);
  assert.equal(read(root, 'sub/c.topo'), 'group G {\n  service C\n}\n');
  assert.equal(statSync(join(root, 'sub/b.topo')).mtimeMs, untouched, 'an unchanged file is not written');
  // Nothing is left behind by the atomic writes.
  assert.deepEqual(readdirSync(root).sort(), ['a.topo', 'sub']);
  assert.deepEqual(readdirSync(join(root, 'sub')).sort(), ['b.topo', 'c.topo']);
  // A second run finds nothing to do.
  const again = topo(['fmt', '.'], root);
  assert.equal(again.status, 0);
  assert.equal(again.stdout, 'formatted 0 files, 3 already formatted\n');
});

test("fmt keeps a file's mode", () => {
  const root = tempProject({ 'a.topo': MESSY });
  chmodSync(join(root, 'a.topo'), 0o640);
  const run = topo(['fmt', 'a.topo'], root);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(read(root, 'a.topo'), TIDY);
  assert.equal(statSync(join(root, 'a.topo')).mode & 0o777, 0o640);
});

test('fmt writes through a symbolic link and keeps the link', () => {
  const root = tempProject({ 'real/a.topo': MESSY });
  symlinkSync(join(root, 'real', 'a.topo'), join(root, 'link.topo'));
  const run = topo(['fmt', 'link.topo'], root);
  assert.equal(run.status, 0, run.stderr);
  assert.ok(lstatSync(join(root, 'link.topo')).isSymbolicLink());
  assert.equal(read(root, 'real/a.topo'), TIDY);
});

test('a file that does not parse is left untouched, reported on stderr with line:col, and exits 1', () => {
  const root = tempProject({ 'bad.topo': BROKEN, 'good.topo': MESSY });
  const run = topo(['fmt'], root);
  assert.equal(run.status, 1);
  assert.equal(read(root, 'bad.topo'), BROKEN);
  assert.equal(read(root, 'good.topo'), TIDY, 'the other files are still formatted');
  assert.equal(run.stderr, "topo: bad.topo:1:11: not formatted (left untouched): syntax error: expected '}' to close the properties of 'A'\n");
  assert.equal(run.stdout, 'good.topo\nformatted 1 file, 1 file with syntax errors left untouched\n');
});

test('fmt --check writes nothing, lists what would change and exits 1', () => {
  const root = tempProject({ 'a.topo': MESSY, 'b.topo': TIDY });
  const run = topo(['fmt', '--check'], root);
  assert.equal(run.status, 1);
  assert.equal(run.stdout, 'a.topo\n1 file would be reformatted, 1 already formatted\n');
  assert.equal(run.stderr, '');
  assert.equal(read(root, 'a.topo'), MESSY, 'nothing written');
});

test('fmt --check exits 0 when every file is formatted', () => {
  const root = tempProject({ 'a.topo': TIDY, 'nested/b.topo': '// only a comment\n' });
  const run = topo(['fmt', '--check', '.'], root);
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.equal(run.stdout, '0 files would be reformatted, 2 already formatted\n');
});

test('fmt --check exits 1 for a file that does not parse, and leaves it alone', () => {
  const root = tempProject({ 'a.topo': TIDY, 'bad.topo': BROKEN });
  const run = topo(['fmt', '--check'], root);
  assert.equal(run.status, 1);
  assert.match(run.stderr, /^topo: bad\.topo:1:11: not formatted \(left untouched\): syntax error: /);
  assert.equal(read(root, 'bad.topo'), BROKEN);
});

test('fmt keeps CRLF line breaks', () => {
  const root = tempProject({ 'a.topo': 'service   A\r\nA->B\r\n' });
  assert.equal(topo(['fmt'], root).status, 0);
  assert.equal(read(root, 'a.topo'), 'service A\r\nA -> B\r\n');
});

test('usage and I/O errors exit 2 with one line', () => {
  const root = tempProject({ 'a.topo': MESSY, 'notes.txt': 'x', 'empty/readme.md': '# none' });
  const cases: [string[], RegExp][] = [
    [['fmt', 'missing.topo'], /^topo: missing\.topo: no such file or directory$/],
    [['fmt', 'empty'], /^topo: empty: no \.topo files found$/],
    [['fmt', 'notes.txt'], /^topo: notes\.txt: not a \.topo file$/],
    [['fmt', '--chek'], /^topo: unknown option '--chek'/],
  ];
  for (const [args, pattern] of cases) {
    const run = topo(args, root);
    assert.equal(run.status, 2, args.join(' '));
    assert.equal(run.stderr.trimEnd().split('\n').length, 1, run.stderr);
    assert.match(run.stderr.trimEnd(), pattern);
    assert.equal(read(root, 'a.topo'), MESSY, 'nothing written on a usage error');
  }
});

test('a file that is not UTF-8 is an I/O error: exit 2, nothing written', () => {
  const root = tempProject({ 'a.topo': MESSY, 'b.topo': Buffer.from([0x73, 0x65, 0xff, 0xfe]) });
  const run = topo(['fmt'], root);
  assert.equal(run.status, 2);
  assert.equal(run.stderr, 'topo: b.topo: not valid UTF-8 text\n');
  assert.equal(read(root, 'a.topo'), MESSY, 'files are all read before any is written');
});
