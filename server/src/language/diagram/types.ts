// What the diagram generator takes and gives: pure data, shared by the CLI
// (`topo diagram`), the language server (the preview's `topo/diagram` request)
// and the tests that render the text with the real Mermaid in Chromium.

import type { Kind } from '../syntax/ast';
import type { Severity } from '../rules/types';

export type DiagramView = 'topology' | 'focus' | 'sequence';

export type DiagramRequest =
  | { view: 'topology' }
  /** One element and its neighbourhood, `depth` links away in both directions. */
  | { view: 'focus'; element: string; depth: number }
  /** The request path of an entry (actor or client). */
  | { view: 'sequence'; entry: string };

export interface DiagramNode {
  /** The Mermaid id: stable, derived from the name, from a safe alphabet ([A-Za-z0-9_]). */
  id: string;
  name: string;
  kind: Kind;
  /** The declaration's name span (TopoDocument path and offsets). */
  path: string;
  start: number;
  end: number;
  /** The worst severity of the findings on the element, if any. */
  severity?: Severity;
}

export interface Diagram {
  view: DiagramView;
  /** A plain-text title, e.g. "Topology of checkout" or "Requests of 'Web'". */
  title: string;
  /** Mermaid source. No user text outside quoted, escaped labels. */
  text: string;
  /** The elements drawn (for the sequence view: its participants). */
  nodes: DiagramNode[];
  /** How many links (or messages) are drawn. */
  edgeCount: number;
  /** Notes for the reader, e.g. elements left out; plain text. */
  notes: string[];
}

export type DiagramResult = { ok: true; diagram: Diagram } | { ok: false; error: string };
