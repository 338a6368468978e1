// Code actions over real LSP: every quick fix the server offers, applied as a client
// would, yields a file that parses and no longer has the diagnostic it fixes.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeAction, CodeActionRequest, Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { LspClient, uriOf } from '../helpers/lspClient';
import { tempProject } from '../helpers/cli';

const clients: LspClient[] = [];
after(async () => {
  await Promise.all(clients.map((c) => c.shutdown()));
});

const MAIN = [
  'client Web { budget: 2s }',
  'gateway Api { latency: 5ms }',
  'service Orders { latency: 40ms }',
  'service Mailer { latency: 30ms, critical: false }',
  'database Db { latency: 5ms }',
  'queue Jobs',
  'queue Dead',
  'topic Events',
  'worker Billing',
  'external Stripe',
  'Web -> Api',
  'Api -> Orders { timeout: 10ms }',
  'Orders -> Db',
  'Orders -> Mailer { timeout: 1s }',
  'Orders ~> Jobs',
  'Jobs ~> Billing { retries: 3 }',
  'Orders ~> Events',
  'Events ~> Billing { retries: 2, dlq: Dead }',
  'Billing -> Stripe',
  'Orders ~> Inventori',
  'service Inventory { latncy: 5ms }',
  'Web ~> Orders { consistency: strong }',
  'queue Fanout',
  'Orders ~> Fanout',
  'Fanout ~> Billing { retries: 1, dlq: Dead }',
  'Fanout ~> Inventory { retries: 1, dlq: Dead }',
  '// topo-ignore-next-line orphan-element',
  'service Lonely { latency: 1ms }',
  'Lonely -> Db { timeout: 1s }',
  '',
].join('\n');

function key(d: Diagnostic): string {
  return `${d.code}|${d.range.start.line}:${d.range.start.character}|${d.message}`;
}

test('every quick fix removes its diagnostic and leaves a file that parses', async () => {
  const root = tempProject({ 'main.topo': MAIN });
  const path = join(root, 'main.topo');
  const uri = uriOf(path);
  const client = new LspClient();
  clients.push(client);
  await client.initialize(root);
  await client.open(path, MAIN);
  const original = await client.waitForDiagnostics(uri, (d) => d.length > 0, false);
  const originalKeys = original.map(key).sort().join('\n');
  const codes = new Set(original.map((d) => String(d.code)));
  for (const expected of ['missing-timeout', 'timeout-below-latency', 'non-critical-sync', 'missing-dlq', 'retry-without-idempotency', 'missing-retry', 'external-sync-unprotected', 'unknown-element', 'invalid-property', 'strong-consistency-async', 'queue-multiple-consumers', 'dual-write', 'unused-suppression']) {
    assert.ok(codes.has(expected), `the fixture shows ${expected}`);
  }
  let checked = 0;
  const titles = new Set<string>();
  for (const diagnostic of original) {
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: ['quickfix'] },
    })) as CodeAction[];
    const mine = actions.filter((a) => a.diagnostics?.some((d) => key(d) === key(diagnostic)));
    assert.ok(mine.length > 0 || diagnostic.code === 'syntax-error', `a quick fix for ${key(diagnostic)}`);
    for (const action of mine) {
      titles.add(`${diagnostic.code}: ${action.title.replace(/'[^']*'/g, "'…'")}`);
      const edits = action.edit!.changes![uri] as TextEdit[];
      assert.ok(edits, `${action.title} edits this file`);
      assert.deepEqual(Object.keys(action.edit!.changes!), [uri], 'a single-file fixture: every fix edits this file');
      const fixedText = TextDocument.applyEdits(TextDocument.create(uri, 'topo', 1, MAIN), edits);
      const fixedDiagnostics = client.waitForDiagnostics(uri);
      await client.change(path, [{ text: fixedText }]);
      const after = await fixedDiagnostics;
      assert.ok(!after.some((d) => d.code === 'syntax-error'), `${action.title}: the fixed file parses\n${fixedText}`);
      assert.ok(!after.some((d) => key(d) === key(diagnostic)), `${action.title}: the diagnostic is gone\n${fixedText}`);
      const restored = client.waitForDiagnostics(uri, (d) => d.map(key).sort().join('\n') === originalKeys);
      await client.change(path, [{ text: MAIN }]);
      await restored;
      checked++;
    }
  }
  assert.ok(checked >= original.length * 2 - 5, `checked ${checked} fixes`);
  assert.ok([...titles].some((t) => t.startsWith('unknown-element: Declare')), 'declare missing element is offered');
  assert.ok([...titles].some((t) => t.includes('Suppress')), 'suppress on this line is offered');
});
