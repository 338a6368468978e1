// Line breaks over real LSP: in a file whose lines end with a lone CR, or with a mix of LF,
// CRLF and CR, the server's positions are the client's (vscode-languageserver-textdocument
// stands for the client: it counts lines as LSP says, and as VS Code does).

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentFormattingRequest, HoverRequest, SemanticTokensRequest, type Position } from 'vscode-languageserver-protocol';
import { LspClient, uriOf } from '../helpers/lspClient';
import { tempProject } from '../helpers/cli';
import { TOKEN_TYPES } from '../../src/language/services/semanticTokens';

const CR_ONLY = 'service A\rservice B\r// a note\rA -> B\r';
const MIXED = '/* a\r\nnote */\rservice C\nservice D\r\n// x\rC -> D\n';

const clients: LspClient[] = [];
after(async () => {
  await Promise.all(clients.map((client) => client.shutdown()));
});

async function start(files: Record<string, string>): Promise<{ root: string; client: LspClient }> {
  const root = tempProject(files);
  const client = new LspClient();
  clients.push(client);
  await client.initialize(root);
  return { root, client };
}

function positionOf(text: string, needle: string): Position {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, needle);
  return TextDocument.create('x', 'topo', 1, text).positionAt(offset);
}

test('diagnostics of a CR-only file and of a mixed one are where the editor shows the code, and an edit by position lands there', async () => {
  const { root, client } = await start({ 'cr.topo': CR_ONLY, 'mixed.topo': MIXED });
  const cr = join(root, 'cr.topo');
  const timeoutMissing = (diagnostics: { code?: unknown }[]) => diagnostics.some((d) => d.code === 'missing-timeout');
  const onDisk = await client.waitForDiagnostics(uriOf(cr), timeoutMissing, false);
  assert.deepEqual(onDisk.find((d) => d.code === 'missing-timeout')!.range, { start: { line: 3, character: 0 }, end: { line: 3, character: 6 } });
  const mixed = await client.waitForDiagnostics(uriOf(join(root, 'mixed.topo')), timeoutMissing, false);
  assert.deepEqual(mixed.find((d) => d.code === 'missing-timeout')!.range, { start: positionOf(MIXED, 'C -> D'), end: { line: 5, character: 6 } });
  assert.equal(positionOf(MIXED, 'C -> D').line, 5);

  // The editor adds a timeout at the end of line 4 (1-based), by position.
  await client.open(cr, CR_ONLY);
  const fixed = client.waitForDiagnostics(uriOf(cr), (d) => !timeoutMissing(d));
  await client.change(cr, [{ range: { start: { line: 3, character: 6 }, end: { line: 3, character: 6 } }, text: ' { timeout: 1s }' }]);
  await fixed;
});

test('hover, semantic tokens and formatting in a CR-only file use the editor positions', async () => {
  const { root, client } = await start({ 'cr.topo': CR_ONLY });
  const cr = join(root, 'cr.topo');
  const uri = uriOf(cr);
  await client.open(cr, CR_ONLY);
  await client.waitForDiagnostics(uri, () => true, false);
  const document = TextDocument.create(uri, 'topo', 1, CR_ONLY);

  const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 3, character: 5 } });
  assert.deepEqual(hover!.range, { start: { line: 3, character: 5 }, end: { line: 3, character: 6 } });

  // Each token, decoded as a client does, covers the text it stands for.
  const { data } = (await client.connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri } }))!;
  const tokens: string[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i < data.length; i += 5) {
    line += data[i]!;
    character = data[i]! === 0 ? character + data[i + 1]! : data[i + 1]!;
    const start = document.offsetAt({ line, character });
    tokens.push(`${line}:${CR_ONLY.slice(start, start + data[i + 2]!)} ${TOKEN_TYPES[data[i + 3]!]}`);
  }
  assert.deepEqual(tokens, ['0:service keyword', '0:A class', '1:service keyword', '1:B class', '2:// a note comment', '3:A class', '3:-> operator', '3:B class']);

  // The edits, applied by the client at their positions, give the formatted text: a CR-only file stays CR-only.
  const messy = 'group G {\r\r\r service A {latency: 5ms}   // x\r\r\r  service B\r}\r// end';
  const path = join(root, 'messy.topo');
  await client.open(path, messy);
  const edits = (await client.connection.sendRequest(DocumentFormattingRequest.type, {
    textDocument: { uri: uriOf(path) },
    options: { tabSize: 2, insertSpaces: true },
  }))!;
  assert.ok(edits.length > 0);
  assert.equal(
    TextDocument.applyEdits(TextDocument.create(uriOf(path), 'topo', 1, messy), edits),
    'group G {\r  service A { latency: 5ms } // x\r\r  service B\r}\r// end\r',
  );
});
