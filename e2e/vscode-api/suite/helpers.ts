// What the scenarios share: waiting on editor events, reading diagnostics as rule ids,
// running the CLI whose answers the editor must match, and putting edited files back.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { ENV } from '../shared';

export const EXTENSION_ID = 'topo-lang.topo';

/** How long to wait for an editor event. Generous: the machine may be a loaded 2-core CI runner. */
export const EVENT_TIMEOUT_MS = 60_000;

export function extension(): vscode.Extension<unknown> {
  const found = vscode.extensions.getExtension(EXTENSION_ID);
  if (!found) throw new Error(`the extension ${EXTENSION_ID} is not loaded: is extensionDevelopmentPath the repository root?`);
  return found;
}

/** The folder VS Code was opened on: the run's fresh copy of the samples. */
export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('VS Code was started without a workspace folder');
  return folder.uri.fsPath;
}

export function workspaceUri(...segments: string[]): vscode.Uri {
  return vscode.Uri.file(join(workspaceRoot(), ...segments));
}

/**
 * Resolves true as soon as `condition` holds: now, or after one of the events. Resolves
 * false after `timeoutMs` without it, so that the caller asserts with the state it got
 * (a diff says more than "timed out").
 */
export function waitUntil(event: vscode.Event<unknown>, condition: () => boolean, timeoutMs = EVENT_TIMEOUT_MS): Promise<boolean> {
  if (condition()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const finish = (value: boolean): void => {
      clearTimeout(timer);
      subscription.dispose();
      resolve(value);
    };
    const timer = setTimeout(() => finish(condition()), timeoutMs);
    const subscription = event(() => {
      if (condition()) finish(true);
    });
  });
}

/** Waits for the diagnostics of the workspace to satisfy `condition` (see {@link waitUntil}). */
export function waitForDiagnostics(condition: () => boolean, timeoutMs = EVENT_TIMEOUT_MS): Promise<boolean> {
  return waitUntil(vscode.languages.onDidChangeDiagnostics, condition, timeoutMs);
}

/**
 * The rule id of a diagnostic. The server sends `code` as the rule id string with a
 * `codeDescription` (the rule's doc page); VS Code's API then gives `{ value, target }`.
 */
export function ruleOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

export function diagnosticsWithRule(uri: vscode.Uri, ruleId: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => ruleOf(diagnostic) === ruleId);
}

/** The severity words of the CLI's JSON report. */
export function severityWord(severity: vscode.DiagnosticSeverity): string {
  switch (severity) {
    case vscode.DiagnosticSeverity.Error:
      return 'error';
    case vscode.DiagnosticSeverity.Warning:
      return 'warning';
    case vscode.DiagnosticSeverity.Information:
      return 'info';
    default:
      return 'hint';
  }
}

// ---- the CLI ------------------------------------------------------------------------

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `dist/cli.js` of the extension under test with the Node.js binary the runner gave.
 * Without it (the suite started by hand), the extension host's own binary runs as Node.
 */
export function runCli(args: readonly string[], cwd: string): Promise<CliRun> {
  const cli = join(extension().extensionPath, 'dist', 'cli.js');
  const node = process.env[ENV.node];
  const env = node ? { ...process.env, NO_COLOR: '1' } : { ...process.env, NO_COLOR: '1', ELECTRON_RUN_AS_NODE: '1' };
  return new Promise((resolve, reject) => {
    const child = spawn(node ?? process.execPath, [cli, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The shape of `topo lint --format json` that the scenarios read. */
export interface LintReport {
  files: {
    path: string;
    findings: {
      ruleId: string;
      severity: string;
      range: { start: { line: number; column: number }; end: { line: number; column: number } };
    }[];
  }[];
  projects: { root: string; elements: { name: string; responseTimeMs?: number }[] }[];
}

/** `topo lint DIR --format json`, run from `cwd`: paths in the report are relative to it. */
export async function lintJson(dir: string, cwd: string): Promise<LintReport> {
  const run = await runCli(['lint', dir, '--format', 'json'], cwd);
  // Exit 1 means the project has errors (microservices has two on purpose); 2 is a usage or I/O error.
  if (run.code !== 0 && run.code !== 1) throw new Error(`topo lint ${dir} exited ${run.code}: ${run.stderr.trim()}`);
  return JSON.parse(run.stdout) as LintReport;
}

// ---- documents ----------------------------------------------------------------------

export async function show(uri: vscode.Uri, column = vscode.ViewColumn.One): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document, { viewColumn: column, preview: false });
}

/** The position of `needle` in the document, moved `within` characters into it. */
export function positionOf(document: vscode.TextDocument, needle: string, within = 0): vscode.Position {
  const offset = document.getText().indexOf(needle);
  if (offset < 0) throw new Error(`'${needle}' is not in ${document.uri.fsPath}`);
  return document.positionAt(offset + within);
}

export function wholeRange(document: vscode.TextDocument): vscode.Range {
  return new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
}

/** Inserts `text` at the end of the document, on a line of its own. */
export async function appendLine(document: vscode.TextDocument, text: string): Promise<void> {
  const current = document.getText();
  const edit = new vscode.WorkspaceEdit();
  edit.insert(document.uri, document.positionAt(current.length), `${current.endsWith('\n') ? '' : '\n'}${text}`);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`could not edit ${document.uri.fsPath}`);
}

/**
 * Puts the documents back as they were on disk and saves them, so that the next scenario
 * starts from the sample as shipped (the workspace is a throw-away copy).
 */
export async function restore(originals: ReadonlyMap<vscode.TextDocument, string>): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  for (const [document, text] of originals) if (document.getText() !== text) edit.replace(document.uri, wholeRange(document), text);
  if (edit.size > 0 && !(await vscode.workspace.applyEdit(edit))) throw new Error('could not restore the edited documents');
  for (const document of originals.keys()) if (document.isDirty) await document.save();
}

/** Remembers the text of each document, runs `body`, then restores them, even when `body` fails. */
export async function editing(documents: readonly vscode.TextDocument[], body: () => Promise<void>): Promise<void> {
  const originals = new Map(documents.map((document) => [document, document.getText()] as const));
  try {
    await body();
  } finally {
    await restore(originals);
  }
}
