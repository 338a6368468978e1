// Diagnostics over real LSP: the built server, spawned, spoken to over JSON-RPC.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient, uriOf } from '../helpers/lspClient';
import { tempProject } from '../helpers/cli';
import { StatsRequest } from '../../src/lsp/protocol';

const clients: LspClient[] = [];
after(async () => {
  await Promise.all(clients.map((c) => c.shutdown()));
});

async function start(files: Record<string, string>) {
  const root = tempProject(files);
  const client = new LspClient();
  clients.push(client);
  await client.initialize(root);
  return { root, client };
}

test('the server announces its capabilities and publishes diagnostics for files on disk', async () => {
  const { root, client } = await start({ 'a.topo': 'service A\nservice B\nA -> B\n', 'b.topo': 'service C\n' });
  const a = uriOf(join(root, 'a.topo'));
  const diagnostics = await client.waitForDiagnostics(a, (d) => d.length > 0, false);
  assert.equal(client.initializeResult!.capabilities.textDocumentSync !== undefined, true);
  const timeout = diagnostics.find((d) => d.code === 'missing-timeout')!;
  assert.equal(timeout.source, 'topo');
  assert.deepEqual(timeout.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 6 } });
  assert.equal(timeout.severity, 2);
  assert.match(timeout.codeDescription!.href, /docs\/rules\/missing-timeout\.md$/);
});

test('editing one file re-checks the project and publishes for every file whose diagnostics changed, clearing them too', async () => {
  const { root, client } = await start({ 'a.topo': 'service A\nA -> B { timeout: 1s }\n', 'b.topo': '// B lives here\n' });
  const aPath = join(root, 'a.topo');
  const bPath = join(root, 'b.topo');
  const a = uriOf(aPath);
  await client.waitForDiagnostics(a, (d) => d.some((x) => x.code === 'unknown-element'), false);
  await client.open(bPath, '// B lives here\n');
  // Declaring B in the second file clears the error in the first.
  const cleared = client.waitForDiagnostics(a, (d) => !d.some((x) => x.code === 'unknown-element'));
  await client.change(bPath, [{ text: '// B lives here\nservice B\n' }]);
  await cleared;
  // And removing it brings the error back.
  const back = client.waitForDiagnostics(a, (d) => d.some((x) => x.code === 'unknown-element'));
  await client.change(bPath, [{ range: { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } }, text: '' }]);
  const diagnostics = await back;
  assert.equal(diagnostics.find((d) => d.code === 'unknown-element')!.message, "unknown element 'B': did you mean 'A'?");
});

test('an edit that keeps the length and the offsets still republishes moved characters and changed related messages', async () => {
  const { root, client } = await start({ 'a.topo': 'group G {\n  service Lonely\n}\n', 'b.topo': 'queue Q\nservice W\nW ~> Q\n' });
  const aPath = join(root, 'a.topo');
  const bPath = join(root, 'b.topo');
  const orphan = (d: { code?: unknown; range: { start: { character: number } } }[]) => d.find((x) => x.code === 'orphan-element')?.range.start.character;
  await client.waitForDiagnostics(uriOf(aPath), (d) => orphan(d) === 10, false);
  await client.open(aPath, 'group G {\n  service Lonely\n}\n');
  // The line break and the space after it swap places: every offset stays, the column moves.
  const moved = client.waitForDiagnostics(uriOf(aPath), (d) => orphan(d) === 9);
  await client.change(aPath, [{ range: { start: { line: 0, character: 9 }, end: { line: 1, character: 1 } }, text: ' \n' }]);
  assert.deepEqual((await moved).find((x) => x.code === 'orphan-element')!.range, { start: { line: 1, character: 9 }, end: { line: 1, character: 15 } });

  const related = (d: { code?: unknown; relatedInformation?: { message: string }[] }[]) => d.find((x) => x.code === 'channel-without-consumer')?.relatedInformation?.[0]?.message;
  await client.waitForDiagnostics(uriOf(bPath), (d) => related(d) === "'W' publishes to 'Q' here", false);
  await client.open(bPath, 'queue Q\nservice W\nW ~> Q\n');
  // A rename to a name of the same length: the related message names the new one.
  const renamed = client.waitForDiagnostics(uriOf(bPath), (d) => related(d) === "'V' publishes to 'Q' here");
  await client.change(bPath, [{ text: 'queue Q\nservice V\nV ~> Q\n' }]);
  await renamed;
});

test('the edited file is published first; files whose diagnostics point into it follow when edits pause, or before topo/stats answers', async () => {
  const { root, client } = await start({ 'a.topo': 'service W\nW ~> Q\n', 'b.topo': 'queue Q\n' });
  const aPath = join(root, 'a.topo');
  const b = uriOf(join(root, 'b.topo'));
  const relatedLine = (d: { code?: unknown; relatedInformation?: { location: { range: { start: { line: number } } } }[] }[]) =>
    d.find((x) => x.code === 'channel-without-consumer')?.relatedInformation?.[0]?.location.range.start.line;
  await client.waitForDiagnostics(b, (d) => relatedLine(d) === 1, false);
  await client.open(aPath, 'service W\nW ~> Q\n');
  await client.waitForDiagnostics(uriOf(aPath), () => true, false);

  // A line above the link: b.topo's finding now points one line lower in a.topo.
  const order: string[] = [];
  const aShown = client.waitForDiagnostics(uriOf(aPath), (d) => d.some((x) => x.code === 'orphan-element')).then(() => order.push('a'));
  const bShown = client.waitForDiagnostics(b, (d) => relatedLine(d) === 2).then(() => order.push('b'));
  await client.change(aPath, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'service Lonely\n' }]);
  await Promise.all([aShown, bShown]);
  assert.deepEqual(order, ['a', 'b']);

  // Undone, and topo/stats asked at once: it answers after b.topo's publication is out.
  const bBack = client.waitForDiagnostics(b, (d) => relatedLine(d) === 1);
  await client.change(aPath, [{ range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, text: '' }]);
  await client.connection.sendRequest(StatsRequest, null);
  // Messages arrive in the order they were sent: the publication came before the answer.
  assert.equal(relatedLine(client.diagnostics.get(b) ?? []), 1);
  await bBack;
});

test('an edit that leaves every diagnostic as it was publishes nothing, even when the length changes', async () => {
  const text = 'service A\nservice B\nA -> B\n';
  const { root, client } = await start({ 'a.topo': text });
  const path = join(root, 'a.topo');
  const uri = uriOf(path);
  await client.open(path, text);
  await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'missing-timeout'), false);
  await client.connection.sendRequest(StatsRequest, null);
  const before = client.publishCount.get(uri);
  // A comment typed at the end: the file is longer, its diagnostics the same.
  await client.change(path, [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: '// later\n' }]);
  await client.connection.sendRequest(StatsRequest, null);
  assert.equal(client.publishCount.get(uri), before);
  // And one that moves them is published.
  const moved = client.waitForDiagnostics(uri, (d) => d.find((x) => x.code === 'missing-timeout')?.range.start.line === 3);
  await client.change(path, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\n' }]);
  await moved;
});

test('related information carries the hops of a chain; unused suppressions are tagged Unnecessary', async () => {
  const text = [
    'service A',
    'service B',
    'service C',
    'A -> B { timeout: 1s }',
    'B -> C { timeout: 1s }',
    'C -> A { timeout: 1s }',
    '// topo-ignore-next-line missing-dlq',
    'service D { latency: 1ms }',
    'D -> A { timeout: 1s }',
  ].join('\n');
  const { root, client } = await start({ 'a.topo': text });
  const diagnostics = await client.waitForDiagnostics(uriOf(join(root, 'a.topo')), (d) => d.length > 0, false);
  const cycle = diagnostics.find((d) => d.code === 'sync-cycle')!;
  assert.equal(cycle.severity, 1);
  assert.equal(cycle.relatedInformation!.length, 2);
  assert.equal(cycle.relatedInformation![0]!.location.uri, uriOf(join(root, 'a.topo')));
  const unused = diagnostics.find((d) => d.code === 'unused-suppression')!;
  assert.deepEqual(unused.tags, [1]);
});

test('a file deleted on disk loses its diagnostics and its declarations', async () => {
  const { root, client } = await start({ 'a.topo': 'service A\nA -> B { timeout: 1s }\n', 'b.topo': 'service B\nservice X\nX -> Y { timeout: 1s }\n' });
  const a = uriOf(join(root, 'a.topo'));
  const b = uriOf(join(root, 'b.topo'));
  await client.waitForDiagnostics(b, (d) => d.some((x) => x.code === 'unknown-element'), false);
  unlinkSync(join(root, 'b.topo'));
  const clearedB = client.waitForDiagnostics(b, (d) => d.length === 0);
  const brokenA = client.waitForDiagnostics(a, (d) => d.some((x) => x.code === 'unknown-element'));
  await client.watched([{ path: join(root, 'b.topo'), type: 'deleted' }]);
  await Promise.all([clearedB, brokenA]);
});

test('a new file on disk joins the project', async () => {
  const { root, client } = await start({ 'a.topo': 'service A\nA -> B { timeout: 1s }\n' });
  const a = uriOf(join(root, 'a.topo'));
  await client.waitForDiagnostics(a, (d) => d.some((x) => x.code === 'unknown-element'), false);
  writeFileSync(join(root, 'b.topo'), 'service B\n');
  const cleared = client.waitForDiagnostics(a, (d) => d.length === 0);
  await client.watched([{ path: join(root, 'b.topo'), type: 'created' }]);
  await cleared;
});

test('topo.json changes re-apply severities at once; a broken topo.json is reported on it', async () => {
  const { root, client } = await start({ 'a.topo': 'service A\nservice B\nA -> B\n', 'topo.json': '{}' });
  const a = uriOf(join(root, 'a.topo'));
  const config = join(root, 'topo.json');
  await client.waitForDiagnostics(a, (d) => d.some((x) => x.code === 'missing-timeout' && x.severity === 2), false);
  writeFileSync(config, '{ "rules": { "missing-timeout": "error" } }');
  const raised = client.waitForDiagnostics(a, (d) => d.some((x) => x.code === 'missing-timeout' && x.severity === 1));
  await client.watched([{ path: config, type: 'changed' }]);
  await raised;
  writeFileSync(config, '{ "rules": { "missing-timeout": "loud" } }');
  const broken = client.waitForDiagnostics(uriOf(config), (d) => d.length === 1);
  await client.watched([{ path: config, type: 'changed' }]);
  const [problem] = await broken;
  assert.match(problem!.message as string, /rules\.missing-timeout: severity must be one of/);
  assert.deepEqual(problem!.range.start, { line: 0, character: 13 });
  rmSync(config);
});

test('closing a document that is not on disk clears its diagnostics', async () => {
  const { root, client } = await start({ 'a.topo': 'service A\n' });
  const path = join(root, 'scratch.topo');
  const uri = uriOf(path);
  const shown = client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'syntax-error'));
  await client.open(path, 'service\n');
  await shown;
  const cleared = client.waitForDiagnostics(uri, (d) => d.length === 0);
  await client.close(path);
  await cleared;
});

test('an edit re-parses only the changed file', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 20; i++) files[`f${i}.topo`] = `service S${i}\n`;
  const { root, client } = await start(files);
  const path = join(root, 'f0.topo');
  await client.open(path, 'service S0\n');
  const before = (await client.connection.sendRequest(StatsRequest, null)).parseCount;
  const shown = client.waitForDiagnostics(uriOf(path), (d) => d.some((x) => x.code === 'syntax-error'));
  await client.change(path, [{ text: 'service S0 {\n' }]);
  await shown;
  const afterCount = (await client.connection.sendRequest(StatsRequest, null)).parseCount;
  assert.equal(afterCount - before, 1);
});

test('topo/stats reports the process memory, after a full collection only when the server may run one', async () => {
  const { client } = await start({ 'a.topo': 'service A\n' });
  const plain = await client.connection.sendRequest(StatsRequest, { collectGarbage: true });
  assert.equal(plain.collected, false);
  assert.ok(plain.memory.heapUsed > 0 && plain.memory.heapUsed <= plain.memory.heapTotal && plain.memory.rss > plain.memory.heapUsed);
  const withGc = new LspClient({ nodeArgs: ['--expose-gc'] });
  clients.push(withGc);
  await withGc.initialize(tempProject({ 'a.topo': 'service A\n' }));
  assert.equal((await withGc.connection.sendRequest(StatsRequest, { collectGarbage: true })).collected, true);
  assert.equal((await withGc.connection.sendRequest(StatsRequest, null)).collected, false);
});

test('an untitled document is checked on its own and cleared when closed', async () => {
  const { client } = await start({ 'a.topo': 'service A\n' });
  const uri = 'untitled:Untitled-1';
  const shown = client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'missing-timeout'));
  await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'topo', version: 1, text: 'service X\nservice Y\nX -> Y\n' } });
  const diagnostics = await shown;
  assert.ok(!diagnostics.some((d) => d.code === 'duplicate-element'), 'not merged with the folder project');
  const cleared = client.waitForDiagnostics(uri, (d) => d.length === 0);
  await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  await cleared;
});
