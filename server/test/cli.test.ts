// The CLI, end to end through the built bundle: exit codes, discovery, configuration,
// baselines and bad input (one line naming the file, never a stack trace).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempProject, topo } from './helpers/cli';

const CLEAN = 'service A\nservice B\nA -> B { timeout: 1s }\n';
const RISKY = 'service A\nservice B\nA -> B\n';
const BROKEN = 'service A {\nA -> \n';

function assertOneLineError(stderr: string, pattern: RegExp): void {
  const lines = stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line expected, got:\n${stderr}`);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
}

test('exit 0 and a summary when nothing is found', () => {
  const root = tempProject({ 'a.topo': CLEAN });
  const run = topo(['lint', '.'], root);
  assert.equal(run.status, 0);
  assert.equal(run.stdout, '✔ 1 file checked, no problems\n');
});

test('warnings alone exit 0; stylish lists file, line:col, severity, message and rule', () => {
  const root = tempProject({ 'a.topo': RISKY });
  const run = topo(['lint'], root);
  assert.equal(run.status, 0);
  assert.match(run.stdout, /^a\.topo\n  3:1  warning  'A' calls 'B' synchronously without a timeout.*  missing-timeout$/m);
  assert.match(run.stdout, /⚠ 1 problem \(0 errors, 1 warning, 0 infos\) in 1 file/);
});

test('errors exit 1', () => {
  const root = tempProject({ 'a.topo': BROKEN });
  const run = topo(['lint', 'a.topo'], root);
  assert.equal(run.status, 1);
  assert.match(run.stdout, /^  1:11  error    expected '}' to close the properties of 'A'  syntax-error$/m);
});

test('--max-warnings fails a build with too many warnings', () => {
  const root = tempProject({ 'a.topo': RISKY });
  assert.equal(topo(['lint', '--max-warnings', '1'], root).status, 0);
  const run = topo(['lint', '--max-warnings', '0'], root);
  assert.equal(run.status, 1);
  assert.match(run.stderr, /too many warnings \(1, --max-warnings is 0\)/);
  assert.equal(topo(['lint', '--max-warnings', '-1'], root).status, 0);
  assert.equal(topo(['lint', '--max-warnings', 'x'], root).status, 2);
});

test('--rule changes a severity; a bad --rule is a usage error', () => {
  const root = tempProject({ 'a.topo': RISKY });
  assert.equal(topo(['lint', '--rule', 'missing-timeout=error'], root).status, 1);
  const off = topo(['lint', '--rule', 'missing-timeout=off', '--rule', 'missing-retry=off', '--rule', 'orphan-element=off'], root);
  assert.doesNotMatch(off.stdout, /missing-timeout/);
  assertOneLineError(topo(['lint', '--rule', 'missing-timeot=error'], root).stderr, /^topo: --rule missing-timeot=error: unknown rule "missing-timeot" \(did you mean "missing-timeout"\?\)/);
  assertOneLineError(topo(['lint', '--rule', 'missing-timeout'], root).stderr, /expects ID=SEVERITY/);
  assertOneLineError(topo(['lint', '--rule', 'missing-timeout=loud'], root).stderr, /severity must be one of "error", "warning", "info", "off", got "loud"/);
});

test('a project is every .topo file under the nearest topo.json; findings belong to the requested files', () => {
  const root = tempProject({
    'topo.json': '{ "rules": { "missing-timeout": "error" } }',
    'a/one.topo': 'service A\nA -> B\n',
    'b/two.topo': 'service B\n',
  });
  // Linting one folder still sees B, declared in the other folder of the project.
  const run = topo(['lint', 'a', '-f', 'json'], join(root));
  const json = JSON.parse(run.stdout);
  assert.deepEqual(json.files.map((f: { path: string }) => f.path), ['a/one.topo']);
  assert.deepEqual(json.files[0].findings.map((f: { ruleId: string; severity: string }) => `${f.ruleId}:${f.severity}`), ['missing-timeout:error']);
  assert.equal(run.status, 1);
});

test('nested topo.json folders are separate projects', () => {
  const root = tempProject({
    'one/topo.json': '{}',
    'one/a.topo': 'service A\n',
    'two/topo.json': '{}',
    'two/a.topo': 'service A\n',
  });
  const json = JSON.parse(topo(['lint', '.', '-f', 'json', '--rule', 'orphan-element=off'], root).stdout);
  assert.equal(json.projects.length, 2);
  assert.equal(json.summary.errors, 0, 'the same name in two projects is no duplicate');
});

test('json output carries the figures', () => {
  const root = tempProject({
    'a.topo': 'actor U { budget: 1s }\ngateway G { latency: 5ms, availability: 99.9% }\nservice S { latency: 20ms, availability: 99% }\nU -> G\nG -> S { timeout: 1s, latency: 2ms }\n',
  });
  const json = JSON.parse(topo(['lint', '-f', 'json'], root).stdout);
  const user = json.projects[0].elements.find((e: { name: string }) => e.name === 'U');
  assert.deepEqual(user.requests, [{ to: 'G', responseTimeMs: 27, missingLatencies: [], availability: 98.901 }]);
  assert.equal(user.syncDepth, 2);
  assert.equal(user.userFacing, true);
});

test('a broken topo.json is exit 2 with one line naming the file, line and key', () => {
  const cases: [string, RegExp][] = [
    ['{ "rules": { "missing-dlq": "loud" } }', /^topo: topo\.json:1:14: rules\.missing-dlq: severity must be one of/],
    ['{ "rules": { "missing-dq": "off" } }', /^topo: topo\.json:1:14: rules\.missing-dq: unknown rule "missing-dq" \(did you mean "missing-dlq"\?\)/],
    ['{\n  "rules": {\n    "sync-chain-depth": ["warning", { "maxDepth": "4" }]\n  }\n}', /^topo: topo\.json:3:39: rules\.sync-chain-depth\[1\]\.maxDepth: expected a whole number of at least 1, got "4"/],
    ['{ "rules": { "sync-chain-depth": ["warning", { "depth": 4 }] } }', /unknown option "depth".*"maxDepth"/],
    ['{ "rulez": {} }', /^topo: topo\.json:1:3: rulez: unknown key "rulez" \(did you mean "rules"\?\)/],
    ['{ "rules": { "syntax-error": "off" } }', /is a language check/],
    ['{ "rules": { ', /^topo: topo\.json:1:\d+: invalid JSON: /],
    ['', /^topo: topo\.json:1:1: invalid JSON: /],
  ];
  for (const [config, pattern] of cases) {
    const root = tempProject({ 'topo.json': config, 'a.topo': CLEAN });
    const run = topo(['lint'], root);
    assert.equal(run.status, 2, config);
    assertOneLineError(run.stderr, pattern);
  }
});

test('--config uses the given file for every project', () => {
  const root = tempProject({ 'a.topo': RISKY, 'strict.json': '{ "rules": { "missing-timeout": "error" } }' });
  assert.equal(topo(['lint', '--config', 'strict.json'], root).status, 1);
  assertOneLineError(topo(['lint', '--config', 'nope.json'], root).stderr, /^topo: nope\.json: cannot read: no such file or directory/);
});

test('bad paths and files: one line naming the file, exit 2', () => {
  const root = tempProject({
    'empty/readme.md': 'no topo here',
    'binary.topo': Buffer.from([0x73, 0x00, 0x01, 0x02]),
    'latin1.topo': Buffer.from([0x73, 0x65, 0xe9, 0x0a]),
    'notes.txt': 'x',
  });
  assertOneLineError(topo(['lint', 'missing'], root).stderr, /^topo: missing: no such file or directory$/);
  assertOneLineError(topo(['lint', 'empty'], root).stderr, /^topo: empty: no \.topo files found$/);
  assertOneLineError(topo(['lint', 'binary.topo'], root).stderr, /^topo: binary\.topo: not a text file \(it contains NUL bytes\)$/);
  assertOneLineError(topo(['lint', 'latin1.topo'], root).stderr, /^topo: latin1\.topo: not valid UTF-8 text$/);
  assertOneLineError(topo(['lint', 'notes.txt'], root).stderr, /^topo: notes\.txt: not a \.topo file$/);
  assertOneLineError(topo(['lint', '--format', 'xml', '.'], root).stderr, /^topo: option '-f, --format <format>' argument 'xml' is invalid/);
  assertOneLineError(topo(['frobnicate'], root).stderr, /^topo: unknown command 'frobnicate'/);
  for (const args of [['lint', 'missing'], ['lint', '--format', 'xml'], ['frobnicate']]) assert.equal(topo(args, root).status, 2);
});

test('an unreadable file is exit 2 naming it', () => {
  const root = tempProject({ 'a.topo': CLEAN });
  chmodSync(join(root, 'a.topo'), 0o000);
  // Root reads any file: as root (CI here), the CLI runs as the unprivileged user nobody.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chmodSync(root, 0o755);
  const run = topo(['lint', 'a.topo'], root, {}, asRoot ? { uid: 65534, gid: 65534 } : undefined);
  assertOneLineError(run.stderr, /^topo: a\.topo: cannot read: permission denied$/);
  assert.equal(run.status, 2);
});

test('symbolic link loops do not hang discovery', () => {
  const root = tempProject({ 'a.topo': CLEAN });
  symlinkSync(root, join(root, 'loop'));
  const run = topo(['lint', '.'], root);
  assert.equal(run.status, 0);
});

test('a 10 MB file is linted correctly', () => {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < 10 * 1024 * 1024; i++) {
    const line = `service S${i} "a service with a longish label to fill the file" { latency: 5ms, availability: 99.9% }\nS${i} ~> Q { retries: 1 }\n`;
    lines.push(line);
    size += line.length;
  }
  lines.push('queue Q { dlq: D }\nqueue D { monitored: true }\nworker W { idempotent: true }\nQ ~> W { retries: 2 }\n');
  const root = tempProject({ 'big.topo': lines.join('') });
  const run = topo(['lint', '-f', 'json', '--rule', 'retry-without-idempotency=off'], root);
  const json = JSON.parse(run.stdout);
  assert.equal(json.summary.errors, 0);
  assert.equal(run.status, 0);
});

test('baselines: --write-baseline records, --baseline hides only what was recorded', () => {
  const root = tempProject({ 'a.topo': RISKY });
  const write = topo(['lint', '--write-baseline', 'baseline.json'], root);
  assert.equal(write.status, 0);
  assert.match(write.stderr, /wrote 1 finding to baseline\.json/);
  const recorded = JSON.parse(readFileSync(join(root, 'baseline.json'), 'utf8'));
  assert.equal(recorded.findings.length, 1);
  const clean = topo(['lint', '--baseline', 'baseline.json', '--max-warnings', '0'], root);
  assert.equal(clean.status, 0);
  assert.match(clean.stdout, /no problems — 1 known problem hidden by the baseline/);
  // A new risk elsewhere in the file is reported; the recorded one, moved down a line, is not.
  writeFileSync(join(root, 'a.topo'), `service C\nC -> B\n${RISKY}`);
  const json = JSON.parse(topo(['lint', '--baseline', 'baseline.json', '-f', 'json'], root).stdout);
  assert.deepEqual(json.files[0].findings.map((f: { ruleId: string; range: { start: { line: number } } }) => `${f.ruleId}@${f.range.start.line}`), ['missing-timeout@2']);
  assertOneLineError(topo(['lint', '--baseline', 'nope.json'], root).stderr, /^topo: nope\.json: cannot read the baseline: no such file or directory$/);
});

test('topo rules lists every rule; topo explain prints its doc; an unknown rule is exit 2', () => {
  const root = tempProject({});
  const rules = topo(['rules'], root);
  assert.equal(rules.status, 0);
  assert.match(rules.stdout, /^missing-dlq\s+warning\s+fix\s+/m);
  const explain = topo(['explain', 'missing-timeout'], root);
  assert.equal(explain.status, 0);
  assert.match(explain.stdout, /^# missing-timeout\n/);
  const unknown = topo(['explain', 'missing-timout'], root);
  assert.equal(unknown.status, 2);
  assertOneLineError(unknown.stderr, /did you mean 'missing-timeout'/);
});

test('--version and --help exit 0', () => {
  const root = tempProject({});
  assert.match(topo(['--version'], root).stdout, /^\d+\.\d+\.\d+\n$/);
  const help = topo(['lint', '--help'], root);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /--max-warnings/);
});
