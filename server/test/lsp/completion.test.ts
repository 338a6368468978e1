// Completion lists as a client that supports LSP 3.17 item defaults receives them: one edit
// range for the list, element documentation left to completionItem/resolve.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { CompletionList, CompletionRequest, CompletionResolveRequest, InsertTextFormat, MarkupContent } from 'vscode-languageserver-protocol';
import { LspClient, uriOf } from '../helpers/lspClient';
import { tempProject } from '../helpers/cli';

const clients: LspClient[] = [];
after(async () => {
  await Promise.all(clients.map((c) => c.shutdown()));
});

const FILES = {
  'a.topo': 'service Orders "Takes orders" { description: "the <b>order</b> desk" }\nqueue Jobs\nworker Runner\n',
  'b.topo': 'gateway Api\nApi -> Or\n',
};

async function start(itemDefaults: string[] | undefined) {
  const root = tempProject(FILES);
  const client = new LspClient();
  clients.push(client);
  const completion = { completionItem: { snippetSupport: true }, ...(itemDefaults ? { completionList: { itemDefaults } } : {}) };
  const result = await client.initialize(root, { textDocument: { completion } });
  const path = join(root, 'b.topo');
  await client.open(path, FILES['b.topo']);
  return { client, result, uri: uriOf(path) };
}

const afterArrow = { line: 1, character: 9 };

test('with item defaults: one edit range for the list, element items without text edits or documentation, resolved on demand', async () => {
  const { client, result, uri } = await start(['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data']);
  assert.equal(result.capabilities.completionProvider?.resolveProvider, true);
  const list = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: afterArrow })) as CompletionList;
  assert.deepEqual(list.itemDefaults, { editRange: { start: { line: 1, character: 7 }, end: { line: 1, character: 9 } }, insertTextFormat: InsertTextFormat.PlainText });
  const orders = list.items.find((item) => item.label === 'Orders')!;
  assert.ok(orders, 'Orders offered');
  assert.equal(orders.textEdit, undefined);
  assert.equal(orders.textEditText, undefined, 'the label is the text');
  assert.equal(orders.documentation, undefined);
  assert.deepEqual(orders.data, { uri, element: 'Orders' });
  for (const item of list.items) assert.equal(item.textEdit, undefined, item.label);

  const resolved = await client.connection.sendRequest(CompletionResolveRequest.type, orders);
  const markdown = (resolved.documentation as MarkupContent).value;
  assert.equal((resolved.documentation as MarkupContent).kind, 'markdown');
  assert.match(markdown, /\*\*service\*\* `Orders`/);
  assert.match(markdown, /Takes orders/);
  assert.ok(!markdown.includes('<b>'), 'user text is escaped');
  assert.equal(resolved.label, 'Orders');

  // An item whose element has gone since: returned as it was.
  const gone = await client.connection.sendRequest(CompletionResolveRequest.type, { ...orders, data: { uri, element: 'NoSuchThing' } });
  assert.equal(gone.documentation, undefined);
});

test('without item defaults: every item carries its own text edit; documentation still comes from resolve', async () => {
  const { client, uri } = await start(undefined);
  const list = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: afterArrow })) as CompletionList;
  assert.equal(list.itemDefaults, undefined);
  const orders = list.items.find((item) => item.label === 'Orders')!;
  assert.deepEqual(orders.textEdit, { range: { start: { line: 1, character: 7 }, end: { line: 1, character: 9 } }, newText: 'Orders' });
  assert.equal(orders.insertTextFormat, InsertTextFormat.PlainText);
  const resolved = await client.connection.sendRequest(CompletionResolveRequest.type, orders);
  assert.match((resolved.documentation as MarkupContent).value, /Takes orders/);
});

test('snippets at a statement start keep their snippet format under item defaults', async () => {
  const { client, uri } = await start(['editRange', 'insertTextFormat']);
  const list = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 2, character: 0 } })) as CompletionList;
  const snippet = list.items.find((item) => item.label === 'new service')!;
  assert.equal(snippet.insertTextFormat, InsertTextFormat.Snippet);
  assert.match(snippet.textEditText!, /^service \$\{1:Name\}/);
  const keyword = list.items.find((item) => item.label === 'service')!;
  assert.equal(keyword.textEditText, 'service ');
  assert.ok(keyword.documentation, 'keyword documentation stays inline');
});
