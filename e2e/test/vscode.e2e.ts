// The end-to-end suite: the packaged topo.vsix installed into a real VS Code (code-server,
// VS Code served to a browser), used through its UI in headless Chromium as a person
// would. Each scenario opens a fresh copy of a sample in a new window (its own extension
// host), leaves a screenshot under test-results/e2e/, and checks what is on screen against
// what the CLI or the language core says about the same files.
//
// Run with `npm run test:e2e` (it installs the tools and packages the extension first).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { REPO_ROOT, startCodeServer, type CodeServer } from '../harness/codeServer';
import { launchBrowser, Workbench } from '../harness/workbench';
import { lintDocuments } from '../../server/src/language/lint';
import { parseDocument } from '../../server/src/language/model/model';
import { formatFraction, formatMs } from '../../server/src/language/services/markdown';

const CLI = join(REPO_ROOT, 'dist/cli.js');
const VSIX = join(REPO_ROOT, 'topo.vsix');
const RESULTS = join(REPO_ROOT, 'test-results', 'e2e');

let server: CodeServer;
let browser: Browser;
/** Figures worth reporting (not asserting): how long the steps a person waits for took. */
const timings: Record<string, number> = {};

before(async () => {
  assert.ok(existsSync(VSIX), `${VSIX} is missing: 'npm run test:e2e' packages it first`);
  server = await startCodeServer(VSIX);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, 'timings.json'), `${JSON.stringify(timings, null, 2)}\n`);
});

let copies = 0;
/** A fresh copy of a sample (the scenarios edit and save files). */
function copySample(sample: string): string {
  const folder = join(server.scratch, `ws-${++copies}-${sample}`);
  cpSync(join(REPO_ROOT, 'samples', sample), folder, { recursive: true });
  return folder;
}

/** Runs a scenario in a new window; on failure, a screenshot and code-server's log go with the error. */
async function scenario(name: string, folder: string, firstFile: string, body: (workbench: Workbench) => Promise<void>): Promise<void> {
  const started = Date.now();
  const workbench = await Workbench.open(browser, server.url, folder, firstFile);
  timings[`${name}: window ready (ms)`] = Date.now() - started;
  try {
    await body(workbench);
    const crashes = (await workbench.notifications()).filter((text) => /extension host|terminated unexpectedly/i.test(text));
    assert.deepEqual(crashes, [], 'no extension host crash');
  } catch (error) {
    const shot = await workbench.screenshot(`${name}-FAILED`).catch(() => 'none');
    const detail = `screenshot: ${shot}\ncode-server log (tail):\n${server.log().slice(-3_000)}`;
    if (error instanceof Error) error.message = `${error.message}\n${detail}`;
    throw error;
  } finally {
    await workbench.close();
  }
}

interface CliFinding {
  ruleId: string;
  severity: 'error' | 'warning' | 'info';
  range: { start: { line: number; column: number } };
}

/** What `topo lint --format json` reports for a folder, per file name. */
function cliFindings(folder: string): Map<string, CliFinding[]> {
  let output: string;
  try {
    output = execFileSync(process.execPath, [CLI, 'lint', folder, '--format', 'json'], { encoding: 'utf8' });
  } catch (error) {
    // Exit 1 when there are errors: the report is still on stdout.
    output = (error as { stdout: string }).stdout;
  }
  const report = JSON.parse(output) as { files: { path: string; findings: CliFinding[] }[] };
  return new Map(report.files.map((file) => [file.path.slice(file.path.lastIndexOf('/') + 1), file.findings]));
}

/** The 1-based line and column of `needle` in `text` (plus `delta` characters), as the status bar counts. */
function positionOf(text: string, needle: string, delta = 0): { line: number; column: number } {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `${JSON.stringify(needle)} is in the file`);
  const before = text.slice(0, offset + delta);
  return { line: before.split('\n').length, column: offset + delta - before.lastIndexOf('\n') };
}

/** A sample's project as the language core sees it. */
function lintFolder(folder: string, files: string[]) {
  return lintDocuments(files.map((file) => parseDocument(file, readFileSync(join(folder, file), 'utf8'))));
}


test('1. a sample workspace: the Problems panel lists what the CLI reports', async () => {
  const folder = copySample('microservices');
  const expected = [...cliFindings(folder).values()].flat();
  assert.ok(expected.length >= 5, 'the sample has findings to show');
  await scenario('1-problems', folder, 'orders.topo', async (workbench) => {
    await workbench.openFile('orders.topo');
    await workbench.showProblems({ maximize: true });
    // The server checks the whole project when one of its files opens.
    const problems = await workbench.waitForProblems((shown) => shown.length === expected.length, `${expected.length} problems`);
    assert.deepEqual(problems.map((problem) => problem.code).sort(), expected.map((finding) => finding.ruleId).sort(), 'the same rule ids');
    assert.deepEqual(
      problems.map((problem) => `${problem.severity} ${problem.code}`).sort(),
      expected.map((finding) => `${finding.severity} ${finding.ruleId}`).sort(),
      'the same severities',
    );
    await workbench.waitForProblemBadge(expected.length);
    await workbench.screenshot('1-problems');
  });
});

test('2. hover an element: its response time and availability', async () => {
  const folder = copySample('checkout');
  const text = readFileSync(join(folder, 'checkout.topo'), 'utf8');
  const { model, figures } = lintFolder(folder, ['checkout.topo']);
  // An element without findings: its hover is the server's figures alone.
  const inventory = model.byName.get('Inventory')!;
  const responseTime = formatMs(figures.responseTime(inventory)!);
  const availability = formatFraction(figures.availability(inventory).value);
  await scenario('2-hover', folder, 'checkout.topo', async (workbench) => {
    await workbench.openFile('checkout.topo');
    const at = positionOf(text, 'service Inventory', 'service '.length + 2);
    await workbench.goTo(at.line, at.column);
    await workbench.waitForSymbolAtCursor('Inventory');
    const hover = await workbench.hoverAtCursor(/Composite availability/);
    assert.match(hover, /service Inventory/);
    assert.ok(hover.includes(`Response time R: ${responseTime}`), `the hover gives R = ${responseTime}:\n${hover}`);
    assert.ok(hover.includes(`Composite availability: ${availability}`), `the hover gives A = ${availability}:\n${hover}`);
    await workbench.screenshot('2-hover');
    await workbench.moveMouseAway();
  });
});

test('3. type a new link with completion: a suggested element name is accepted', async () => {
  const folder = copySample('checkout');
  const text = readFileSync(join(folder, 'checkout.topo'), 'utf8');
  await scenario('3-completion', folder, 'checkout.topo', async (workbench) => {
    await workbench.openFile('checkout.topo');
    const stripe = positionOf(text, 'external Stripe', 'external '.length);
    await workbench.goTo(stripe.line, stripe.column);
    await workbench.waitForSymbolAtCursor('Stripe');
    await workbench.page.keyboard.press('Control+End');
    await workbench.page.keyboard.press('Enter');
    await workbench.type('Receipts -> Str');
    const widget = await workbench.triggerCompletion();
    const row = widget.locator('.monaco-list-row', { hasText: 'Stripe' }).first();
    await row.waitFor();
    await workbench.screenshot('3-completion');
    await row.click();
    await widget.waitFor({ state: 'hidden' });
    await workbench.page.keyboard.press('Control+S');
    await workbench.page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached' });
    const lines = readFileSync(join(folder, 'checkout.topo'), 'utf8').trimEnd().split('\n');
    assert.equal(lines.at(-1), 'Receipts -> Stripe');
  });
});

test('4. a quick fix from the light bulb: its diagnostic disappears', async () => {
  const folder = copySample('checkout');
  const text = readFileSync(join(folder, 'checkout.topo'), 'utf8');
  const target = cliFindings(folder)
    .get('checkout.topo')!
    .find((finding) => finding.ruleId === 'missing-timeout');
  assert.ok(target, 'the sample has a missing-timeout finding');
  const line = target.range.start.line;
  await scenario('4-quick-fix', folder, 'checkout.topo', async (workbench) => {
    await workbench.openFile('checkout.topo');
    await workbench.showProblems({ filter: 'missing-timeout' });
    await workbench.waitForProblems((shown) => shown.some((problem) => problem.code === 'missing-timeout' && problem.line === line), `missing-timeout at line ${line}`);
    await workbench.goTo(line, target.range.start.column);
    await workbench.applyQuickFix(/^Add 'timeout: /);
    await workbench.screenshot('4-quick-fix');
    await workbench.waitForProblems((shown) => !shown.some((problem) => problem.code === 'missing-timeout' && problem.line === line), 'the missing-timeout gone');
    await workbench.page.keyboard.press('Control+S');
    await workbench.page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached' });
    const fixed = readFileSync(join(folder, 'checkout.topo'), 'utf8');
    assert.notEqual(fixed, text);
    assert.match(fixed.split('\n')[line - 1]!, /timeout: \d/);
    assert.ok(!cliFindings(folder).get('checkout.topo')!.some((finding) => finding.ruleId === 'missing-timeout' && finding.range.start.line === line), 'the CLI agrees');
  });
});

test('5. rename an element used in two files: both files change', async () => {
  const folder = copySample('microservices');
  const orders = readFileSync(join(folder, 'orders.topo'), 'utf8');
  const edge = readFileSync(join(folder, 'edge.topo'), 'utf8');
  assert.match(edge, /-> Orders\b/, 'edge.topo calls Orders');
  await scenario('5-rename', folder, 'orders.topo', async (workbench) => {
    await workbench.openFile('orders.topo');
    const at = positionOf(orders, 'service Orders', 'service '.length + 1);
    await workbench.goTo(at.line, at.column);
    await workbench.waitForSymbolAtCursor('Orders');
    await workbench.rename('OrderService');
    await workbench.saveAll();
    await workbench.screenshot('5-rename');
  });
  const code = (text: string): string => text.replace(/"(?:[^"\\\n]|\\.)*"/g, '""').replace(/\/\/.*$/gm, '');
  for (const [file, before] of [
    ['orders.topo', orders],
    ['edge.topo', edge],
  ] as const) {
    const after = readFileSync(join(folder, file), 'utf8');
    assert.notEqual(after, before, `${file} changed`);
    assert.doesNotMatch(code(after), /\bOrders\b/, `no reference to the old name is left in ${file}`);
    assert.equal(code(after).match(/\bOrderService\b/g)?.length, code(before).match(/\bOrders\b/g)?.length, `every reference in ${file} renamed`);
  }
  const findings = [...cliFindings(folder).values()].flat();
  assert.ok(!findings.some((finding) => finding.ruleId === 'unknown-element'), 'the project still resolves');
});

test('6. the preview: every element drawn, a click reveals, an edit redraws, the sequence view', async () => {
  const folder = copySample('checkout');
  const text = readFileSync(join(folder, 'checkout.topo'), 'utf8');
  const { model } = lintFolder(folder, ['checkout.topo']);
  const names = model.elements.map((element) => element.name);
  await scenario('6-preview', folder, 'checkout.topo', async (workbench) => {
    await workbench.openFile('checkout.topo');
    // Room for the diagram: the side bar closes, as one does to read a diagram.
    await workbench.runCommand('View: Toggle Primary Side Bar Visibility');
    await workbench.focusEditor();
    const opened = Date.now();
    await workbench.runCommand('Topo: Open Preview to the Side');
    const preview = workbench.preview();
    const nodes = preview.locator('#canvas svg [data-topo-id]');
    await nodes.nth(names.length - 1).waitFor({ timeout: 60_000 });
    timings['6-preview: command → first diagram (ms)'] = Date.now() - opened;
    const drawn = await nodes.evaluateAll((elements) => elements.map((element) => element.textContent ?? ''));
    assert.equal(drawn.length, names.length, 'one node per element');
    for (const name of names) assert.ok(drawn.some((label) => label.includes(name)), `${name} is drawn`);
    await workbench.screenshot('6-preview');

    // A click on a node moves the editor's cursor to the declaration.
    const stripe = positionOf(text, 'external Stripe', 'external '.length);
    await preview.locator('#canvas svg [data-topo-id]', { hasText: 'Stripe' }).first().click();
    await workbench.waitForCursor(stripe.line);

    // An edit: a new element appears in the diagram.
    await workbench.focusEditor();
    await workbench.page.keyboard.press('Control+End');
    await workbench.type('\nservice Audit');
    const edited = Date.now();
    await preview.locator('#canvas svg [data-topo-id]', { hasText: 'Audit' }).first().waitFor({ timeout: 60_000 });
    timings['6-preview: keystroke → diagram with the new element (ms)'] = Date.now() - edited;
    assert.equal(await nodes.count(), names.length + 1);

    // The sequence view of the entry under the cursor.
    const web = positionOf(text, 'client Web', 'client '.length);
    await workbench.goTo(web.line, web.column);
    const switched = Date.now();
    await preview.locator('button[data-view="sequence"]').click();
    await preview.locator('button[data-view="sequence"][aria-pressed="true"]').waitFor();
    const participants = preview.locator('#canvas svg [data-topo-id]', { hasText: 'Web' });
    await participants.first().waitFor({ timeout: 60_000 });
    // A message arrow is a horizontal line: no height, so 'attached' rather than 'visible'.
    await preview.locator('#canvas svg .messageLine0, #canvas svg .messageLine1').first().waitFor({ state: 'attached' });
    timings['6-preview: sequence button → sequence diagram (ms)'] = Date.now() - switched;
    const title = (await preview.locator('#title').textContent()) ?? '';
    assert.match(title, /Web/);
    await workbench.screenshot('6-sequence');
  });
});

test('7. a syntax error: diagnostics, the last good diagram under a notice, and recovery', async () => {
  const folder = copySample('checkout');
  const text = readFileSync(join(folder, 'checkout.topo'), 'utf8');
  const elementCount = lintFolder(folder, ['checkout.topo']).model.elements.length;
  const lastLine = text.trimEnd().split('\n').length;
  await scenario('7-broken', folder, 'checkout.topo', async (workbench) => {
    await workbench.openFile('checkout.topo');
    await workbench.showProblems({ filter: 'syntax-error' });
    await workbench.runCommand('Topo: Open Preview to the Side');
    const preview = workbench.preview();
    const nodes = preview.locator('#canvas svg [data-topo-id]');
    await nodes.nth(elementCount - 1).waitFor({ timeout: 60_000 });

    // Break it: a number where a name must be.
    await workbench.focusEditor();
    await workbench.page.keyboard.press('Control+End');
    await workbench.type('\nservice 42');
    const broken = await workbench.waitForProblems((shown) => shown.some((problem) => problem.code === 'syntax-error'), 'a syntax error');
    const syntax = broken.find((problem) => problem.code === 'syntax-error')!;
    assert.equal(syntax.line, lastLine + 2);
    const notice = preview.locator('#error');
    await notice.waitFor();
    assert.match((await notice.textContent()) ?? '', /checkout\.topo:\d+:\d+: .*the preview keeps the last diagram/);
    assert.equal(await nodes.count(), elementCount, 'the last good diagram stays on screen');
    await workbench.screenshot('7-broken');

    // The server still answers.
    const web = positionOf(text, 'client Web', 'client '.length + 1);
    await workbench.goTo(web.line, web.column);
    assert.match(await workbench.hoverAtCursor(/client Web/), /Response time/);
    await workbench.moveMouseAway();

    // Fix it: the error goes, the notice goes, the diagram has the new element.
    await workbench.goTo(lastLine + 2, 'service 42'.length + 1);
    for (let i = 0; i < 2; i++) await workbench.page.keyboard.press('Backspace');
    await workbench.type('Audit');
    await workbench.waitForProblems((shown) => !shown.some((problem) => problem.code === 'syntax-error'), 'no syntax error');
    await preview.locator('#canvas svg [data-topo-id]', { hasText: 'Audit' }).first().waitFor({ timeout: 60_000 });
    await notice.waitFor({ state: 'hidden' });
    assert.equal(await nodes.count(), elementCount + 1);
    await workbench.screenshot('7-recovered');
  });
});

test('8. format document: the canonical layout, as topo fmt writes it', async () => {
  const folder = copySample('clean');
  const file = join(folder, 'checkout.topo');
  // Mangle the layout only: indentation gone, blank lines doubled, trailing spaces.
  const messy = readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => `${line.trim()}${line.trim() ? '   ' : ''}`)
    .join('\n')
    .replace(/\n\n/g, '\n\n\n\n');
  writeFileSync(file, messy);
  const reference = join(server.scratch, 'fmt-reference.topo');
  writeFileSync(reference, messy);
  execFileSync(process.execPath, [CLI, 'fmt', reference]);
  const canonical = readFileSync(reference, 'utf8');
  assert.notEqual(canonical, messy, 'the mangled file is not in the canonical layout');
  await scenario('8-format', folder, 'checkout.topo', async (workbench) => {
    await workbench.openFile('checkout.topo');
    const api = positionOf(messy, 'gateway Api', 'gateway '.length);
    await workbench.goTo(api.line, api.column);
    await workbench.waitForSymbolAtCursor('Api');
    await workbench.runCommand('Format Document');
    await workbench.page.locator('.tabs-container .tab.active.dirty').waitFor();
    await workbench.page.keyboard.press('Control+S');
    await workbench.page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached' });
    await workbench.screenshot('8-format');
  });
  assert.equal(readFileSync(file, 'utf8'), canonical);
});

test('9. the preview follows: the editor-title button, the active editor, the cursor in the focus view, Export SVG', async () => {
  // Two projects side by side: the preview draws the project of the active editor.
  const folder = join(server.scratch, `ws-${++copies}-two-projects`);
  for (const sample of ['checkout', 'microservices']) cpSync(join(REPO_ROOT, 'samples', sample), join(folder, sample), { recursive: true });
  const edge = readFileSync(join(folder, 'microservices/edge.topo'), 'utf8');
  const checkoutNames = lintFolder(join(folder, 'checkout'), ['checkout.topo']).model.elements.map((element) => element.name);
  await scenario('9-follow', folder, 'checkout', async (workbench) => {
    await workbench.openFile('checkout/checkout.topo');
    // The button in the editor's title bar, as a user finds it.
    await workbench.page.locator('.part.editor .editor-actions a.action-label[aria-label*="Open Preview to the Side"]').first().click();
    const preview = workbench.preview();
    const nodes = preview.locator('#canvas svg [data-topo-id]');
    await nodes.nth(checkoutNames.length - 1).waitFor({ timeout: 60_000 });
    assert.equal(await nodes.count(), checkoutNames.length);

    // Another project's file becomes active: the pane draws that project.
    await workbench.openFile('microservices/edge.topo');
    await preview.locator('#canvas svg [data-topo-id]', { hasText: 'PublicApi' }).first().waitFor({ timeout: 60_000 });
    assert.equal(await preview.locator('#canvas svg [data-topo-id]', { hasText: 'Stripe' }).count(), 0, "checkout's nodes are gone");

    // The focus view follows the cursor from element to element.
    const publicApi = positionOf(edge, 'gateway PublicApi', 'gateway '.length + 1);
    await workbench.goTo(publicApi.line, publicApi.column);
    await preview.locator('button[data-view="focus"]').click();
    await preview.locator('#title', { hasText: "'PublicApi'" }).waitFor({ timeout: 60_000 });
    const buyer = positionOf(edge, 'actor Buyer', 'actor '.length + 1);
    await workbench.focusEditor();
    await workbench.goTo(buyer.line, buyer.column);
    await preview.locator('#title', { hasText: "'Buyer'" }).waitFor({ timeout: 60_000 });
    await workbench.screenshot('9-focus');

    // Export SVG: VS Code's save dialog, at the place Topo proposes.
    await preview.locator('#export-svg').click();
    const input = workbench.page.locator('.quick-input-widget input');
    await input.waitFor();
    // The dialog opens on the folder and then fills in the proposed name.
    await workbench.page.waitForFunction(() => (document.querySelector('.quick-input-widget input') as HTMLInputElement | null)?.value.endsWith('edge-focus-Buyer.svg') === true);
    await workbench.page.keyboard.press('Enter');
    const exported = join(folder, 'microservices', 'edge-focus-Buyer.svg');
    await workbench.page.locator('.statusbar', { hasText: 'diagram saved' }).waitFor();
    const svg = readFileSync(exported, 'utf8');
    assert.match(svg, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg /);
    assert.match(svg, /Buyer/);
  });
});

/** The newest Topo language server process started from code-server's extensions folder. */
function newestServer(): { pid: number; started: number } | undefined {
  let newest: { pid: number; started: number } | undefined;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!command.includes(server.extensions) || !command.includes('dist/server.js')) continue;
      // Field 22 of /proc/PID/stat, after the parenthesised command name: the start time.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const started = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
      if (!newest || started > newest.started) newest = { pid: Number(entry), started };
    } catch {
      // the process ended meanwhile
    }
  }
  return newest;
}

test('10. the language server dies: it is restarted, and the user is told once', async () => {
  const folder = copySample('checkout');
  const text = readFileSync(join(folder, 'checkout.topo'), 'utf8');
  const notice = 'The Topo language server stopped unexpectedly';
  await scenario('10-crash', folder, 'checkout.topo', async (workbench) => {
    await workbench.openFile('checkout.topo');
    const inventory = positionOf(text, 'service Inventory', 'service '.length + 2);
    await workbench.goTo(inventory.line, inventory.column);
    await workbench.waitForSymbolAtCursor('Inventory');
    for (let crash = 1; crash <= 2; crash++) {
      const running = newestServer();
      assert.ok(running, 'a language server runs for this window');
      process.kill(running.pid, 'SIGKILL');
      if (crash === 1) await workbench.page.locator('.notifications-toasts .notification-toast', { hasText: notice }).first().waitFor();
      // Answers come again from a new process.
      await workbench.focusEditor();
      await workbench.moveMouseAway();
      assert.match(await workbench.hoverAtCursor(/Composite availability/), /service Inventory/);
      assert.notEqual(newestServer()?.pid, running.pid, 'a new server process');
    }
    await workbench.moveMouseAway();
    await workbench.screenshot('10-crash');
    await workbench.runCommand('Notifications: Show Notifications');
    const told = workbench.page.locator('.notifications-center .notification-list-item', { hasText: notice });
    await told.first().waitFor();
    assert.equal(await told.count(), 1, 'told once, not at every crash');
  });
});

