// Suppression comments, as lint.ts applies them: the unused-suppression findings, and the
// "Suppress '<id>' on this line" fix that every risk finding carries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleTester } from '../helpers/ruleTester';
import { Files, applyEdits, lint } from '../helpers/project';
import { RULE_BY_ID } from '../../src/language/rules/registry';
import type { Finding } from '../../src/language/rules/types';
import { LineIndex } from '../../src/language/util/lineIndex';

ruleTester('unused-suppression', {
  valid: [
    {
      name: 'a used next-line suppression',
      files: 'service Orders\ndatabase OrdersDb\n// topo-ignore-next-line missing-timeout -- the driver enforces a deadline\nOrders -> OrdersDb',
    },
    {
      name: 'a used file suppression, wherever it stands in the file',
      files: 'service Orders\ndatabase OrdersDb\ncache Sessions\nOrders -> OrdersDb\nOrders -> Sessions\n// topo-ignore-file missing-timeout -- deadlines live in the drivers',
    },
    {
      name: 'two rules on one line, both used',
      files: 'service Payments\nexternal Stripe\n// topo-ignore-next-line missing-timeout, external-sync-unprotected -- the SDK has both\nPayments -> Stripe',
    },
    {
      name: 'ids separated by spaces, indented inside a group',
      files: 'group Billing {\n  service Payments\n  external Stripe\n  // topo-ignore-next-line missing-timeout external-sync-unprotected\n  Payments -> Stripe\n}',
    },
    { name: 'a block comment is not a suppression', files: 'service A\ndatabase D\n/* topo-ignore-next-line missing-timeout */\nA -> D' },
  ],
  invalid: [
    {
      name: 'an unused next-line suppression: the fix removes the comment line',
      files: 'service Orders\ndatabase OrdersDb\n// topo-ignore-next-line missing-timeout -- the driver enforces a deadline\nOrders -> OrdersDb { timeout: 200ms }',
      findings: [
        {
          at: '3:26-3:41',
          message: "unused suppression: 'missing-timeout' reports nothing on the next line",
          fixed: 'service Orders\ndatabase OrdersDb\nOrders -> OrdersDb { timeout: 200ms }',
        },
      ],
    },
    {
      name: 'an unused file suppression',
      files: '// topo-ignore-file orphan-element\nservice A\ndatabase D\nA -> D { timeout: 1s }',
      findings: [
        {
          at: '1:21-1:35',
          message: "unused suppression: 'orphan-element' reports nothing in this file",
          fixed: 'service A\ndatabase D\nA -> D { timeout: 1s }',
        },
      ],
    },
    {
      name: 'a next-line comment that trails code covers the next line, not its own: the fix removes the comment only',
      files: 'service A\ndatabase D\nA -> D // topo-ignore-next-line missing-timeout\n',
      findings: [{ at: '3:33-3:48', message: "unused suppression: 'missing-timeout' reports nothing on the next line", fixed: 'service A\ndatabase D\nA -> D \n' }],
    },
    {
      name: 'the second of two ids unused: the fix removes only that id and keeps the reason',
      files: 'service Orders\ndatabase OrdersDb\n// topo-ignore-next-line missing-timeout, dual-write -- legacy driver\nOrders -> OrdersDb',
      findings: [
        {
          at: '3:43-3:53',
          message: "unused suppression: 'dual-write' reports nothing on the next line",
          fixed: 'service Orders\ndatabase OrdersDb\n// topo-ignore-next-line missing-timeout -- legacy driver\nOrders -> OrdersDb',
        },
      ],
    },
    {
      name: 'the first of two ids unused',
      files: 'service Orders\ndatabase OrdersDb\n// topo-ignore-next-line orphan-element, missing-timeout\nOrders -> OrdersDb',
      findings: [
        {
          at: '3:26-3:40',
          message: "unused suppression: 'orphan-element' reports nothing on the next line",
          fixed: 'service Orders\ndatabase OrdersDb\n// topo-ignore-next-line missing-timeout\nOrders -> OrdersDb',
        },
      ],
    },
    {
      name: 'an unknown rule id, with a did-you-mean',
      files: 'service Orders\ndatabase OrdersDb\n// topo-ignore-next-line missing-timout -- typo\nOrders -> OrdersDb',
      findings: [
        {
          at: '3:26-3:40',
          message: "unknown rule 'missing-timout' in 'topo-ignore-next-line': did you mean 'missing-timeout'?",
          fixed: 'service Orders\ndatabase OrdersDb\nOrders -> OrdersDb',
        },
      ],
    },
    {
      name: 'an unknown rule id with nothing close',
      files: '// topo-ignore-file everything\nservice A\ndatabase D\nA -> D { timeout: 1s }',
      findings: [{ at: '1:21-1:31', message: "unknown rule 'everything' in 'topo-ignore-file'", fixed: 'service A\ndatabase D\nA -> D { timeout: 1s }' }],
    },
    {
      name: 'a language check cannot be suppressed',
      files: 'service A\n// topo-ignore-next-line invalid-link -- on purpose\nA ~> A',
      findings: [
        {
          at: '2:26-2:38',
          message: "'invalid-link' is a language check and cannot be suppressed: fix the problem instead",
          fixed: 'service A\nA ~> A',
        },
      ],
    },
    {
      name: 'a directive that names no rule: on the whole comment, no fix',
      files: 'service A\ndatabase D\n// topo-ignore-next-line -- flaky\nA -> D { timeout: 1s }',
      findings: [
        {
          at: '3:1-3:34',
          message: "'topo-ignore-next-line' names no rule: write the rule ids to silence, e.g. // topo-ignore-next-line missing-dlq -- reason",
          fixed: null,
        },
      ],
    },
  ],
});

/** Each finding as "ruleId@line: message", line 1-based: findings compared across edits that move lines. */
function described(files: Files, findings: readonly Finding[]): string[] {
  const texts = typeof files === 'string' ? { 'main.topo': files } : files;
  return findings.map((f) => `${f.path}:${new LineIndex(texts[f.path]!).lineOf(f.start) + 1} ${f.ruleId}: ${f.message}`).sort();
}

test('a used next-line suppression removes exactly the findings of its rules on the next line', () => {
  const plain = 'service Payments\nexternal Stripe\nPayments -> Stripe';
  const suppressed = 'service Payments\nexternal Stripe\n// topo-ignore-next-line missing-timeout -- the SDK times out\nPayments -> Stripe';
  const before = lint(plain).findings;
  assert.ok(before.some((f) => f.ruleId === 'missing-timeout'), 'the unsuppressed text reports missing-timeout');
  const after = lint(suppressed).findings;
  assert.deepEqual(
    after.map((f) => f.ruleId).sort(),
    before.filter((f) => f.ruleId !== 'missing-timeout').map((f) => f.ruleId).sort(),
    'only missing-timeout is gone; external-sync-unprotected on the same line stays',
  );
  assert.ok(after.some((f) => f.ruleId === 'external-sync-unprotected'));
});

test('a file suppression covers its own file only, and never a language check', () => {
  const files = {
    'a.topo': '// topo-ignore-file missing-timeout, invalid-link\nservice A\ndatabase D\nA -> D\nA ~> A',
    'b.topo': 'service B\nB -> D',
  };
  const found = lint(files).findings.map((f) => `${f.path} ${f.ruleId}`);
  assert.ok(!found.includes('a.topo missing-timeout'), 'silenced in a.topo');
  assert.ok(found.includes('b.topo missing-timeout'), 'still reported in b.topo');
  assert.ok(found.includes('a.topo invalid-link'), 'a language check is never silenced');
  assert.ok(found.includes('a.topo unused-suppression'), 'naming the language check is reported');
});

const RISKY = [
  'actor Customer',
  'gateway Api',
  'service Payments',
  'external Stripe',
  'worker Emailer { critical: false }',
  'group Backend {',
  '  database Ledger',
  '  Payments -> Ledger',
  '}',
  'Customer -> Api',
  'Api -> Payments',
  'Payments -> Stripe',
  'Api -> Emailer { timeout: 1s }',
].join('\n');

test("every risk finding's 'Suppress' fix silences the findings of its rule on its line and nothing else", () => {
  const before = lint(RISKY).findings;
  const risks = before.filter((f) => RULE_BY_ID.get(f.ruleId)?.meta.category === 'risk');
  const ids = new Set(risks.map((f) => f.ruleId));
  for (const id of ['missing-timeout', 'external-sync-unprotected', 'non-critical-sync']) assert.ok(ids.has(id), `the sample reports ${id}`);
  const lines = new LineIndex(RISKY);
  for (const finding of risks) {
    const fixes = finding.fixes.filter((fix) => fix.title === `Suppress '${finding.ruleId}' on this line`);
    assert.equal(fixes.length, 1, `one suppress fix on ${finding.ruleId}: ${finding.message}`);
    const fixed = applyEdits(RISKY, fixes[0]!.edits);
    const after = lint(fixed).findings;
    const line = lines.lineOf(finding.start);
    // Its own line moved down by the inserted comment: compare by rule and message, line-free.
    const expected = before
      .filter((f) => !(f.ruleId === finding.ruleId && lines.lineOf(f.start) === line))
      .map((f) => `${f.ruleId}: ${f.message}`)
      .sort();
    assert.deepEqual(after.map((f) => `${f.ruleId}: ${f.message}`).sort(), expected, `after suppressing ${finding.ruleId} on line ${line + 1}`);
  }
});

test("the 'Suppress' fix keeps the line's indentation", () => {
  const finding = lint(RISKY).findings.find((f) => f.ruleId === 'missing-timeout' && f.message.startsWith("'Payments' calls 'Ledger'"))!;
  const fix = finding.fixes.find((f) => f.title.startsWith('Suppress '))!;
  assert.equal(
    applyEdits(RISKY, fix.edits)['main.topo'],
    RISKY.replace('  Payments -> Ledger', '  // topo-ignore-next-line missing-timeout -- reason\n  Payments -> Ledger'),
  );
});

test("the 'Suppress' fix adds the id to a suppression comment already above the line", () => {
  const text = 'service Payments\nexternal Stripe\n// topo-ignore-next-line external-sync-unprotected -- the SDK has a breaker\nPayments -> Stripe';
  const before = lint(text).findings;
  assert.deepEqual(described(text, before), ["main.topo:4 missing-timeout: 'Payments' calls 'Stripe' synchronously without a timeout: if 'Stripe' hangs, 'Payments' hangs with it"]);
  const fix = before[0]!.fixes.find((f) => f.title === "Suppress 'missing-timeout' on this line")!;
  const fixed = applyEdits(text, fix.edits);
  assert.equal(
    fixed['main.topo'],
    'service Payments\nexternal Stripe\n// topo-ignore-next-line external-sync-unprotected, missing-timeout -- the SDK has a breaker\nPayments -> Stripe',
  );
  assert.deepEqual(described(fixed, lint(fixed).findings), [], 'both silenced, and neither id is unused');
});

test('a suppression of a rule turned off in the configuration is unused', () => {
  const text = 'service A\ndatabase D\n// topo-ignore-next-line missing-timeout\nA -> D';
  const found = lint(text, { 'missing-timeout': { severity: 'off' } }).findings;
  assert.deepEqual(described(text, found), ["main.topo:3 unused-suppression: unused suppression: 'missing-timeout' reports nothing on the next line"]);
  assert.deepEqual(lint(text, { 'unused-suppression': { severity: 'off' }, 'missing-timeout': { severity: 'off' } }).findings, []);
});

test("the 'Suppress' fix on a line that starts inside a block comment breaks the line before the finding", () => {
  const text = 'service A\ndatabase D\n/* the call\n   below */ A -> D\n';
  const finding = lint(text).findings.find((f) => f.ruleId === 'missing-timeout')!;
  const fixed = applyEdits(text, finding.fixes.find((f) => f.title.startsWith('Suppress '))!.edits);
  assert.equal(fixed['main.topo'], 'service A\ndatabase D\n/* the call\n   below */ \n// topo-ignore-next-line missing-timeout -- reason\nA -> D\n');
  assert.deepEqual(described(fixed, lint(fixed).findings), []);
});

test('a word that merely starts with a directive is not a directive', () => {
  const text = 'service A\ndatabase D\n// topo-ignore-file-please missing-timeout\nA -> D { timeout: 1s }\n';
  assert.deepEqual(described(text, lint(text).findings), []);
  const risky = 'service A\ndatabase D\n// topo-ignore-file-please missing-timeout\nA -> D\n';
  assert.deepEqual(lint(risky).findings.map((f) => f.ruleId), ['missing-timeout']);
});
