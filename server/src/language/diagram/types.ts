// What the diagram generator takes and gives: pure data, shared by the CLI
// (`topo diagram`), the language server (the preview's `topo/diagram` request)
// and the tests that render the text with the real Mermaid in Chromium.

import type { Kind } from '../syntax/ast';
import type { Severity } from '../rules/types';

export type DiagramView = 'topology' | 'focus' | 'sequence';

export type DiagramRequest =
  /** The whole project. `legend` defaults to true. */
  | { view: 'topology'; legend?: boolean }
  /** One element and its neighbourhood, `depth` valid links away in both directions. `legend` defaults to true. */
  | { view: 'focus'; element: string; depth: number; legend?: boolean }
  /** The request path of an entry (actor or client). */
  | { view: 'sequence'; entry: string };

export interface DiagramNode {
  /** The Mermaid id: stable, derived from the name, from a safe alphabet ([A-Za-z0-9_]). */
  id: string;
  name: string;
  kind: Kind;
  /** The element's label as written (plain text, not escaped), or its name when it has none. */
  label: string;
  /** The declaration's name span (TopoDocument path and offsets). */
  path: string;
  start: number;
  end: number;
  /** The worst severity of the findings on the element, if any. */
  severity?: Severity;
}

/** One drawn link (topology and focus views). */
export interface DiagramEdge {
  /** The edge's position among the flowchart's edges: Mermaid's `linkStyle` index. */
  index: number;
  /** Mermaid ids of the two ends. */
  from: string;
  to: string;
  sync: boolean;
  /** An asynchronous link whose sender waits for the reply (`await: true`). */
  awaited: boolean;
  /** The link's span in its file (from the source name to the target name). */
  path: string;
  start: number;
  end: number;
  /** The worst severity of the findings on the link, if any. */
  severity?: Severity;
}

/** What the Mermaid text asks of the renderer: compare with Mermaid's `maxTextSize` and `maxEdges`. */
export interface DiagramSize {
  /** Every Mermaid node (legend included; sequence view: participants). */
  nodes: number;
  /** Every Mermaid edge (legend included; sequence view: messages, replies included). */
  edges: number;
  /** Subgraphs drawn (groups and the legend). */
  subgraphs: number;
  /** `text.length`, in UTF-16 code units as Mermaid measures it. */
  textLength: number;
}

export interface Diagram {
  view: DiagramView;
  /** A plain-text title, e.g. "Topology" or "Request path of 'Web'" (not escaped). */
  title: string;
  /** Mermaid source. No user text outside quoted, escaped labels. Ends with a newline. */
  text: string;
  /** The elements drawn (for the sequence view: its participants), legend excluded. */
  nodes: DiagramNode[];
  /** The links drawn, in Mermaid edge order (empty for the sequence view). */
  edges: DiagramEdge[];
  /** How many links (or, in a sequence, messages) are drawn, legend excluded. */
  edgeCount: number;
  size: DiagramSize;
  /** Notes for the reader, e.g. elements left out; plain text (not escaped). */
  notes: string[];
}

export type DiagramResult = { ok: true; diagram: Diagram } | { ok: false; error: string };

/** Counts the generator's steps, for the tests that hold it to linear work. */
export interface DiagramWorkCounter {
  steps: number;
}
