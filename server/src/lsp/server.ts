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
  const signature: Signature = [inputs.lines.text.length];
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
  private validationScheduled = false;
  private watchRegistration = false;

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
        }
        this.scheduleValidation();
      }),
    );
    connection.onCodeAction((params, token) => this.request(params.textDocument.uri, token, [], (context) => this.codeActions(context, params)));
    const offset = (context: RequestContext, position: Position) => context.file.lines.offsetAt(position);
    connection.onHover((params, token) => this.request(params.textDocument.uri, token, null, (c) => features.hover(c, offset(c, params.position))));
    connection.onCompletion((params, token) =>
      this.request(params.textDocument.uri, token, { isIncomplete: false, items: [] }, (c) => features.completion(c, offset(c, params.position))),
    );
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
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['>', ':', '['] },
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
    this.workspace.setOpenText(path, document.getText());
    this.scheduleValidation();
  }

  /** Coalesces the changes of one turn of the event loop into one validation. */
  scheduleValidation(): void {
    if (this.validationScheduled) return;
    this.validationScheduled = true;
    setImmediate(() => {
      this.validationScheduled = false;
      this.guard('validate', () => this.validate());
    });
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
        // Build diagnostics only for files whose findings changed: most edits change one file's.
        const uri = pathToUri(path);
        const announce = this.announce.delete(uri);
        // The same finding objects over the same texts: the signature cannot have changed.
        const before = this.signatureInputs.get(uri);
        if (before && !announce && this.sameInputs(before, file, findings, absolutePath)) continue;
        const now = this.inputsOf(file, findings, absolutePath);
        this.signatureInputs.set(uri, now);
        // A signature starts with the text's length: when that changed, there is no need to compute the rest.
        if (before && !announce && before.lines.text.length === now.lines.text.length && sameSignature(signatureOf(before), signatureOf(now))) continue;
        this.publish(uri, findings.map((finding) => toDiagnostic(this.workspace, project, file.lines, finding)), announce);
      }
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
    this.announce.clear();
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

  private publish(uri: string, diagnostics: Diagnostic[], always = false): void {
    if (sameJson(this.published.get(uri) ?? [], diagnostics) && !always) {
      if (diagnostics.length === 0) this.published.delete(uri);
      return;
    }
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
