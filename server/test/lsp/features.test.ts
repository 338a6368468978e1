// Every editor feature over real LSP, against the built server.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CompletionList,
  CompletionRequest,
  DefinitionRequest,
  DocumentFormattingRequest,
  DocumentSymbol,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  HoverRequest,
  Location,
  MarkupContent,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  SemanticTokensRequest,
  TextEdit,
  WorkspaceEdit,
  WorkspaceSymbolRequest,
  CancellationTokenSource,
  Position,
} from 'vscode-languageserver-protocol';
import { LspClient, uriOf } from '../helpers/lspClient';
import { tempProject } from '../helpers/cli';

const EDGE = [
  '// the edge of the shop',
  'client Web "Web shop" { budget: 500ms, slo: 99.9% }',
  'group Front "Front" {',
  '  gateway Api "API" { latency: 5ms }',
  '}',
  'Web -> Api { protocol: https }',
  'Api -> Orders { timeout: 1s }',
  '',
].join('\n');
const CORE = [
  'service Orders { latency: 40ms, availability: 99.9% }',
  'database OrdersDb { latency: 5ms }',
  'queue Jobs { dlq: JobsDlq }',
  'queue JobsDlq { monitored: true }',
  'worker Runner { idempotent: true }',
  'Orders -> OrdersDb { timeout: 100ms }',
  'Orders ~> Jobs',
  'Jobs ~> Runner { retries: 2 }',
  '',
].join('\n');

let client: LspClient;
let root: string;
let edge: string;
let core: string;

before(async () => {
  root = tempProject({ 'edge.topo': EDGE, 'core.topo': CORE });
  edge = join(root, 'edge.topo');
  core = join(root, 'core.topo');
  client = new LspClient();
  await client.initialize(root);
  await client.open(edge, EDGE);
  await client.waitForDiagnostics(uriOf(edge), () => true, false);
});
after(async () => {
  await client.shutdown();
});

function position(text: string, needle: string, delta = 0): Position {
  const offset = text.indexOf(needle) + delta;
  assert.ok(offset >= delta, `${needle} in the text`);
  return TextDocument.create('x', 'topo', 1, text).positionAt(offset);
}

test('hover on an element shows its figures', async () => {
  const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uriOf(edge) }, position: position(EDGE, 'Api ->', 1) });
  const markdown = (hover!.contents as MarkupContent).value;
  assert.match(markdown, /gateway/);
  assert.match(markdown, /Response time R:\*\* 50 ms/, 'R(Api) = 5 + 40 + 5');
  assert.match(markdown, /99\.9%/);
});

test('completion after an arrow offers the element names of the whole project', async () => {
  const text = `${EDGE}Api -> `;
  await client.change(edge, [{ text }]);
  const list = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: uriOf(edge) }, position: position(text, 'Api -> ', 7 + text.lastIndexOf('Api -> ') - text.indexOf('Api -> ')) })) as CompletionList;
  const labels = list.items.map((item) => item.label);
  for (const name of ['Orders', 'OrdersDb', 'Runner']) assert.ok(labels.includes(name), `${name} offered`);
  await client.change(edge, [{ text: EDGE }]);
});

test('go to definition jumps to the declaration in another file', async () => {
  const found = (await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: uriOf(edge) }, position: position(EDGE, 'Orders {', 1) })) as Location;
  assert.equal(found.uri, uriOf(core));
  assert.deepEqual(found.range, { start: { line: 0, character: 8 }, end: { line: 0, character: 14 } });
});

test('find references lists the uses across files', async () => {
  const found = (await client.connection.sendRequest(ReferencesRequest.type, {
    textDocument: { uri: uriOf(core) },
    position: { line: 0, character: 9 },
    context: { includeDeclaration: true },
  })) as Location[];
  const where = found.map((l) => `${l.uri === uriOf(edge) ? 'edge' : 'core'}:${l.range.start.line}`).sort();
  assert.deepEqual(where, ['core:0', 'core:5', 'core:6', 'edge:6']);
});

test('rename validates the new name and edits every file', async () => {
  const prepared = await client.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri: uriOf(core) }, position: { line: 0, character: 9 } });
  assert.deepEqual(prepared, { range: { start: { line: 0, character: 8 }, end: { line: 0, character: 14 } }, placeholder: 'Orders' });
  await assert.rejects(
    client.connection.sendRequest(RenameRequest.type, { textDocument: { uri: uriOf(core) }, position: { line: 0, character: 9 }, newName: 'Runner' }),
    /Runner/,
  );
  await assert.rejects(client.connection.sendRequest(RenameRequest.type, { textDocument: { uri: uriOf(core) }, position: { line: 0, character: 9 }, newName: 'service' }));
  await assert.rejects(client.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri: uriOf(core) }, position: { line: 0, character: 17 } }));
  const edit = (await client.connection.sendRequest(RenameRequest.type, { textDocument: { uri: uriOf(core) }, position: { line: 0, character: 9 }, newName: 'Checkout' })) as WorkspaceEdit;
  const apply = (text: string, uri: string) => TextDocument.applyEdits(TextDocument.create(uri, 'topo', 1, text), (edit.changes![uri] ?? []) as TextEdit[]);
  assert.match(apply(EDGE, uriOf(edge)), /Api -> Checkout \{ timeout: 1s \}/);
  const renamedCore = apply(CORE, uriOf(core));
  assert.match(renamedCore, /^service Checkout /);
  assert.match(renamedCore, /Checkout -> OrdersDb/);
  assert.match(renamedCore, /Checkout ~> Jobs/);
});

test('document symbols: groups contain their elements, links sit under their source', async () => {
  const symbols = (await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: uriOf(edge) } })) as DocumentSymbol[];
  const front = symbols.find((s) => s.name === 'Front')!;
  assert.ok(front.children!.some((c) => c.name === 'Api'));
  const web = symbols.find((s) => s.name === 'Web')!;
  assert.ok(web.children!.length >= 1, 'Web -> Api under Web');
});

test('workspace symbols match across the project', async () => {
  const found = (await client.connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'ordb' })) as { name: string; location: Location }[];
  assert.ok(found.some((s) => s.name === 'OrdersDb' && s.location.uri === uriOf(core)));
});

test('semantic tokens cover the file with the advertised legend', async () => {
  const legend = client.initializeResult!.capabilities.semanticTokensProvider!.legend;
  const tokens = await client.connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri: uriOf(edge) } });
  assert.ok(tokens && tokens.data.length % 5 === 0 && tokens.data.length / 5 > 20);
  const types = new Set<string>();
  for (let i = 3; i < tokens!.data.length; i += 5) types.add(legend.tokenTypes[tokens!.data[i]!]!);
  for (const type of ['keyword', 'comment', 'string', 'number', 'property', 'operator']) assert.ok(types.has(type), `${type} tokens`);
});

test('folding ranges for groups and property blocks', async () => {
  const ranges = await client.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri: uriOf(edge) } });
  assert.ok(ranges!.some((r) => r.startLine === 2 && r.endLine >= 3), 'the group folds');
});

test('formatting gives the canonical layout and refuses a broken file', async () => {
  const messy = 'service   A{latency:5ms,availability:99%}\n\n\n\nservice B\nA->B{timeout:1s}\n';
  const path = join(root, 'messy.topo');
  await client.open(path, messy);
  const edits = (await client.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri: uriOf(path) }, options: { tabSize: 4, insertSpaces: true } })) as TextEdit[];
  const formatted = TextDocument.applyEdits(TextDocument.create(uriOf(path), 'topo', 1, messy), edits);
  assert.equal(formatted, 'service A { latency: 5ms, availability: 99% }\n\nservice B\nA -> B { timeout: 1s }\n');
  await client.change(path, [{ text: 'service A {\n' }]);
  const none = await client.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri: uriOf(path) }, options: { tabSize: 2, insertSpaces: true } });
  assert.deepEqual(none, []);
});

test('every request on a broken file still answers', async () => {
  const broken = 'service A {\n  latency: \nA -> \ngroup G {\n  queue Q { dlq: \n';
  const path = join(root, 'broken.topo');
  await client.open(path, broken);
  const uri = uriOf(path);
  const lines = broken.split('\n');
  for (let line = 0; line < lines.length; line++) {
    for (let character = 0; character <= lines[line]!.length; character++) {
      const at = { textDocument: { uri }, position: { line, character } };
      await client.connection.sendRequest(HoverRequest.type, at);
      await client.connection.sendRequest(CompletionRequest.type, at);
      await client.connection.sendRequest(DefinitionRequest.type, at);
    }
  }
  await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
  await client.connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri } });
  await client.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } });
  assert.equal(client.process.exitCode, null, 'the server is alive');
  assert.doesNotMatch(client.stderr.join(''), /Error/);
});

test('a cancelled request is answered with RequestCancelled', async () => {
  // Keep the server busy parsing a large edit, so that the request and its cancellation
  // are both waiting when it reads them again: the cancellation is then seen first.
  const path = join(root, 'large.topo');
  await client.open(path, '');
  const large = Array.from({ length: 100_000 }, (_, i) => `service S${i} { latency: 5ms }`).join('\n');
  void client.change(path, [{ text: large }]);
  const source = new CancellationTokenSource();
  source.cancel();
  await assert.rejects(
    client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uriOf(edge) }, position: { line: 1, character: 8 } }, source.token),
    (error: { code?: number }) => error.code === -32800,
  );
  await client.change(path, [{ text: '' }]);
});
