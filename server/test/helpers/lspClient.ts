// A real LSP client for tests: spawns the built dist/server.js with --stdio and
// talks JSON-RPC to it. Tests wait for notifications as events, never for a fixed time.

import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import {
  Diagnostic,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  FileChangeType,
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  RegistrationRequest,
  ShutdownRequest,
  ExitNotification,
  TextDocumentContentChangeEvent,
  InitializeResult,
  LogMessageNotification,
  LogMessageParams,
} from 'vscode-languageserver-protocol';

export const SERVER = join(__dirname, '..', '..', '..', 'dist', 'server.js');

export function uriOf(path: string): string {
  return pathToFileURL(path).toString();
}

type Waiter = { uri: string; predicate: (diagnostics: Diagnostic[]) => boolean; resolve: (d: Diagnostic[]) => void; reject: (e: Error) => void; timer: NodeJS.Timeout };

export class LspClient {
  readonly connection: MessageConnection;
  readonly process: ChildProcess;
  /** The latest diagnostics published per URI. */
  readonly diagnostics = new Map<string, Diagnostic[]>();
  readonly publishCount = new Map<string, number>();
  readonly stderr: string[] = [];
  initializeResult: InitializeResult | undefined;
  private waiters: Waiter[] = [];
  private versions = new Map<string, number>();
  registrations: unknown[] = [];

  /** `nodeArgs`: options for the server's Node (the soak passes `--expose-gc` to read the heap after a collection). */
  constructor(options: { nodeArgs?: string[] } = {}) {
    // TOPO_SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the server under a test or benchmark.
    const nodeArgs = [...(options.nodeArgs ?? []), ...(process.env['TOPO_SERVER_NODE_ARGS']?.split(' ').filter(Boolean) ?? [])];
    this.process = spawn(process.execPath, [...nodeArgs, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stderr!.on('data', (chunk) => this.stderr.push(String(chunk)));
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params: PublishDiagnosticsParams) => {
      this.diagnostics.set(params.uri, params.diagnostics);
      this.publishCount.set(params.uri, (this.publishCount.get(params.uri) ?? 0) + 1);
      for (const waiter of [...this.waiters]) {
        if (waiter.uri === params.uri && waiter.predicate(params.diagnostics)) {
          clearTimeout(waiter.timer);
          this.waiters = this.waiters.filter((w) => w !== waiter);
          waiter.resolve(params.diagnostics);
        }
      }
    });
    this.connection.onRequest(RegistrationRequest.type, (params) => {
      this.registrations.push(params);
    });
    this.connection.onNotification('window/logMessage', () => {});
    this.connection.listen();
  }

  /** `capabilities` are merged into the defaults below (`textDocument` entry by entry). */
  async initialize(folder: string, capabilities: Record<string, unknown> = {}): Promise<InitializeResult> {
    const { textDocument, ...others } = capabilities as { textDocument?: Record<string, unknown> };
    this.initializeResult = await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: uriOf(folder),
      workspaceFolders: [{ uri: uriOf(folder), name: 'test' }],
      capabilities: {
        textDocument: {
          publishDiagnostics: { relatedInformation: true, tagSupport: { valueSet: [1, 2] }, codeDescriptionSupport: true },
          rename: { prepareSupport: true },
          completion: { completionItem: { snippetSupport: true } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
          ...textDocument,
        },
        workspace: { didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true },
        ...others,
      },
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
    return this.initializeResult;
  }

  /**
   * Resolves with the next diagnostics published for the URI that satisfy the predicate
   * (or the current ones, if they already do and `fresh` is false).
   */
  waitForDiagnostics(uri: string, predicate: (diagnostics: Diagnostic[]) => boolean = () => true, fresh = true, timeoutMs = 20_000): Promise<Diagnostic[]> {
    const current = this.diagnostics.get(uri);
    if (!fresh && current && predicate(current)) return Promise.resolve(current);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.timer !== timer);
        reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs}ms; last: ${JSON.stringify(this.diagnostics.get(uri))}\nserver stderr: ${this.stderr.join('')}`));
      }, timeoutMs);
      this.waiters.push({ uri, predicate, resolve, reject, timer });
    });
  }

  open(path: string, text: string): Promise<void> {
    const uri = uriOf(path);
    this.versions.set(uri, 1);
    return this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'topo', version: 1, text } });
  }

  change(path: string, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    const uri = uriOf(path);
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    return this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
  }

  close(path: string): Promise<void> {
    return this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: uriOf(path) } });
  }

  watched(changes: { path: string; type: 'created' | 'changed' | 'deleted' }[]): Promise<void> {
    const type: Record<string, FileChangeType> = { created: FileChangeType.Created, changed: FileChangeType.Changed, deleted: FileChangeType.Deleted };
    return this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: changes.map((c) => ({ uri: uriOf(c.path), type: type[c.type] })) });
  }

  /**
   * Keeps the server's window/logMessage notifications from now on, in the returned array
   * (the constructor's handler drops them): a handler that threw and was caught logs there.
   */
  recordLogMessages(): LogMessageParams[] {
    const messages: LogMessageParams[] = [];
    this.connection.onNotification(LogMessageNotification.type, (params: LogMessageParams) => {
      messages.push(params);
    });
    return messages;
  }

  /** The server process's resident set size in kB (VmRSS and its peak VmHWM), from /proc; undefined where there is no /proc. */
  residentSetKb(): { rss: number; peak: number } | undefined {
    const pid = this.process.pid;
    if (pid === undefined) return undefined;
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const field = (name: string) => Number(new RegExp(`^${name}:\\s*(\\d+) kB`, 'm').exec(status)?.[1]);
      const rss = field('VmRSS');
      const peak = field('VmHWM');
      return Number.isFinite(rss) ? { rss, peak: Number.isFinite(peak) ? peak : rss } : undefined;
    } catch {
      return undefined;
    }
  }

  async shutdown(): Promise<void> {
    try {
      await this.connection.sendRequest(ShutdownRequest.type);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // the process may already be gone
    }
    const exited = new Promise<void>((resolve) => {
      if (this.process.exitCode !== null) resolve();
      else this.process.once('exit', () => resolve());
    });
    await exited;
    this.connection.dispose();
  }
}
