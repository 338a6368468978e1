// Custom requests of the Topo language server, declared once for the server, the
// client and the tests.

import { RequestType, RequestType0 } from 'vscode-languageserver-protocol';

export interface ServerStats {
  /** Files parsed since start: an edit should add one. */
  parseCount: number;
  projects: { root: string; files: number }[];
}

export const StatsRequest = new RequestType0<ServerStats, void>('topo/stats');

/** The preview asks the server for the Mermaid text of a view of the project that holds `uri`. */
export interface DiagramParams {
  uri: string;
  view: 'topology' | 'focus' | 'sequence';
  /** focus: the element; sequence: the entry. When missing, the server picks the element at `offset`, or the first entry. */
  element?: string;
  depth?: number;
  /** The cursor, to pick the element for focus and sequence views. */
  offset?: number;
}

export interface DiagramNodeInfo {
  id: string;
  name: string;
  kind: string;
  /** Where the declaration is: the preview reveals it when the node is clicked. */
  uri: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity?: 'error' | 'warning' | 'info';
  /** Plain-text figures shown when the pointer rests on the node (R, availability, depth). */
  summary: string;
}

export type DiagramResponse =
  | { ok: true; view: 'topology' | 'focus' | 'sequence'; title: string; text: string; nodes: DiagramNodeInfo[]; edgeCount: number; notes: string[]; element?: string }
  | { ok: false; error: string };

export const DiagramRequestType = new RequestType<DiagramParams, DiagramResponse, void>('topo/diagram');
