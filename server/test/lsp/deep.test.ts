// Requests on a file nested far deeper than anyone writes: answered, never an error.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DocumentSymbol, DocumentSymbolRequest, FoldingRangeRequest, HoverRequest, SemanticTokensRequest } from 'vscode-languageserver-protocol';
import { LspClient, uriOf } from '../helpers/lspClient';
import { tempProject } from '../helpers/cli';
import { MAX_OUTLINE_DEPTH } from '../../src/language/services/symbols';

const clients: LspClient[] = [];
after(async () => {
  await Promise.all(clients.map((c) => c.shutdown()));
});

test('5,000 nested groups: the outline, folding, semantic tokens and hover answer', async () => {
  const depth = 5000;
  const text = `${'group G {\n'.repeat(depth)}service A\n${'}\n'.repeat(depth)}`;
  const root = tempProject({ 'deep.topo': text });
  const client = new LspClient();
  clients.push(client);
  await client.initialize(root);
  const path = join(root, 'deep.topo');
  await client.open(path, text);
  const textDocument = { uri: uriOf(path) };

  let level = (await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument })) as DocumentSymbol[];
  for (let i = 0; i < MAX_OUTLINE_DEPTH; i++) {
    assert.equal(level.length, 1, `one group at depth ${i}`);
    level = level[0]!.children ?? [];
  }
  assert.equal(level.length, depth - MAX_OUTLINE_DEPTH + 1);
  assert.equal(level.at(-1)!.name, 'A');
  assert.deepEqual(level.at(-1)!.range.start, { line: depth, character: 0 });

  const folding = await client.connection.sendRequest(FoldingRangeRequest.type, { textDocument });
  assert.ok(Array.isArray(folding) && folding.length > 0);
  const tokens = await client.connection.sendRequest(SemanticTokensRequest.type, { textDocument });
  assert.ok(tokens && tokens.data.length > 0);
  const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument, position: { line: depth, character: 9 } });
  assert.ok(hover, 'hover on A');
});
