// What the extension does when the language server process dies: restart it, tell the
// user once per session (not at every crash), and give up after five crashes in three
// minutes, saying how to start it again. vscode-languageclient's own handler restarts
// silently and gives up with a message that offers nothing to click.

import * as vscode from 'vscode';
import { CloseAction, ErrorAction, type CloseHandlerResult, type ErrorHandler, type ErrorHandlerResult, type Message } from 'vscode-languageclient/node';

const MAX_CRASHES = 5;
const WINDOW_MS = 3 * 60_000;

export class ServerCrashes {
  private crashes: number[] = [];
  private told = false;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly restartCommand: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** A start asked for by the user (the restart command) forgives the crashes before it. */
  reset(): void {
    this.crashes = [];
  }

  /** The handler for one client: the crash count and the "told once" outlive each client. */
  handler(): ErrorHandler {
    return {
      // A broken message now and then is survivable; a stream of them is not.
      error: (_error: Error, _message: Message | undefined, count: number | undefined): ErrorHandlerResult =>
        ({ action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown }),
      closed: (): CloseHandlerResult => this.closed(),
    };
  }

  private closed(): CloseHandlerResult {
    const now = this.now();
    this.crashes = this.crashes.filter((at) => now - at < WINDOW_MS);
    this.crashes.push(now);
    if (this.crashes.length > MAX_CRASHES) {
      this.log.error(`The Topo language server stopped ${this.crashes.length} times in 3 minutes: it is not restarted.`);
      void vscode.window
        .showErrorMessage('The Topo language server keeps stopping and was not restarted. Its log is in the Topo output channel.', 'Show Log', 'Restart')
        .then((choice) => this.act(choice));
      return { action: CloseAction.DoNotRestart, handled: true };
    }
    this.log.warn(`The Topo language server stopped unexpectedly (${this.crashes.length} in the last 3 minutes): restarting it.`);
    if (!this.told) {
      this.told = true;
      void vscode.window
        .showWarningMessage('The Topo language server stopped unexpectedly and was restarted. Its log is in the Topo output channel.', 'Show Log')
        .then((choice) => this.act(choice));
    }
    return { action: CloseAction.Restart, handled: true };
  }

  private act(choice: string | undefined): void {
    if (choice === 'Show Log') this.log.show(true);
    else if (choice === 'Restart') void vscode.commands.executeCommand(this.restartCommand);
  }
}
