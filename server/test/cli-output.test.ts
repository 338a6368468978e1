// How `topo lint` writes a big report: in pieces as they are made (json), and quietly when
// the reader goes away early (`topo lint | head`).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateProject } from '../../scripts/generate-project';
import { CLI, tempProject, topo } from './helpers/cli';
import { lazyList, lazyValue, prettyJson } from '../src/cli/formatters/pieces';

/** A project with a sync cycle (an error: exit 1) and a report far bigger than a pipe's buffer. */
function bigProject(): string {
  const files: Record<string, string> = generateProject({ elements: 1500, files: 3, seed: 11 });
  files['cycle.topo'] = 'service CycleA\nservice CycleB\nCycleA -> CycleB { timeout: 1s }\nCycleB -> CycleA { timeout: 1s }\n';
  return tempProject(files);
}

test('a json report written to a reader that stops early: the lint exit code, nothing on stderr', async () => {
  const root = bigProject();
  const full = topo(['lint', '--format', 'json'], root);
  assert.equal(full.status, 1);
  assert.ok(full.stdout.length > 1_000_000, `the report is ${full.stdout.length} characters`);
  for (const format of ['json', 'stylish']) {
    const child = spawn(process.execPath, [CLI, 'lint', '--format', format], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    // Read the first piece, then close the pipe as `head` does.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(stderr, '', `${format}: ${stderr}`);
    assert.equal(code, 1, format);
  }
});

test('the streamed json report is the one `topo lint -o` writes, byte for byte', () => {
  const root = bigProject();
  const streamed = topo(['lint', '--format', 'json'], root).stdout;
  topo(['lint', '--format', 'json', '-o', 'report.json'], root);
  assert.equal(streamed, readFileSync(join(root, 'report.json'), 'utf8'));
  assert.equal(streamed, `${JSON.stringify(JSON.parse(streamed), null, 2)}\n`);
});

test('the streamed SARIF log is well-formed, laid out as JSON.stringify would, with its artifacts and invocation after the results', () => {
  const root = bigProject();
  const text = topo(['lint', '--format', 'sarif'], root).stdout;
  const log = JSON.parse(text) as { runs: { results: unknown[]; artifacts: { location: { uri: string } }[]; invocations: { executionSuccessful: boolean }[] }[] };
  assert.equal(text, `${JSON.stringify(log, null, 2)}\n`);
  const [run] = log.runs;
  assert.ok(run!.results.length > 1000, `${run!.results.length} results`);
  assert.deepEqual(Object.keys(run!).slice(-3), ['results', 'invocations', 'artifacts']);
  assert.ok(run!.artifacts.some((artifact) => artifact.location.uri === 'cycle.topo'));
  assert.equal(run!.invocations[0]!.executionSuccessful, true);
});

test('the piece writer lays out any JSON value exactly as JSON.stringify(value, null, 2)', () => {
  const values: unknown[] = [
    null, 0, -1.5, 'a "quoted"\nline', true, [], {}, [1, [2, [3]]], { a: { b: { c: [] } }, d: [{}, { e: null }] },
    { skipped: undefined, kept: 1 }, [undefined, () => 1], { text: 'x\u2028y', list: ['p', 'q'] },
  ];
  for (const value of values) {
    const plain = JSON.stringify(value, null, 2);
    assert.equal([...prettyJson(value)].join(''), plain, JSON.stringify(value));
    // The same value with its lists and members made lazily.
    const lazy = (item: unknown): unknown =>
      Array.isArray(item)
        ? lazyList(item, lazy)
        : item !== null && typeof item === 'object'
          ? Object.fromEntries(Object.entries(item).map(([key, member]) => [key, member === undefined ? undefined : lazyValue(() => lazy(member))]))
          : item;
    if (Array.isArray(value) || (value !== null && typeof value === 'object')) assert.equal([...prettyJson(lazy(value))].join(''), plain, `lazy ${JSON.stringify(value)}`);
  }
});
