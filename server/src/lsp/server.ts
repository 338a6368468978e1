// The Topo language server: a thin LSP shell over the pure language service.
// Documents come from the editor, the rest of each project from disk; every
// request is answered from the project's cached lint result, rebuilt when a
// file of the project changed. No handler ever lets an exception escape.

import {
  CancellationToken,
  CodeAction,
  CodeActionParams,
  Connection,
  Diagnostic,
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  InitializeParams,
  InitializeResult,
  LSPErrorCodes,
  Position,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { LintResult } from '../language/lint';
import type { Finding } from '../language/rules/types';
import { FileState, Project, Workspace } from './workspace';
import type { LineIndex } from '../language/util/lineIndex';
import { pathToUri, toCodeAction, toDiagnostic, uriToPath } from './convert';
import { URI } from 'vscode-uri';
import { DiagramRequestType, StatsRequest, type ServerStats, type StatsParams } from './protocol';
import { diagram, DIAGRAM_UNAVAILABLE } from './diagram';
import * as features from './features';

export interface RequestContext {
  file: FileState;
  project: Project;
  result: LintResult;
}

type Signature = (string | number)[];

interface SignatureInputs {
  /** Computed once, when first compared (see `signatureOf`). */
  signature?: Signature;
  findings: Finding[];
  related: Finding['related'][];
  lines: LineIndex;
  /** The line table of each other file a related location is in, as it was. */
  others: Map<string, LineIndex | undefined>;
}

/** Whether two values serialize to the same JSON (plain data: no functions, no cycles). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    if (a.length !== other.length) return false;
    for (let i = 0; i < a.length; i++) {
      // JSON writes undefined in an array as null.
      if (!sameJson(a[i] === undefined ? null : a[i], other[i] === undefined ? null : other[i])) return false;
    }
    return true;
  }
  // JSON leaves out undefined properties and keeps the others in order.
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keysOf = (object: Record<string, unknown>): string[] => Object.keys(object).filter((key) => object[key] !== undefined);
  const xKeys = keysOf(x);
  const yKeys = keysOf(y);
  if (xKeys.length !== yKeys.length) return false;
  for (let i = 0; i < xKeys.length; i++) if (xKeys[i] !== yKeys[i] || !sameJson(x[xKeys[i]!], y[yKeys[i]!])) return false;
  return true;
}

/**
 * What a file's diagnostics depend on, as a flat list to compare with the last one: its
 * length, and for each finding everything `toDiagnostic` reads — rule, severity, message,
 * start and end as line and character — then each related location's path, whether that
 * file is open to the server, its start and end as line and character, and its message.
 */
function signatureOf(inputs: SignatureInputs): Signature {
  if (inputs.signature) return inputs.signature;
  const signature: Signature = (inputs.signature = [inputs.lines.text.length]);
  for (let i = 0; i < inputs.findings.length; i++) {
    const finding = inputs.findings[i]!;
    // The related locations as they were then: a finding carried over to a later lint gets new ones.
    const relatedLocations = inputs.related[i]!;
    pushRange(signature, inputs.lines, finding.start, finding.end);
    signature.push(finding.ruleId, finding.severity, finding.message, relatedLocations.length);
    for (const related of relatedLocations) {
      signature.push(related.path, related.message);
      pushRange(signature, inputs.others.get(related.path), related.start, related.end);
    }
  }
  return signature;
}

/** A range as its line and character at both ends, as `toRange` gives it; -1 for a file the server does not have. */
function pushRange(signature: Signature, lines: LineIndex | undefined, start: number, end: number): void {
  if (!lines) {
    signature.push(-1);
    return;
  }
  const from = lines.positionAt(start);
  const to = lines.positionAt(end);
  signature.push(from.line, from.character, to.line, to.character);
}

/** How long edits must pause before the files nobody edited get their new diagnostics. */
const DEFERRED_DELAY_MS = 200;

/** A file's publication put off until the edited files' are out (see `TopoServer.deferred`). */
interface DeferredPublication {
  project: Project;
  /** The lint the findings come from: when the project has a newer one, this is dropped. */
  result: LintResult;
  path: string;
  findings: Finding[];
  absolutePath: (docPath: string) => string;
}

function sameSignature(before: Signature, now: Signature): boolean {
  if (before.length !== now.length) return false;
  for (let i = 0; i < now.length; i++) if (before[i] !== now[i]) return false;
  return true;
}

export class TopoServer {
  readonly workspace: Workspace;
  private readonly documents = new TextDocuments(TextDocument);
  /** What was last published per URI, to publish only what changed. */
  private readonly published = new Map<string, Diagnostic[]>();
  private readonly publishedResults = new WeakSet<LintResult>();
  private readonly signatureInputs = new Map<string, SignatureInputs>();
  /** URIs opened since the last validation. */
  private readonly announce = new Set<string>();
  /** URIs edited (in the editor or on disk) since the last validation: their diagnostics go out first. */
  private readonly edited = new Set<string>();
  /**
   * Publications of files nobody edited, put off until the edits pause: another file's
   * diagnostics change with an edit mostly because they point into the edited file (related
   * locations move a line), and while someone types, sending every file of the project at
   * each keystroke would cost more than the lint. The edited files' go out at once; these
   * after DEFERRED_DELAY_MS without a validation, one file per turn of the event loop (a
   * request waits for one file at most). A newer lint of the project replaces them.
   */
  private readonly deferred = new Map<string, DeferredPublication>();
  private flushTimer: NodeJS.Timeout | undefined;
  private flushImmediate: NodeJS.Immediate | undefined;
  private validation: NodeJS.Immediate | undefined;
  private watchRegistration = false;
  private completionShape: features.CompletionShape = { editRangeDefault: false };

  constructor(readonly connection: Connection) {
    this.workspace = new Workspace((message) => connection.console.warn(message));
    connection.onInitialize((params) => this.initialize(params));
    connection.onInitialized(() => this.initialized());
    connection.onShutdown(() => undefined);
    this.documents.onDidOpen((event) =>
      this.guard('didOpen', () => {
        // An opened document always gets a publication, empty or not: the client then knows it was checked.
        this.announce.add(event.document.uri);
        this.documentChanged(event.document);
      }),
    );
    this.documents.onDidChangeContent((event) => this.guard('didChange', () => this.documentChanged(event.document)));
    this.documents.onDidClose((event) =>
      this.guard('didClose', () => {
        const path = uriToPath(event.document.uri);
        if (path) this.workspace.close(path);
        this.scheduleValidation();
      }),
    );
    connection.onDidChangeWatchedFiles((params) =>
      this.guard('didChangeWatchedFiles', () => {
        for (const change of params.changes) {
          const path = uriToPath(change.uri);
          if (!path) continue;
          if (change.type === FileChangeType.Deleted) this.workspace.diskDeleted(path);
          else this.workspace.diskChanged(path);
          this.edited.add(pathToUri(path));
        }
        this.scheduleValidation();
      }),
    );
    connection.onCodeAction((params, token) => this.request(params.textDocument.uri, token, [], (context) => this.codeActions(context, params)));
    const offset = (context: RequestContext, position: Position) => context.file.lines.offsetAt(position);
    connection.onHover((params, token) => this.request(params.textDocument.uri, token, null, (c) => features.hover(c, offset(c, params.position))));
    connection.onCompletion((params, token) =>
      this.request(params.textDocument.uri, token, { isIncomplete: false, items: [] }, (c) =>
        features.completion(c, offset(c, params.position), params.textDocument.uri, this.completionShape),
      ),
    );
    connection.onCompletionResolve((item) => {
      try {
        return features.resolveCompletion(item, (uri) => {
          const path = uriToPath(uri);
          const project = path ? this.workspace.projectOf(path) : undefined;
          return project ? this.workspace.resultOf(project) : undefined;
        });
      } catch (error) {
        this.connection.console.error(`topo: completionItem/resolve failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return item;
      }
    });
    connection.onDefinition((params, token) => this.request(params.textDocument.uri, token, null, (c) => features.definition(c, this.workspace, offset(c, params.position))));
    connection.onReferences((params, token) =>
      this.request(params.textDocument.uri, token, [], (c) => features.references(c, this.workspace, offset(c, params.position), params.context.includeDeclaration)),
    );
    connection.onPrepareRename((params, token) => this.request(params.textDocument.uri, token, null, (c) => features.prepareRename(c, offset(c, params.position))));
    connection.onRenameRequest((params, token) =>
      this.request(params.textDocument.uri, token, null, (c) => features.rename(c, this.workspace, offset(c, params.position), params.newName)),
    );
    connection.onDocumentSymbol((params, token) => this.request(params.textDocument.uri, token, [], (c) => features.documentSymbols(c)));
    connection.onWorkspaceSymbol((params, token) => {
      if (token.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
      try {
        return features.workspaceSymbols(this.workspace, params.query);
      } catch (error) {
        this.connection.console.error(`topo: workspace symbols failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return [];
      }
    });
    connection.languages.semanticTokens.on((params, token) => this.request(params.textDocument.uri, token, { data: [] }, (c) => features.semanticTokens(c)));
    connection.onFoldingRanges((params, token) => this.request(params.textDocument.uri, token, [], (c) => features.foldingRanges(c)));
    connection.onDocumentFormatting((params, token) => this.request(params.textDocument.uri, token, [], (c) => features.formatting(c)));
    connection.onRequest(DiagramRequestType, (params, token) => this.request(params.uri, token, DIAGRAM_UNAVAILABLE, (c) => diagram(c, this.workspace, params)));
    // By method name, which takes the request with or without params (the type would refuse a call without).
    connection.onRequest(StatsRequest.method, (params: StatsParams | null | undefined): ServerStats => {
      // Answered for a settled server: the pending validation done, every publication out.
      if (this.validation) this.validateNow();
      this.guard('publish', () => this.flushAll());
      // Present only under `node --expose-gc` (tests and the soak start the server so).
      const gc = (globalThis as { gc?: () => void }).gc;
      const collected = params?.collectGarbage === true && typeof gc === 'function';
      if (collected) gc!();
      const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
      return {
        parseCount: this.workspace.parseCount,
        projects: this.workspace.allProjects().map((project) => ({ root: project.root, files: project.files.size })),
        memory: { rss, heapUsed, heapTotal, external, arrayBuffers },
        collected,
      };
    });
    this.documents.listen(connection);
  }

  private initialize(params: InitializeParams): InitializeResult {
    const folders = params.workspaceFolders?.map((folder) => URI.parse(folder.uri).fsPath) ?? (params.rootUri ? [URI.parse(params.rootUri).fsPath] : []);
    this.workspace.setFolders(folders);
    this.watchRegistration = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    const itemDefaults = params.capabilities.textDocument?.completion?.completionList?.itemDefaults ?? [];
    this.completionShape = { editRangeDefault: itemDefaults.includes('editRange') && itemDefaults.includes('insertTextFormat') };
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['>', ':', '['], resolveProvider: true },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: { label: 'Topo' },
        workspaceSymbolProvider: true,
        semanticTokensProvider: { legend: features.SEMANTIC_TOKENS_LEGEND, full: true },
        foldingRangeProvider: true,
        documentFormattingProvider: true,
        workspace: { workspaceFolders: { supported: true } },
      },
      serverInfo: { name: 'topo-language-server' },
    };
  }

  private initialized(): void {
    if (this.watchRegistration) {
      void this.connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.topo' }, { globPattern: '**/topo.json' }],
      });
    }
    this.scheduleValidation();
  }

  private documentChanged(document: TextDocument): void {
    const path = uriToPath(document.uri);
    if (!path) return;
    // As validate() names files (the client may spell a URI differently).
    this.edited.add(pathToUri(path));
    this.workspace.setOpenText(path, document.getText());
    this.scheduleValidation();
  }

  /** Coalesces the changes of one turn of the event loop into one validation. */
  scheduleValidation(): void {
    this.validation ??= setImmediate(() => this.validateNow());
  }

  private validateNow(): void {
    if (this.validation) clearImmediate(this.validation);
    this.validation = undefined;
    this.guard('validate', () => this.validate());
  }

  /** Lints the projects that changed and publishes the diagnostics that differ from what was published. */
  private validate(): void {
    const current = new Set<string>();
    for (const project of this.workspace.allProjects()) {
      const fresh = project.result === undefined;
      const result = this.workspace.resultOf(project);
      const uris: string[] = [];
      for (const path of project.files) uris.push(pathToUri(path));
      if (project.configPath) uris.push(pathToUri(project.configPath));
      for (const uri of uris) current.add(uri);
      if (!fresh && this.publishedResults.has(result) && this.announce.size === 0) continue;
      this.publishedResults.add(result);
      const byPath = new Map<string, Finding[]>();
      for (const path of project.files) byPath.set(path, []);
      // Findings come sorted by path: one lookup per file, not per finding.
      const absolute = new Map<string, string>();
      const absolutePath = (docPath: string): string => {
        let path = absolute.get(docPath);
        if (path === undefined) absolute.set(docPath, (path = project.absolute(docPath)));
        return path;
      };
      let lastPath: string | undefined;
      let list: Finding[] | undefined;
      for (const finding of result.findings) {
        if (finding.path !== lastPath) {
          lastPath = finding.path;
          list = byPath.get(absolutePath(finding.path));
        }
        list?.push(finding);
      }
      for (const [path, findings] of byPath) {
        const file = this.workspace.getFile(path);
        if (!file) continue;
        const uri = pathToUri(path);
        const announce = this.announce.delete(uri);
        if (announce || this.edited.has(uri)) {
          this.deferred.delete(uri);
          this.publishFile(uri, file, findings, project, absolutePath, announce);
        } else {
          this.deferred.set(uri, { project, result, path, findings, absolutePath });
        }
      }
      if (this.deferred.size) this.scheduleFlush();
      if (project.configPath) {
        const problem = project.configProblem;
        this.publish(
          pathToUri(project.configPath),
          problem
            ? [
                {
                  range: { start: { line: problem.line - 1, character: problem.column - 1 }, end: { line: problem.line - 1, character: problem.column } },
                  severity: DiagnosticSeverity.Error,
                  source: 'topo',
                  message: `${problem.message} (the project uses the default rule settings until this is fixed)`,
                },
              ]
            : [],
        );
      }
    }
    // Files that left every project (deleted, or closed and not on disk): clear what they showed.
    for (const uri of [...this.published.keys()]) {
      if (!current.has(uri)) this.publish(uri, []);
    }
    for (const uri of [...this.signatureInputs.keys()]) if (!current.has(uri)) this.signatureInputs.delete(uri);
    for (const uri of [...this.deferred.keys()]) if (!current.has(uri)) this.deferred.delete(uri);
    this.announce.clear();
    this.edited.clear();
  }

  /**
   * Publishes a file's diagnostics if they differ from what was published: told first by the
   * inputs (the same finding objects over the same texts cannot give other diagnostics), then
   * by the signature, which holds everything `toDiagnostic` reads.
   */
  private publishFile(uri: string, file: FileState, findings: readonly Finding[], project: Project, absolutePath: (docPath: string) => string, announce: boolean): void {
    const before = this.signatureInputs.get(uri);
    if (before && !announce && this.sameInputs(before, file, findings, absolutePath)) return;
    const now = this.inputsOf(file, findings, absolutePath);
    this.signatureInputs.set(uri, now);
    const diagnostics = () => findings.map((finding) => toDiagnostic(this.workspace, project, file.lines, finding));
    // An opened document always gets a publication, empty or not.
    if (announce) return this.send(uri, diagnostics());
    // Over texts of the same length, a signature tells exactly whether the diagnostics differ;
    // when the length changed (it starts the signature), they are compared as published.
    if (!before || before.lines.text.length !== now.lines.text.length) return this.publish(uri, diagnostics());
    if (!sameSignature(signatureOf(before), signatureOf(now))) this.send(uri, diagnostics());
  }

  /** (Re)starts the pause after which the deferred publications go out. */
  private scheduleFlush(): void {
    this.stopFlush();
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.flushStep();
    }, DEFERRED_DELAY_MS);
  }

  private flushStep(): void {
    this.flushImmediate = undefined;
    this.guard('publish', () => {
      if (this.flushOne()) this.flushImmediate = setImmediate(() => this.flushStep());
    });
  }

  private stopFlush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    if (this.flushImmediate) clearImmediate(this.flushImmediate);
    this.flushTimer = undefined;
    this.flushImmediate = undefined;
  }

  /** Sends the first deferred publication that is still current; returns whether more wait. */
  private flushOne(): boolean {
    for (const [uri, item] of this.deferred) {
      this.deferred.delete(uri);
      const file = this.workspace.getFile(item.path);
      // A newer lint of the project has its own deferred publications, or will.
      if (!file || item.project.result !== item.result) continue;
      this.publishFile(uri, file, item.findings, item.project, item.absolutePath, false);
      break;
    }
    return this.deferred.size > 0;
  }

  /** Sends every deferred publication now (before topo/stats answers, so that it reports a settled server). */
  private flushAll(): void {
    this.stopFlush();
    while (this.flushOne());
  }

  /** What a signature is computed from: finding objects, their related lists, and the line tables it reads. */
  private inputsOf(file: FileState, findings: readonly Finding[], absolutePath: (docPath: string) => string): SignatureInputs {
    const others = new Map<string, LineIndex | undefined>();
    for (const finding of findings) {
      for (const related of finding.related) {
        if (!others.has(related.path)) others.set(related.path, this.workspace.getFile(absolutePath(related.path))?.lines);
      }
    }
    return { findings: [...findings], related: findings.map((finding) => finding.related), lines: file.lines, others };
  }

  /**
   * Whether the file's signature is the same as when `inputs` were taken, without computing
   * it: the same finding objects with the same related lists over the same text, and every
   * related location in another file at the same line and character it was (another file's
   * edit moves them; only the locations in a file whose text changed are looked at). Then `inputs`
   * take the other files' present line tables.
   */
  private sameInputs(inputs: SignatureInputs, file: FileState, findings: readonly Finding[], absolutePath: (docPath: string) => string): boolean {
    if (inputs.lines !== file.lines || inputs.findings.length !== findings.length) return false;
    for (let i = 0; i < findings.length; i++) {
      if (inputs.findings[i] !== findings[i] || inputs.related[i] !== findings[i]!.related) return false;
    }
    let moved: Map<string, LineIndex | undefined> | undefined;
    for (const [path, lines] of inputs.others) {
      const now = this.workspace.getFile(absolutePath(path))?.lines;
      if (now !== lines) (moved ??= new Map()).set(path, now);
    }
    if (!moved) return true;
    for (const relatedLocations of inputs.related) {
      for (const related of relatedLocations) {
        if (!moved.has(related.path)) continue;
        const then: Signature = [];
        const now: Signature = [];
        pushRange(then, inputs.others.get(related.path), related.start, related.end);
        pushRange(now, moved.get(related.path), related.start, related.end);
        if (!sameSignature(then, now)) return false;
      }
    }
    for (const [path, lines] of moved) inputs.others.set(path, lines);
    return true;
  }

  /** Publishes diagnostics unless they are those last published (compared as JSON). */
  private publish(uri: string, diagnostics: Diagnostic[]): void {
    if (sameJson(this.published.get(uri) ?? [], diagnostics)) {
      if (diagnostics.length === 0) this.published.delete(uri);
      return;
    }
    this.send(uri, diagnostics);
  }

  private send(uri: string, diagnostics: Diagnostic[]): void {
    if (diagnostics.length === 0) this.published.delete(uri);
    else this.published.set(uri, diagnostics);
    void this.connection.sendDiagnostics({ uri, diagnostics });
  }

  // ---- requests ------------------------------------------------------------------

  /**
   * Runs a request against the current state of the file's project. A cancelled
   * request is answered with RequestCancelled; an exception is logged and answered
   * with the fallback, so one bad input never costs the editor its server.
   */
  request<T>(uri: string, token: CancellationToken, fallback: T, handler: (context: RequestContext) => T): T | ResponseError<void> {
    if (token.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
    try {
      const path = uriToPath(uri);
      if (!path) return fallback;
      const file = this.workspace.getFile(path);
      const project = this.workspace.projectOf(path);
      if (!file || !project) return fallback;
      const result = this.workspace.resultOf(project);
      if (token.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
      return handler({ file, project, result });
    } catch (error) {
      this.connection.console.error(`topo: request on ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return fallback;
    }
  }

  private guard(what: string, action: () => void): void {
    try {
      action();
    } catch (error) {
      this.connection.console.error(`topo: ${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }

  private codeActions({ file, project, result }: RequestContext, params: CodeActionParams): CodeAction[] {
    const only = params.context.only;
    if (only && !only.some((kind) => kind === 'quickfix' || 'quickfix'.startsWith(`${kind}.`) || kind === '')) return [];
    const start = file.lines.offsetAt(params.range.start);
    const end = file.lines.offsetAt(params.range.end);
    const actions: CodeAction[] = [];
    for (const finding of result.findings) {
      if (project.absolute(finding.path) !== file.path) continue;
      if (finding.end < start || finding.start > end) continue;
      const diagnostic = toDiagnostic(this.workspace, project, file.lines, finding);
      finding.fixes.forEach((fix, index) => {
        const action = toCodeAction(this.workspace, project, fix, diagnostic, index === 0 && !fix.suppression);
        if (action) actions.push(action);
      });
    }
    return actions;
  }
}
