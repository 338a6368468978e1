// The preview's `topo/diagram` request over real LSP, against the built server: the views,
// the element picked from the cursor, the nodes' places and figures, and its refusals.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient, uriOf } from '../helpers/lspClient';
import { tempProject } from '../helpers/cli';
import { DiagramRequestType, type DiagramParams, type DiagramResponse } from '../../src/lsp/protocol';

const EDGE = [
  'client Web "Web shop" { budget: 500ms, slo: 99.9% }',
  'group Front "Front" {',
  '  gateway Api "API" { latency: 5ms, description: "the edge", owner: "edge-team" }',
  '}',
  'Web -> Api { protocol: https }',
  'Api -> Orders { timeout: 1s }',
  '',
  '',
].join('\n');
const CORE = [
  'service Orders { latency: 40ms, availability: 99.9% }',
  'database OrdersDb { latency: 5ms, availability: 99.99% }',
  'queue Jobs { dlq: JobsDlq }',
  'queue JobsDlq { monitored: true }',
  'worker Runner { idempotent: true }',
  'Orders -> OrdersDb { timeout: 100ms }',
  'Orders ~> Jobs',
  'Jobs ~> Runner { retries: 2, dlq: JobsDlq }',
  '',
].join('\n');

let client: LspClient;
let root: string;
let edge: string;
let core: string;
let lonely: string;

before(async () => {
  root = tempProject({ 'shop/topo.json': '{}', 'shop/edge.topo': EDGE, 'shop/core.topo': CORE, 'tools/batch.topo': 'worker Nightly\nservice Store\nNightly -> Store { timeout: 1s }\n' });
  edge = join(root, 'shop', 'edge.topo');
  core = join(root, 'shop', 'core.topo');
  lonely = join(root, 'tools', 'batch.topo');
  client = new LspClient();
  await client.initialize(root);
  await client.open(edge, EDGE);
  await client.waitForDiagnostics(uriOf(edge), () => true, false);
});
after(async () => {
  await client.shutdown();
});

type Answer = Extract<DiagramResponse, { ok: true }>;

function ask(params: Partial<DiagramParams> & { uri?: string }): Promise<DiagramResponse> {
  return client.connection.sendRequest(DiagramRequestType, { uri: uriOf(edge), view: 'topology', ...params } as DiagramParams);
}

async function answer(params: Partial<DiagramParams>): Promise<Answer> {
  const response = await ask(params);
  if (!response.ok) assert.fail(`the server refused: ${response.error}`);
  return response;
}

/** The offset of `needle` in `text`, plus `delta`. */
function at(text: string, needle: string, delta = 0): number {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `${needle} in the text`);
  return offset + delta;
}

const names = (response: Answer): string[] => response.nodes.map((node) => node.name).sort();

test('the topology: every element, where it is declared, with its figures', async () => {
  const topology = await answer({ view: 'topology' });
  assert.equal(topology.view, 'topology');
  assert.equal(topology.title, 'Topology');
  assert.deepEqual(names(topology), ['Api', 'Jobs', 'JobsDlq', 'Orders', 'OrdersDb', 'Runner', 'Web']);
  assert.equal(topology.edgeCount, 5);
  assert.ok(topology.size.nodes >= 7 && topology.size.edges >= 5, 'the size counts the legend too');
  assert.equal(topology.size.textLength, topology.text.length);
  assert.match(topology.text, /^flowchart /);
  const texts = { [uriOf(edge)]: EDGE, [uriOf(core)]: CORE };
  for (const node of topology.nodes) {
    assert.match(node.id, /^[A-Za-z0-9_]+$/);
    assert.ok(topology.text.includes(node.id), `${node.id} is drawn`);
    // The range is the declaration's name, in the file that declares it.
    const text = texts[node.uri];
    assert.ok(text !== undefined, `${node.name} is in a file of the project (${node.uri})`);
    const document = TextDocument.create(node.uri, 'topo', 1, text);
    assert.equal(document.getText(node.range), node.name);
    assert.ok(document.getText({ start: { line: node.range.start.line, character: 0 }, end: node.range.end }).endsWith(`${node.kind} ${node.name}`));
  }
  const summary = (name: string): string => topology.nodes.find((node) => node.name === name)!.summary;
  // R(Api) = 5 + 40 + 5; A(Api) = 99.9% × 99.99%; two service-like elements on its longest chain.
  assert.equal(
    summary('Api'),
    ['gateway Api — “API”', 'the edge', 'Owner: edge-team', 'Response time R: 50 ms', 'Composite availability: 99.89%', 'Sync depth: 2', 'User-facing: an entry waits for it'].join('\n'),
  );
  assert.equal(summary('Web'), ['client Web — “Web shop”', 'Response time R: 50 ms', 'Composite availability: 99.89%', 'Sync depth: 2'].join('\n'));
  // A channel has no sync depth; its R is what an awaited request through it waits for.
  assert.equal(summary('Jobs'), ['queue Jobs', 'Response time R (of an awaited request through it): 0 ms', 'Composite availability: 100%'].join('\n'));
  assert.equal(summary('OrdersDb'), ['database OrdersDb', 'Response time R: 5 ms', 'Composite availability: 99.99%', 'Sync depth: 0', 'User-facing: an entry waits for it'].join('\n'));
});

test('focus: the element or link under the cursor, at the depth asked', async () => {
  // The name of a link end.
  const onName = await answer({ view: 'focus', offset: at(EDGE, 'Api -> Orders', 8) });
  assert.equal(onName.element, 'Orders');
  assert.equal(onName.depth, 2, 'the default depth');
  assert.match(onName.title, /Orders/);
  assert.deepEqual(names(onName), ['Api', 'Jobs', 'Orders', 'OrdersDb', 'Runner', 'Web']);
  const near = await answer({ view: 'focus', offset: at(EDGE, 'Api -> Orders', 8), depth: 1 });
  assert.equal(near.depth, 1);
  assert.deepEqual(names(near), ['Api', 'Jobs', 'Orders', 'OrdersDb']);
  // An arrow stands for the element it leaves, a kind keyword and a property for their element,
  // a link's property for the link's first element.
  assert.equal((await answer({ view: 'focus', offset: at(EDGE, 'Api -> Orders', 4) })).element, 'Api');
  assert.equal((await answer({ view: 'focus', offset: at(EDGE, 'gateway', 2) })).element, 'Api');
  assert.equal((await answer({ view: 'focus', offset: at(EDGE, 'edge-team', 1) })).element, 'Api');
  assert.equal((await answer({ view: 'focus', offset: at(EDGE, '1s }') })).element, 'Api');
  assert.equal((await answer({ view: 'focus', uri: uriOf(core), offset: at(CORE, 'Jobs ~> Runner', 9) })).element, 'Runner');
  // The cursor on an element wins over the element the preview shows.
  assert.equal((await answer({ view: 'focus', offset: at(EDGE, 'Web ->', 1), element: 'Runner' })).element, 'Web');
});

test('focus: on a blank line the element shown stays; without one, the document’s first element', async () => {
  const blank = EDGE.length - 1;
  assert.equal((await answer({ view: 'focus', offset: blank, element: 'Runner' })).element, 'Runner');
  assert.equal((await answer({ view: 'focus', element: 'OrdersDb' })).element, 'OrdersDb');
  assert.equal((await answer({ view: 'focus', offset: blank })).element, 'Web');
  assert.equal((await answer({ view: 'focus', uri: uriOf(core) })).element, 'Orders');
  // A name the project does not (or no longer) declare is no choice.
  assert.equal((await answer({ view: 'focus', offset: blank, element: 'Gone' })).element, 'Web');
  assert.equal((await answer({ view: 'focus', offset: -4, element: 'Runner' })).element, 'Runner', 'a negative offset is no cursor');
  assert.equal((await answer({ view: 'focus', offset: 1e9, element: 'Runner' })).element, 'Runner', 'nor is one past the end');
});

test('sequence: the entry whose requests reach the element under the cursor, else the first entry', async () => {
  const fromRunner = await answer({ view: 'sequence', uri: uriOf(core), offset: at(CORE, 'worker Runner', 8) });
  assert.equal(fromRunner.view, 'sequence');
  assert.equal(fromRunner.element, 'Web');
  assert.match(fromRunner.text, /^sequenceDiagram/);
  assert.match(fromRunner.title, /Web/);
  for (const name of ['Web', 'Api', 'Orders']) assert.ok(fromRunner.nodes.some((node) => node.name === name), `${name} takes part`);
  // JobsDlq is reached by no link: the project's first entry.
  assert.equal((await answer({ view: 'sequence', uri: uriOf(core), offset: at(CORE, 'queue JobsDlq', 7) })).element, 'Web');
  assert.equal((await answer({ view: 'sequence' })).element, 'Web');
  const none = await ask({ view: 'sequence', uri: uriOf(lonely) });
  assert.deepEqual(none, { ok: false, error: 'The sequence view draws the requests of an entry (an actor or a client), and the project declares none.' });
  // The other project is a project of its own.
  assert.deepEqual(names(await answer({ view: 'topology', uri: uriOf(lonely) })), ['Nightly', 'Store']);
});

test('requests it cannot answer get a reason, not an exception', async () => {
  assert.deepEqual(await ask({ view: 'graph' as DiagramParams['view'] }), { ok: false, error: 'Unknown view "graph": the views are topology, focus, sequence.' });
  for (const depth of [0, 6, 2.5]) {
    assert.deepEqual(await ask({ view: 'focus', depth }), { ok: false, error: 'The depth of the focus view is a whole number from 1 to 5.' });
  }
  const unavailable = /^No diagram for this document: it is not a saved \.topo file of an open folder/;
  const untitled = await ask({ uri: 'untitled:Untitled-1' });
  assert.ok(!untitled.ok && unavailable.test(untitled.error));
  const elsewhere = await ask({ uri: uriOf(join(root, 'nowhere.topo')) });
  assert.ok(!elsewhere.ok && unavailable.test(elsewhere.error));
  // The server is still there.
  assert.equal((await answer({ view: 'topology' })).view, 'topology');
});

test('an edit changes the next answer; an edit that changes only a figure leaves the text as it was', async () => {
  const before = await answer({ view: 'topology' });
  const slower = EDGE.replace('latency: 5ms', 'latency: 25ms');
  await client.change(edge, [{ text: slower }]);
  const after = await answer({ view: 'topology' });
  assert.equal(after.text, before.text, 'a latency is not drawn: the preview need not lay out again');
  assert.match(after.nodes.find((node) => node.name === 'Api')!.summary, /Response time R: 70 ms/);
  const grown = `${slower}service Audit { latency: 1ms }\nApi -> Audit { timeout: 1s }\n`;
  await client.change(edge, [{ text: grown }]);
  const bigger = await answer({ view: 'topology' });
  assert.ok(bigger.nodes.some((node) => node.name === 'Audit'));
  assert.equal(bigger.edgeCount, 6);
  assert.notEqual(bigger.text, before.text);
  await client.change(edge, [{ text: EDGE }]);
  assert.deepEqual(await answer({ view: 'topology' }), before);
});

test('a syntax error anywhere in the project: a refusal that names the place, in every view, until the text parses', async () => {
  const before = await answer({ view: 'topology' });
  const broken = CORE.replace('worker Runner', 'worker {');
  await client.open(core, CORE);
  await client.change(core, [{ text: broken }]);
  for (const view of ['topology', 'focus', 'sequence'] as const) {
    const response = await ask({ view });
    assert.ok(!response.ok, `${view}: ${JSON.stringify(response).slice(0, 300)}`);
    assert.equal(response.error, "core.topo:5:8: expected a name after 'worker' — the preview keeps the last diagram drawn without errors until this is fixed");
  }
  await client.change(core, [{ text: CORE }]);
  assert.deepEqual(await answer({ view: 'topology' }), before);
  await client.close(core);
});

test('user text reaches the summaries as it was written: the page shows it with textContent', async () => {
  const hostile = 'service Evil "<img src=x onerror=alert(1)>" { description: "%%{init: {\\"securityLevel\\":\\"loose\\"}}%%" }\nApi -> Evil { timeout: 1s }\n';
  await client.change(edge, [{ text: EDGE + hostile }]);
  const topology = await answer({ view: 'topology' });
  const evil = topology.nodes.find((node) => node.name === 'Evil')!;
  assert.equal(evil.summary.split('\n').slice(0, 2).join('\n'), 'service Evil — “<img src=x onerror=alert(1)>”\n%%{init: {"securityLevel":"loose"}}%%');
  assert.doesNotMatch(topology.text, /<img/, 'the generator escapes the label');
  assert.doesNotMatch(topology.text, /^\s*%%\{/m, 'no directive in the text');
  await client.change(edge, [{ text: EDGE }]);
});
