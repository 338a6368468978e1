// The VS Code side of Topo: it starts the language server (dist/server.js), hosts the
// preview pane (./preview) and gets out of the way. Diagnostics, hover, completion, fixes,
// formatting and the diagrams all live in the server.

import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { TopoPreview } from './preview/preview';
import { ServerCrashes } from './serverCrashes';

let client: LanguageClient | undefined;

/** The running client (a new one after each restart), for the preview's requests. */
export function languageClient(): LanguageClient | undefined {
  return client;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.stdio },
    debug: { module: serverModule, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  // One channel for the client's log, the server's log and, with `topo.trace.server`, the LSP trace.
  const output = vscode.window.createOutputChannel('Topo', { log: true });
  const watchers = ['**/*.topo', '**/topo.json'].map((glob) => vscode.workspace.createFileSystemWatcher(glob));
  const crashes = new ServerCrashes(output, 'topo.restartServer');
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'topo' },
      { scheme: 'untitled', language: 'topo' },
    ],
    synchronize: { fileEvents: watchers },
    outputChannel: output,
    errorHandler: crashes.handler(),
  };

  // A fresh client per start (a client whose server failed to start cannot start again),
  // and one start at a time: a restart waits for the start before it.
  let pending = Promise.resolve();
  const restart = (): Promise<void> =>
    (pending = pending
      .then(async () => {
        const previous = client;
        client = undefined;
        if (previous?.isRunning()) await previous.stop();
        // The id 'topo' makes the client read the `topo.trace.server` setting.
        client = new LanguageClient('topo', 'Topo Language Server', serverOptions, clientOptions);
        await client.start();
      })
      // Logged, not thrown: the command stays usable to try again.
      .catch((error: unknown) => output.error(`Starting the Topo language server failed: ${String(error)}`)));

  const preview = new TopoPreview(context.extensionUri, languageClient, output);
  context.subscriptions.push(
    output,
    ...watchers,
    preview,
    vscode.commands.registerCommand('topo.restartServer', () => {
      crashes.reset();
      return restart();
    }),
    vscode.commands.registerCommand('topo.openPreview', (resource?: vscode.Uri) => preview.show(false, resource)),
    vscode.commands.registerCommand('topo.openPreviewToSide', (resource?: vscode.Uri) => preview.show(true, resource)),
  );
  await restart();
}

export async function deactivate(): Promise<void> {
  if (client?.isRunning()) await client.stop();
}
