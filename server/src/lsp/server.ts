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
import { pathToUri, toCodeAction, toDiagnostic, uriToPath } from './convert';
import { URI } from 'vscode-uri';
import { DiagramRequestType, StatsRequest } from './protocol';
import { diagram, DIAGRAM_UNAVAILABLE } from './diagram';
import * as features from './features';

export interface RequestContext {
  file: FileState;
  project: Project;
  result: LintResult;
}

export class TopoServer {
  readonly workspace: Workspace;
  private readonly documents = new TextDocuments(TextDocument);
  /** What was last published per URI, to publish only what changed. */
  private readonly published = new Map<string, string>();
  private readonly publishedResults = new WeakSet<LintResult>();
  private readonly signatures = new Map<string, string>();
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
    connection.onRequest(StatsRequest, () => ({
      parseCount: this.workspace.parseCount,
      projects: this.workspace.allProjects().map((project) => ({ root: project.root, files: project.files.size })),
    }));
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
      for (const finding of result.findings) byPath.get(project.absolute(finding.path))?.push(finding);
      for (const [path, findings] of byPath) {
        const file = this.workspace.getFile(path);
        if (!file) continue;
        // Build diagnostics only for files whose findings changed: most edits change one file's.
        const uri = pathToUri(path);
        const signature = this.signature(project, file, findings);
        const announce = this.announce.delete(uri);
        if (this.signatures.get(uri) === signature && !announce) continue;
        this.signatures.set(uri, signature);
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
    for (const uri of [...this.signatures.keys()]) if (!current.has(uri)) this.signatures.delete(uri);
    this.announce.clear();
  }

  /** What a file's diagnostics depend on: its findings, where they are, and the lines of their related locations. */
  private signature(project: Project, file: FileState, findings: readonly Finding[]): string {
    let signature = `${file.text.length}`;
    for (const finding of findings) {
      const at = file.lines.positionAt(finding.start);
      signature += `\n${finding.ruleId}|${finding.severity}|${finding.start}|${finding.end}|${at.line}|${finding.message}`;
      for (const related of finding.related) {
        const other = this.workspace.getFile(project.absolute(related.path));
        signature += `|${related.path}:${other ? other.lines.positionAt(related.start).line : -1}:${related.start}-${related.end}`;
      }
    }
    return signature;
  }

  private publish(uri: string, diagnostics: Diagnostic[], always = false): void {
    const key = JSON.stringify(diagnostics);
    if ((this.published.get(uri) ?? '[]') === key && !always) {
      if (diagnostics.length === 0) this.published.delete(uri);
      return;
    }
    if (diagnostics.length === 0) this.published.delete(uri);
    else this.published.set(uri, key);
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
