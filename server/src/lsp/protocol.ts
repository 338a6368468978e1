// Custom requests of the Topo language server, declared once for the server, the
// client and the tests.

import { RequestType } from 'vscode-languageserver-protocol';

export interface ServerStats {
  /** Files parsed since start: an edit should add one. */
  parseCount: number;
  projects: { root: string; files: number }[];
  /** The server process's memory in bytes (`process.memoryUsage()`). */
  memory: { rss: number; heapUsed: number; heapTotal: number; external: number; arrayBuffers: number };
  /** Whether a full garbage collection ran just before `memory` was read. */
  collected: boolean;
}

export interface StatsParams {
  /** Run a full garbage collection first, when the server was started with `--expose-gc`. */
  collectGarbage?: boolean;
}

export const StatsRequest = new RequestType<StatsParams | null, ServerStats, void>('topo/stats');

/** The views of a diagram, and the depths of the focus view. */
export const DIAGRAM_VIEWS = ['topology', 'focus', 'sequence'] as const;
export type DiagramViewName = (typeof DIAGRAM_VIEWS)[number];
export const MIN_FOCUS_DEPTH = 1;
export const MAX_FOCUS_DEPTH = 5;
export const DEFAULT_FOCUS_DEPTH = 2;

/** The preview asks the server for the Mermaid text of a view of the project that holds `uri`. */
export interface DiagramParams {
  uri: string;
  view: DiagramViewName;
  /**
   * The cursor (a UTF-16 offset into the document), to pick the element of the focus
   * view and, through it, the entry of the sequence view: the element or link under it.
   */
  offset?: number;
  /**
   * The element to use when the cursor is on none: the preview sends the one it shows,
   * so the view stays put while the cursor crosses blank lines. Without either, the
   * focus view takes the document's first element and the sequence view the project's
   * first entry.
   */
  element?: string;
  /** Focus view: links away from the element, MIN_FOCUS_DEPTH..MAX_FOCUS_DEPTH (default DEFAULT_FOCUS_DEPTH). */
  depth?: number;
}

export interface DiagramNodeInfo {
  /** The Mermaid id: from a safe alphabet ([A-Za-z0-9_]), unique in the diagram. */
  id: string;
  name: string;
  kind: string;
  /** Where the declaration is: the preview reveals it when the node is clicked. */
  uri: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity?: 'error' | 'warning' | 'info';
  /** Plain-text figures shown when the pointer rests on the node (kind, R, availability, sync depth). */
  summary: string;
}

export type DiagramResponse =
  | {
      ok: true;
      view: DiagramViewName;
      title: string;
      text: string;
      /** The elements drawn (sequence view: participants), legend excluded. */
      nodes: DiagramNodeInfo[];
      /** Links (sequence view: messages) drawn, legend excluded. */
      edgeCount: number;
      /** What Mermaid is asked to draw, legend included: the preview's limits apply to it. */
      size: { nodes: number; edges: number; textLength: number };
      notes: string[];
      /** Focus view: the element in the middle; sequence view: the entry. */
      element?: string;
      /** Focus view: the depth drawn. */
      depth?: number;
    }
  | { ok: false; error: string };

export const DiagramRequestType = new RequestType<DiagramParams, DiagramResponse, void>('topo/diagram');
