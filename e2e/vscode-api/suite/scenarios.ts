// The eight scenarios of the end-to-end suite, driven through the VS Code API inside the
// extension host: the same steps the code-server suite takes with a mouse and a keyboard,
// asked of the editor's command API instead. They run in order on one window; a scenario
// that edits a file puts it back (`editing`), so each one starts from the samples as
// shipped. Expected answers come from the CLI (`dist/cli.js`), so the editor and the CLI
// are held to the same findings, figures and layout.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as vscode from 'vscode';
import { formatMs } from '../../../server/src/language/services/markdown';
import { SAMPLES } from '../shared';
import {
  appendLine,
  diagnosticsWithRule,
  editing,
  extension,
  lintJson,
  type LintReport,
  positionOf,
  ruleOf,
  runCli,
  severityWord,
  show,
  waitForDiagnostics,
  waitUntil,
  workspaceRoot,
  workspaceUri,
} from './helpers';

export interface Scenario {
  name: string;
  run(): Promise<void>;
}

const checkoutUri = (): vscode.Uri => workspaceUri('checkout', 'checkout.topo');

// ---- 1. diagnostics equal the CLI's ------------------------------------------------

/** One finding as both sides can state it: 1-based range as the CLI prints it, severity, rule id. */
type Signature = string;

function cliSignatures(report: LintReport, cwd: string, into: Map<string, Signature[]>): void {
  for (const file of report.files) {
    const signatures = into.get(resolve(cwd, file.path)) ?? [];
    for (const { ruleId, severity, range } of file.findings) {
      signatures.push(`${range.start.line}:${range.start.column}-${range.end.line}:${range.end.column} ${severity} ${ruleId}`);
    }
    into.set(resolve(cwd, file.path), signatures.sort());
  }
}

function editorSignatures(paths: Iterable<string>): Map<string, Signature[]> {
  const found = new Map<string, Signature[]>();
  for (const path of paths) {
    const signatures = vscode.languages.getDiagnostics(vscode.Uri.file(path)).map((diagnostic) => {
      const { start, end } = diagnostic.range;
      return `${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1} ${severityWord(diagnostic.severity)} ${ruleOf(diagnostic)}`;
    });
    found.set(path, signatures.sort());
  }
  return found;
}

async function diagnosticsMatchTheCli(): Promise<void> {
  const root = workspaceRoot();
  await show(checkoutUri());
  const expected = new Map<string, Signature[]>();
  for (const sample of SAMPLES) {
    // Every .topo file of the sample is expected, those without findings with none.
    for (const name of readdirSync(join(root, sample))) if (name.endsWith('.topo')) expected.set(join(root, sample, name), []);
    cliSignatures(await lintJson(sample, root), root, expected);
  }
  const same = (): boolean => JSON.stringify([...editorSignatures(expected.keys())]) === JSON.stringify([...expected]);
  await waitForDiagnostics(same);
  // Same files, same count, same rule ids, severities and ranges (a diff on failure).
  assert.deepEqual(Object.fromEntries(editorSignatures(expected.keys())), Object.fromEntries(expected));

  for (const path of expected.keys()) {
    for (const diagnostic of vscode.languages.getDiagnostics(vscode.Uri.file(path))) {
      assert.equal(diagnostic.source, 'topo', `source of ${JSON.stringify(diagnostic.message)}`);
      // The code links the rule's doc page (codeDescription).
      const code = diagnostic.code;
      assert.ok(typeof code === 'object' && code.target.toString().endsWith(`/${code.value}.md`), `doc link of ${ruleOf(diagnostic)}: ${JSON.stringify(code)}`);
    }
  }
}

// ---- 2. hover -----------------------------------------------------------------------

function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

async function hoverShowsFigures(): Promise<void> {
  const root = workspaceRoot();
  const report = await lintJson('checkout', root);
  const orders = report.projects.flatMap((project) => project.elements).find((element) => element.name === 'Orders');
  assert.ok(orders?.responseTimeMs !== undefined, 'the CLI reports a response time for Orders');

  const editor = await show(checkoutUri());
  const position = positionOf(editor.document, 'service Orders', 'service '.length + 1);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, position);
  const text = hoverText(hovers);
  // The wording of server/src/language/services/hover.ts; the figure is the CLI's.
  assert.ok(text.includes(`**Response time R:** ${formatMs(orders.responseTimeMs)}`), `hover over Orders gives R = ${formatMs(orders.responseTimeMs)}:\n${text}`);
  const availability = /\*\*Composite availability:\*\* (\d+(?:\.\d+)?)%/.exec(text);
  assert.ok(availability, `hover over Orders gives its composite availability:\n${text}`);
  // Orders and what it calls declare availabilities below 100%: so must their product be.
  assert.ok(Number(availability[1]) < 100, `composite availability below 100%: ${availability[0]}`);
}

// ---- 3. completion ------------------------------------------------------------------

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

async function completionOffersNames(): Promise<void> {
  const editor = await show(checkoutUri());
  const document = editor.document;
  await editing([document], async () => {
    await appendLine(document, 'Orders -> ');
    const position = document.positionAt(document.getText().length);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position);
    const labels = list.items.map(labelOf);
    for (const name of ['Payments', 'Inventory', 'Stripe']) assert.ok(labels.includes(name), `completion after 'Orders -> ' offers ${name}: ${labels.join(', ')}`);

    const item = list.items.find((candidate) => labelOf(candidate) === 'Payments')!;
    const range = item.range === undefined ? new vscode.Range(position, position) : item.range instanceof vscode.Range ? item.range : item.range.replacing;
    const insert = item.insertText ?? labelOf(item);
    const applied =
      insert instanceof vscode.SnippetString
        ? await editor.insertSnippet(insert, range)
        : await editor.edit((builder) => builder.replace(range, insert));
    assert.ok(applied, 'the completion applies');
    const lastLine = document.lineAt(document.lineCount - 1).text;
    assert.equal(lastLine.trimEnd(), 'Orders -> Payments');

    // The server sees the new link: a sync call from a service without a timeout.
    const line = document.lineCount - 1;
    const seen = await waitForDiagnostics(() => diagnosticsWithRule(document.uri, 'missing-timeout').some((diagnostic) => diagnostic.range.start.line === line));
    assert.ok(seen, `a missing-timeout diagnostic on the completed link (line ${line + 1})`);
  });
}

// ---- 4. quick fix -------------------------------------------------------------------

async function quickFixRemovesDiagnostic(): Promise<void> {
  const editor = await show(checkoutUri());
  const document = editor.document;
  await editing([document], async () => {
    await waitForDiagnostics(() => diagnosticsWithRule(document.uri, 'missing-dlq').length > 0);
    const diagnostic = diagnosticsWithRule(document.uri, 'missing-dlq')[0];
    assert.ok(diagnostic, 'checkout.topo has a missing-dlq diagnostic');

    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    // Each finding's own fix is its preferred action; "Suppress … on this line" is offered
    // beside it. Other findings on the same range (retry-without-idempotency) bring theirs,
    // and the command's actions do not carry their diagnostics: the title tells them apart.
    const fix = actions.find(
      (action): action is vscode.CodeAction => action instanceof vscode.CodeAction && action.isPreferred === true && /dead-letter queue/.test(action.title),
    );
    assert.ok(fix?.edit, `a preferred quick fix with an edit for missing-dlq among: ${actions.map((action) => action.title).join('; ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit), `applying '${fix.title}'`);

    const gone = await waitForDiagnostics(() => diagnosticsWithRule(document.uri, 'missing-dlq').length === 0);
    assert.ok(gone, `missing-dlq is gone after '${fix.title}'; left: ${diagnosticsWithRule(document.uri, 'missing-dlq').map((d) => d.message).join(' | ')}`);
  });
}

// ---- 5. rename across files -----------------------------------------------------------

async function renameChangesBothFiles(): Promise<void> {
  const billing = await vscode.workspace.openTextDocument(workspaceUri('microservices', 'billing.topo'));
  const orders = await vscode.workspace.openTextDocument(workspaceUri('microservices', 'orders.topo'));
  await show(billing.uri);
  await editing([billing, orders], async () => {
    const position = positionOf(billing, 'service Billing ', 'service '.length + 1);
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit | undefined>('vscode.executeDocumentRenameProvider', billing.uri, position, 'BillingService');
    assert.ok(edit, 'the rename provider answers');
    const changed = edit.entries().map(([uri]) => uri.fsPath);
    for (const document of [billing, orders]) assert.ok(changed.includes(document.uri.fsPath), `the rename edits ${document.uri.fsPath}: ${changed.join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(edit), 'applying the rename');

    assert.ok(billing.getText().includes('service BillingService {'), 'billing.topo declares BillingService');
    assert.ok(billing.getText().includes('BillingService -> Tax'), 'billing.topo links from BillingService');
    assert.ok(orders.getText().includes('Orders -> BillingService "authorise payment"'), 'orders.topo links to BillingService');
    // Only the element was renamed: the group BillingDomain keeps its name.
    assert.ok(billing.getText().includes('group BillingDomain'), 'the group BillingDomain is untouched');

    // The server agrees: the reference in orders.topo leads to the declaration in billing.topo.
    const reference = positionOf(orders, '-> BillingService', '-> '.length + 1);
    const found = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', orders.uri, reference);
    const targets = found.map((location) => ('targetUri' in location ? location.targetUri : location.uri).fsPath);
    assert.deepEqual(targets, [billing.uri.fsPath], 'go to definition from orders.topo lands in billing.topo');
  });
}

// ---- 6. preview -----------------------------------------------------------------------

function previewTab(): { tab: vscode.Tab; group: vscode.TabGroup } | undefined {
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) if (tab.label === 'Topo Preview' && tab.input instanceof vscode.TabInputWebview) return { tab, group };
  }
  return undefined;
}

async function previewOpensBeside(): Promise<void> {
  const editor = await show(checkoutUri(), vscode.ViewColumn.One);
  await vscode.commands.executeCommand('topo.openPreviewToSide');
  const opened = await waitUntil(vscode.window.tabGroups.onDidChangeTabs, () => previewTab() !== undefined);
  assert.ok(opened, `a 'Topo Preview' webview tab opens; tabs: ${vscode.window.tabGroups.all.flatMap((group) => group.tabs.map((tab) => tab.label)).join(', ')}`);
  const { tab, group } = previewTab()!;
  // VS Code prefixes an extension's view type ('mainThreadWebview-topo.preview').
  assert.ok((tab.input as vscode.TabInputWebview).viewType.endsWith('topo.preview'), `view type ${(tab.input as vscode.TabInputWebview).viewType}`);
  assert.notEqual(group.viewColumn, editor.viewColumn, 'the preview opens beside the editor, not over it');
  // The API cannot see inside a webview: whether Mermaid drew the diagram, under the CSP,
  // is checked by the code-server suite (npm run test:e2e), which reads the webview's DOM.
  // What this suite can check is the panel itself and that the editor survives it.
  assert.ok(extension().isActive, 'the extension is still active');
  assert.ok(await vscode.window.tabGroups.close(tab), 'the preview closes');
}

// ---- 7. a broken file -----------------------------------------------------------------

async function syntaxErrorComesAndGoes(): Promise<void> {
  const editor = await show(checkoutUri());
  const document = editor.document;
  await editing([document], async () => {
    await appendLine(document, 'Orders -> -> {\n');
    const broken = await waitForDiagnostics(() => diagnosticsWithRule(document.uri, 'syntax-error').length > 0);
    assert.ok(broken, 'a syntax-error diagnostic appears');
    assert.ok(extension().isActive, 'the extension is still active');
    // And its server still answers on the broken file.
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, positionOf(document, 'service Orders', 'service '.length + 1));
    assert.ok(hoverText(hovers).includes('Orders'), 'hover still answers on the broken file');
  });
  const fixed = await waitForDiagnostics(() => diagnosticsWithRule(document.uri, 'syntax-error').length === 0);
  assert.ok(fixed, `the syntax error goes once the file is fixed; left: ${diagnosticsWithRule(document.uri, 'syntax-error').map((d) => d.message).join(' | ')}`);
  assert.ok(extension().isActive, 'the extension is still active');
}

// ---- 8. format ------------------------------------------------------------------------

/** A design laid out in a hurry: odd spacing and indentation, a block too long for one line, a trailing comment. */
const MESSY = `// a design laid out in a hurry
group   Core "Core"{
service   Orders{latency:40ms,availability:99.95%}
      database OrdersDb {latency: 8ms}
}
queue Jobs   {dlq:JobsDlq}
queue JobsDlq{ monitored : true }
worker   Runner { idempotent:true, description: "runs the jobs that the orders service enqueues, one at a time", owner: "platform-team" }
Orders->OrdersDb{timeout:200ms}   // the order row
Orders~>Jobs "enqueue"
Jobs ~>  Runner {retries:3}
`;

async function formatMatchesTheCli(): Promise<void> {
  // What `topo fmt` makes of the file, on a copy outside the workspace.
  const scratch = mkdtempSync(join(tmpdir(), 'topo-fmt-'));
  try {
    writeFileSync(join(scratch, 'messy.topo'), MESSY);
    const formatted = await runCli(['fmt', 'messy.topo'], scratch);
    assert.equal(formatted.code, 0, `topo fmt: ${formatted.stderr}`);
    const expected = readFileSync(join(scratch, 'messy.topo'), 'utf8');
    assert.notEqual(expected, MESSY, 'topo fmt changes the messy file');

    // A project of its own in the workspace, so that the samples' projects are not touched.
    const folder = join(workspaceRoot(), 'format');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'topo.json'), '{}\n');
    writeFileSync(join(folder, 'messy.topo'), MESSY);
    const editor = await show(vscode.Uri.file(join(folder, 'messy.topo')));
    const options: vscode.FormattingOptions = { tabSize: 2, insertSpaces: true };
    const edits = await vscode.commands.executeCommand<vscode.TextEdit[] | undefined>('vscode.executeFormatDocumentProvider', editor.document.uri, options);
    assert.ok(edits && edits.length > 0, 'the formatter proposes edits');
    const edit = new vscode.WorkspaceEdit();
    edit.set(editor.document.uri, edits);
    assert.ok(await vscode.workspace.applyEdit(edit), 'applying the formatting edits');
    assert.equal(editor.document.getText(), expected, 'Format Document gives what topo fmt writes');

    // `topo fmt --check` semantics: the editor's result is one the CLI would leave alone.
    writeFileSync(join(scratch, 'editor.topo'), editor.document.getText());
    const check = await runCli(['fmt', '--check', 'editor.topo'], scratch);
    assert.equal(check.code, 0, `topo fmt --check on the editor's result: ${check.stdout}${check.stderr}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export const scenarios: readonly Scenario[] = [
  { name: '1. diagnostics of the samples equal topo lint', run: diagnosticsMatchTheCli },
  { name: '2. hover shows response time and availability', run: hoverShowsFigures },
  { name: '3. completion offers element names after ->', run: completionOffersNames },
  { name: '4. a quick fix removes its diagnostic', run: quickFixRemovesDiagnostic },
  { name: '5. rename changes both files', run: renameChangesBothFiles },
  { name: '6. the preview opens beside the editor', run: previewOpensBeside },
  { name: '7. a syntax error comes and goes, the extension stays', run: syntaxErrorComesAndGoes },
  { name: '8. Format Document equals topo fmt', run: formatMatchesTheCli },
];
