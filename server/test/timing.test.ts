// TOPO_TIMING=1 topo lint: where the time went, after the report, without changing it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Timing, setTiming, timed } from '../src/language/timing';
import { lintDocuments } from '../src/language/lint';
import { parseDocument } from '../src/language/model/model';
import { RULES } from '../src/language/rules/registry';
import { tempProject, topo } from './helpers/cli';

const PROJECT = { 'a.topo': 'service A\nservice B\nqueue Q\nA -> B\nA ~> Q\n' };

test('TOPO_TIMING=1 prints the phases and the slowest rules on stderr; stdout and the exit code are the same', () => {
  const root = tempProject(PROJECT);
  const plain = topo(['lint', '--format', 'json'], root);
  const timed = topo(['lint', '--format', 'json'], root, { TOPO_TIMING: '1' });
  assert.equal(timed.stdout, plain.stdout);
  assert.equal(timed.status, plain.status);
  assert.equal(plain.stderr, '');
  for (const phase of ['read and parse', 'model', 'figures', 'rules', 'report (json)', 'write', 'total']) {
    assert.match(timed.stderr, new RegExp(`^${phase.replace(/[()]/g, '\\$&')} +\\d+\\.\\d ms +\\d+\\.\\d%$`, 'm'), `no ${phase} row in:\n${timed.stderr}`);
  }
  const slowest = timed.stderr.split('\n\n')[1]!.trim().split('\n');
  assert.match(slowest[0]!, /^slowest rules \(of \d+\)/);
  assert.equal(slowest.length, 11, 'the ten slowest rules');
  // TOPO_TIMING=N lists the N slowest.
  const three = topo(['lint'], root, { TOPO_TIMING: '3' }).stderr.split('\n\n')[1]!.trim().split('\n');
  assert.equal(three.length, 4);
});

test('timed adds up only while a recorder is installed, and every rule that runs is timed', () => {
  const timing = new Timing();
  setTiming(timing);
  try {
    lintDocuments([parseDocument('a.topo', PROJECT['a.topo'])]);
    lintDocuments([parseDocument('a.topo', PROJECT['a.topo'])]);
  } finally {
    setTiming(undefined);
  }
  const rules = [...timing.totals.keys()].filter((name) => name.startsWith('rule:'));
  // unused-suppression is applied with the suppressions, not run as a rule.
  assert.equal(rules.length, RULES.length - 1);
  assert.deepEqual([...timing.totals.keys()].filter((name) => !name.startsWith('rule:')), ['model', 'figures', 'rules']);
  const before = new Map(timing.totals);
  assert.equal(timed('model', () => 42), 42);
  assert.deepEqual(timing.totals, before);
});
