// The preview pane: one webview panel that shows a diagram of the project of the active
// .topo editor. The server makes the diagram (`topo/diagram`); this class decides when
// to ask (an edit, after a pause; a cursor move in the focus and sequence views; a view
// switch), drops answers that a newer question made stale, posts the Mermaid text to the
// page only when it changed (a layout costs seconds), and acts on what the page asks for
// after checking it (./messages.ts).

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DEFAULT_FOCUS_DEPTH, DiagramRequestType, type DiagramNodeInfo, type DiagramParams, type DiagramResponse } from '../../../server/src/lsp/protocol';
import { createNonce, previewHtml } from './html';
import { checkWebviewMessage, toDiagramMessage, type FromWebview, type PreviewView, type ToWebview } from './messages';

/** Pause after the last keystroke before asking for a new diagram. */
const EDIT_DEBOUNCE_MS = 300;
/** Pause after the last cursor move (focus and sequence views follow the cursor). */
const CURSOR_DEBOUNCE_MS = 250;

const isTopo = (document: vscode.TextDocument | undefined): document is vscode.TextDocument => document?.languageId === 'topo';

export class TopoPreview implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  /** Listeners that live as long as the panel. */
  private panelDisposables: vscode.Disposable[] = [];
  /** The .topo document the pane follows: the active one, or the last active one. */
  private document: vscode.TextDocument | undefined;
  private cursorOffset: number | undefined;
  private view: PreviewView = 'topology';
  private depth = DEFAULT_FOCUS_DEPTH;
  /** The element of the last focus or sequence answer: kept while the cursor is on none. */
  private element: string | undefined;
  /** The nodes of the diagram on screen, by Mermaid id: where a click on each one leads. */
  private nodes = new Map<string, DiagramNodeInfo>();
  private source = '';
  /** What the page was last sent, to send only what changed. */
  private posted: { drawing: string; nodes: string } | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private asked = 0;
  private pending: vscode.CancellationTokenSource | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly languageClient: () => LanguageClient | undefined,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Opens the pane (or brings it forward) for the given .topo file, else the active one. */
  show(beside: boolean, resource?: vscode.Uri): void {
    const active = vscode.window.activeTextEditor;
    const document =
      (resource instanceof vscode.Uri ? vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === resource.toString()) : undefined) ??
      (isTopo(active?.document) ? active.document : undefined) ??
      this.document;
    if (isTopo(document)) this.follow(document, active?.document === document ? active : undefined);
    // An open pane stays where the user put it.
    if (this.panel) this.panel.reveal(this.panel.viewColumn, beside);
    else this.createPanel(beside ? vscode.ViewColumn.Beside : (active?.viewColumn ?? vscode.ViewColumn.Active), beside);
    this.refresh(0);
  }

  dispose(): void {
    this.panel?.dispose();
    this.disposePanelResources();
  }

  private createPanel(column: vscode.ViewColumn, preserveFocus: boolean): void {
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const panel = vscode.window.createWebviewPanel(
      'topo.preview',
      'Topo Preview',
      { viewColumn: column, preserveFocus },
      {
        enableScripts: true,
        // A link in the page can never run a command.
        enableCommandUris: false,
        // The page is rebuilt when shown again; it keeps its view and zoom with setState.
        retainContextWhenHidden: false,
        localResourceRoots: [dist, media],
      },
    );
    panel.iconPath = vscode.Uri.joinPath(media, 'icon.png');
    panel.webview.html = previewHtml({
      cspSource: panel.webview.cspSource,
      nonce: createNonce(),
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'preview.js')).toString(),
    });
    this.panel = panel;
    const watcher = vscode.workspace.createFileSystemWatcher('**/{*.topo,topo.json}');
    const onDisk = (): void => this.refresh(EDIT_DEBOUNCE_MS);
    this.panelDisposables = [
      watcher,
      watcher.onDidChange(onDisk),
      watcher.onDidCreate(onDisk),
      watcher.onDidDelete(onDisk),
      panel.webview.onDidReceiveMessage((data: unknown) => this.receive(data)),
      panel.onDidDispose(() => {
        this.panel = undefined;
        this.disposePanelResources();
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (!isTopo(editor?.document) || editor.document === this.document) return;
        this.follow(editor.document, editor);
        this.refresh(0);
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        // Any file of the project may change the drawing; the server answers for the followed one.
        if (isTopo(event.document) && event.contentChanges.length > 0) this.refresh(EDIT_DEBOUNCE_MS);
      }),
      vscode.window.onDidChangeTextEditorSelection((event) => {
        if (event.textEditor.document !== this.document) return;
        this.cursorOffset = event.textEditor.document.offsetAt(event.selections[0]!.active);
        if (this.view !== 'topology') this.refresh(CURSOR_DEBOUNCE_MS);
      }),
    ];
  }

  private disposePanelResources(): void {
    clearTimeout(this.timer);
    this.pending?.cancel();
    this.pending = undefined;
    for (const disposable of this.panelDisposables) disposable.dispose();
    this.panelDisposables = [];
    this.posted = undefined;
    this.nodes.clear();
  }

  private follow(document: vscode.TextDocument, editor: vscode.TextEditor | undefined): void {
    this.document = document;
    this.cursorOffset = editor ? document.offsetAt(editor.selection.active) : undefined;
  }

  /** Asks for a new diagram after `delay` ms; a newer call restarts the wait. */
  private refresh(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), delay);
  }

  private async update(): Promise<void> {
    const panel = this.panel;
    const document = this.document;
    // A hidden page is rebuilt when shown again, and then says 'ready', which asks anew.
    if (!panel?.visible) return;
    if (!document) {
      this.post({ type: 'error', view: this.view, depth: this.depth, message: 'Open a .topo file: the preview shows the project it belongs to.' });
      return;
    }
    const client = this.languageClient();
    if (!client) {
      this.post({ type: 'error', view: this.view, depth: this.depth, message: 'The Topo language server is not running: run "Topo: Restart Language Server".' });
      return;
    }
    // The newest question wins: the one before is cancelled, and its answer, if it still comes, dropped.
    this.pending?.cancel();
    const cancellation = new vscode.CancellationTokenSource();
    this.pending = cancellation;
    const asked = ++this.asked;
    const params: DiagramParams = { uri: client.code2ProtocolConverter.asUri(document.uri), view: this.view };
    if (this.view === 'focus') params.depth = this.depth;
    if (this.view !== 'topology') {
      const editor = vscode.window.visibleTextEditors.find((candidate) => candidate.document === document);
      const offset = editor ? document.offsetAt(editor.selection.active) : this.cursorOffset;
      if (offset !== undefined) params.offset = offset;
      if (this.element !== undefined) params.element = this.element;
    }
    let response: DiagramResponse;
    try {
      response = await client.sendRequest(DiagramRequestType, params, cancellation.token);
    } catch (error) {
      if (asked !== this.asked) return;
      response = { ok: false, error: `The Topo language server did not answer: ${error instanceof Error ? error.message : String(error)}` };
    } finally {
      cancellation.dispose();
      if (this.pending === cancellation) this.pending = undefined;
    }
    if (asked !== this.asked || this.panel !== panel) return;
    this.apply(response);
  }

  private apply(response: DiagramResponse): void {
    if (!response.ok) {
      this.post({ type: 'error', view: this.view, depth: this.depth, message: response.error });
      return;
    }
    this.element = response.element ?? this.element;
    this.nodes = new Map(response.nodes.map((node) => [node.id, node]));
    this.source = response.text;
    const message = toDiagramMessage(response, this.depth);
    const drawing = JSON.stringify([message.view, message.depth, message.title, message.notes, message.edgeCount, message.text]);
    const nodes = JSON.stringify(message.nodes);
    if (this.posted?.drawing === drawing) {
      // The same drawing: no layout. Only the figures behind the tooltips may have changed.
      if (this.posted.nodes !== nodes) this.post({ type: 'nodes', nodes: message.nodes });
    } else {
      this.post(message);
    }
    this.posted = { drawing, nodes };
  }

  private post(message: ToWebview): void {
    // After an error notice, the next diagram is sent in full: it is what clears the notice.
    if (message.type === 'error') this.posted = undefined;
    void this.panel?.webview.postMessage(message);
  }

  // ---- messages from the page ---------------------------------------------------------

  private receive(data: unknown): void {
    const checked = checkWebviewMessage(data, this.nodes);
    if (!checked.ok) {
      this.log.warn(`Topo Preview: dropped a message from the preview page: ${checked.reason}`);
      return;
    }
    void this.act(checked.message).catch((error: unknown) => this.log.error(`Topo Preview: ${checked.message.type} failed: ${String(error)}`));
  }

  private async act(message: FromWebview): Promise<void> {
    switch (message.type) {
      case 'ready':
        // A new page (first shown, or shown again after being hidden): send it everything.
        this.posted = undefined;
        this.refresh(0);
        return;
      case 'setView':
        this.view = message.view;
        if (message.depth !== undefined) this.depth = message.depth;
        this.refresh(0);
        return;
      case 'reveal':
        return this.reveal(this.nodes.get(message.id)!);
      case 'copySource':
        await vscode.env.clipboard.writeText(this.source);
        vscode.window.setStatusBarMessage('Topo: Mermaid source copied', 3000);
        return;
      case 'exportSvg':
        return this.exportSvg(message.svg);
      case 'renderTime':
        this.log.debug(`Topo Preview: ${this.view} diagram of ${this.nodes.size} nodes drawn in ${message.ms} ms`);
        return;
    }
  }

  /** Opens the declaration of a node: the URI and range the server gave, never one from the page. */
  private async reveal(node: DiagramNodeInfo): Promise<void> {
    const uri = vscode.Uri.parse(node.uri, true);
    if (uri.scheme !== 'file') return;
    const { start, end } = node.range;
    const selection = new vscode.Range(start.line, start.character, end.line, end.character);
    const source = vscode.window.visibleTextEditors.find((editor) => editor.document === this.document);
    await vscode.window.showTextDocument(uri, { selection, viewColumn: source?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: false });
  }

  private async exportSvg(svg: string): Promise<void> {
    const document = this.document;
    const name = `${document ? document.uri.path.replace(/^.*\//, '').replace(/\.topo$/, '') : 'topology'}-${this.view}${this.view !== 'topology' && this.element ? `-${this.element}` : ''}.svg`;
    const defaultUri = document?.uri.scheme === 'file' ? vscode.Uri.joinPath(document.uri, '..', name) : undefined;
    const target = await vscode.window.showSaveDialog({ defaultUri, filters: { 'SVG image': ['svg'] }, saveLabel: 'Export', title: 'Export the diagram as SVG' });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(`<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`));
    vscode.window.setStatusBarMessage(`Topo: diagram saved to ${vscode.workspace.asRelativePath(target)}`, 5000);
  }
}
