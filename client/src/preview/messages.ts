// The messages between the preview's extension side and its webview, and the check that
// every message from the webview passes before the extension acts on it. Pure (no
// `vscode` import): the tests run exactly this code.
//
// The webview is treated as untrusted: whatever runs in it (a Mermaid bug, an injected
// label) can post anything. So a message is accepted only when it is a plain object of
// one of six types with exactly that type's fields, each of the right type and size; a
// `reveal` names a node of the diagram on screen (the extension then opens the place the
// *server* gave for it); nothing in a message is ever a path, a URI or a command.

import type { DiagramResponse } from '../../../server/src/lsp/protocol';
import { DIAGRAM_VIEWS, MAX_FOCUS_DEPTH, MIN_FOCUS_DEPTH, type DiagramViewName } from '../../../server/src/lsp/protocol';
import { MAX_SVG_CHARS } from './limits';

export type PreviewView = DiagramViewName;
export const VIEWS = DIAGRAM_VIEWS;

/** Mermaid node ids the generator makes: letters, digits and `_` (types.ts), bounded here. */
export const NODE_ID = /^[A-Za-z0-9_]{1,256}$/;

/** A render time beyond an hour is not a measurement. */
export const MAX_RENDER_MS = 3_600_000;

// ---- extension → webview ------------------------------------------------------------

/** A node as the webview needs it: no URI, no range (the extension keeps those). */
export interface WebviewNode {
  id: string;
  name: string;
  kind: string;
  summary: string;
  severity?: 'error' | 'warning' | 'info';
}

export interface DiagramMessage {
  type: 'diagram';
  view: PreviewView;
  depth: number;
  title: string;
  /** Mermaid source, drawn with securityLevel 'strict'. */
  text: string;
  nodes: WebviewNode[];
  edgeCount: number;
  /** What Mermaid would draw, legend included: checked against ../limits.ts. */
  size: { nodes: number; edges: number; textLength: number };
  notes: string[];
}

export type ToWebview =
  | DiagramMessage
  /** The figures changed and the drawing did not: new tooltips, no new layout. */
  | { type: 'nodes'; nodes: WebviewNode[] }
  /** The server could not make the diagram: shown above the last good one. */
  | { type: 'error'; view: PreviewView; depth: number; message: string };

export function toDiagramMessage(response: Extract<DiagramResponse, { ok: true }>, depth: number): DiagramMessage {
  return {
    type: 'diagram',
    view: response.view,
    depth: response.depth ?? depth,
    title: response.title,
    text: response.text,
    nodes: toWebviewNodes(response),
    edgeCount: response.edgeCount,
    size: response.size,
    notes: response.notes,
  };
}

export function toWebviewNodes(response: Extract<DiagramResponse, { ok: true }>): WebviewNode[] {
  return response.nodes.map(({ id, name, kind, summary, severity }) => (severity ? { id, name, kind, summary, severity } : { id, name, kind, summary }));
}

// ---- webview → extension ------------------------------------------------------------

export type FromWebview =
  | { type: 'ready' }
  | { type: 'reveal'; id: string }
  | { type: 'setView'; view: PreviewView; depth?: number }
  | { type: 'exportSvg'; svg: string }
  | { type: 'copySource' }
  | { type: 'renderTime'; ms: number };

export type Checked = { ok: true; message: FromWebview } | { ok: false; reason: string };

/** The fields each type must have, and those it may have; nothing else is allowed. */
const SHAPES: Record<FromWebview['type'], { required: readonly string[]; optional: readonly string[] }> = {
  ready: { required: ['type'], optional: [] },
  reveal: { required: ['type', 'id'], optional: [] },
  setView: { required: ['type', 'view'], optional: ['depth'] },
  exportSvg: { required: ['type', 'svg'], optional: [] },
  copySource: { required: ['type'], optional: [] },
  renderTime: { required: ['type', 'ms'], optional: [] },
};

const has = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

/** A short, printable rendering of something the webview sent, for the log. */
function shown(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value) : typeof value;
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?');
}

/**
 * Checks a message from the webview. `knownIds` holds the node ids of the diagram the
 * extension last sent: a `reveal` of any other id is refused.
 */
export function checkWebviewMessage(data: unknown, knownIds: { has(id: string): boolean }): Checked {
  const refuse = (reason: string): Checked => ({ ok: false, reason });
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return refuse(`not an object but ${data === null ? 'null' : Array.isArray(data) ? 'an array' : typeof data}`);
  const prototype = Object.getPrototypeOf(data);
  if (prototype !== Object.prototype && prototype !== null) return refuse('not a plain object');
  // Every own key, enumerable or not, symbols included: a message is plain data or nothing.
  const keys = Reflect.ownKeys(data);
  for (const key of keys) {
    if (typeof key !== 'string') return refuse('a symbol key');
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') return refuse(`a forbidden key ${JSON.stringify(key)}`);
    const descriptor = Object.getOwnPropertyDescriptor(data, key)!;
    if (!('value' in descriptor)) return refuse(`an accessor property ${shown(key)}`);
  }
  const record = data as Record<string, unknown>;
  const type = has(record, 'type') ? record['type'] : undefined;
  if (typeof type !== 'string' || !has(SHAPES, type)) return refuse(`unknown type ${shown(type)}`);
  const shape = SHAPES[type as FromWebview['type']];
  for (const key of keys as string[]) {
    if (!shape.required.includes(key) && !shape.optional.includes(key)) return refuse(`${type}: unexpected field ${shown(key)}`);
  }
  for (const key of shape.required) if (!has(record, key)) return refuse(`${type}: missing field ${key}`);

  switch (type as FromWebview['type']) {
    case 'ready':
      return { ok: true, message: { type: 'ready' } };
    case 'copySource':
      return { ok: true, message: { type: 'copySource' } };
    case 'reveal': {
      const id = record['id'];
      if (typeof id !== 'string' || !NODE_ID.test(id)) return refuse(`reveal: id ${shown(id)} is not a node id`);
      if (!knownIds.has(id)) return refuse(`reveal: no node ${shown(id)} in the diagram on screen`);
      return { ok: true, message: { type: 'reveal', id } };
    }
    case 'setView': {
      const view = record['view'];
      if (typeof view !== 'string' || !(VIEWS as readonly string[]).includes(view)) return refuse(`setView: unknown view ${shown(view)}`);
      if (!has(record, 'depth')) return { ok: true, message: { type: 'setView', view: view as PreviewView } };
      const depth = record['depth'];
      if (typeof depth !== 'number' || !Number.isInteger(depth) || depth < MIN_FOCUS_DEPTH || depth > MAX_FOCUS_DEPTH) {
        return refuse(`setView: depth ${typeof depth === 'number' ? depth : shown(depth)} is not an integer from ${MIN_FOCUS_DEPTH} to ${MAX_FOCUS_DEPTH}`);
      }
      return { ok: true, message: { type: 'setView', view: view as PreviewView, depth } };
    }
    case 'exportSvg': {
      const svg = record['svg'];
      if (typeof svg !== 'string') return refuse(`exportSvg: svg is ${typeof svg}, not a string`);
      if (svg.length > MAX_SVG_CHARS) return refuse(`exportSvg: ${svg.length} characters, more than ${MAX_SVG_CHARS}`);
      if (!/^<svg[\s>]/.test(svg)) return refuse('exportSvg: not an <svg> element');
      return { ok: true, message: { type: 'exportSvg', svg } };
    }
    case 'renderTime': {
      const ms = record['ms'];
      if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0 || ms > MAX_RENDER_MS) return refuse(`renderTime: ms ${typeof ms === 'number' ? ms : shown(ms)} is not a duration`);
      return { ok: true, message: { type: 'renderTime', ms } };
    }
  }
}
