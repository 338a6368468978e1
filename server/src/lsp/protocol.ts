// Custom requests of the Topo language server, declared once for the server, the
// client and the tests.

import { RequestType0 } from 'vscode-languageserver-protocol';

export interface ServerStats {
  /** Files parsed since start: an edit should add one. */
  parseCount: number;
  projects: { root: string; files: number }[];
}

export const StatsRequest = new RequestType0<ServerStats, void>('topo/stats');
