// What the preview asks Mermaid to draw, and what it refuses to. Pure: the webview and
// the tests read the same numbers.
//
// Mermaid lays a diagram out synchronously on the page's only thread: while it works the
// pane cannot repaint or take a click (and should VS Code run the webview in the
// workbench's renderer process, neither could the editor). Mermaid's own refusals
// (maxEdges 500, maxTextSize 50,000 by default) do not bound that time. Measured here
// (2026-11-25, Mermaid 12.3.0 in Debian Chromium 156, this 2-core machine under a load of
// about 3, `topo/diagram` topologies of scripts/generate-project.ts projects: about 3
// labelled links per element, groups as subgraphs, the legend):
//
//   | elements | nodes / edges | dagre  | ELK      |
//   |----------|---------------|--------|----------|
//   | 100      | 116 / 302     | 4.4 s  | 15.1 s   |
//   | 150      | 166 / 452     | 14.4 s | 27.1 s   |
//   | 200      | 216 / 602     | 19.3 s | 65.2 s   |
//   | 250      | 266 / 752     | 21.5 s | 160–180 s|
//
// On these diagrams ELK (Mermaid 12's default, bundled) is slower than dagre at every
// size, unlike DESIGN §7's unlabelled synthetic graphs where it wins from about 250
// nodes; so the preview always asks for dagre. It draws at most 200 nodes and 600 edges
// (legend included): at most about 20 s on this machine. Past that it draws nothing and
// offers the focus view. Mermaid gets the same edge limit and a text limit well above
// what 200 nodes need, so it never refuses what passes here.

export const PREVIEW_LIMITS = {
  /** More nodes than this (legend included): the pane offers the focus view instead of drawing. */
  maxNodes: 200,
  /** More edges than this: the same. Mermaid's `maxEdges` is set to it. */
  maxEdges: 600,
  /** Longer Mermaid text than this: the same. Mermaid's `maxTextSize` is set to it (216 nodes took 31,873). */
  maxTextChars: 200_000,
  /** From this many nodes or edges on, the pane says it is laying out before it starts (seconds). */
  slowNodes: 100,
  slowEdges: 300,
} as const;

/** The layout engine: dagre, measured quicker than ELK on every diagram the pane draws. */
export const LAYOUT = 'dagre';

/** What a diagram asks of Mermaid, legend included (the generator's `size`). */
export interface DiagramSize {
  nodes: number;
  edges: number;
  textLength: number;
}

/**
 * Why a diagram is too big to draw in the pane (plain text), or undefined when it is not.
 * `drawer` names what draws it: the pane, or the page `topo diagram --format html` writes
 * (a browser tab lays it out on its one thread just the same).
 */
export function tooBig({ nodes, edges, textLength }: DiagramSize, drawer = 'the pane'): string | undefined {
  const over: string[] = [];
  if (nodes > PREVIEW_LIMITS.maxNodes) over.push(`${nodes} nodes (${drawer} draws at most ${PREVIEW_LIMITS.maxNodes})`);
  if (edges > PREVIEW_LIMITS.maxEdges) over.push(`${edges} edges (at most ${PREVIEW_LIMITS.maxEdges})`);
  if (textLength > PREVIEW_LIMITS.maxTextChars) over.push(`${textLength} characters of Mermaid (at most ${PREVIEW_LIMITS.maxTextChars})`);
  return over.length ? over.join(', ') : undefined;
}

/** Whether laying the diagram out will take long enough to say so first. */
export function isSlow({ nodes, edges }: DiagramSize): boolean {
  return nodes >= PREVIEW_LIMITS.slowNodes || edges >= PREVIEW_LIMITS.slowEdges;
}

/**
 * The largest SVG the webview may hand over for export, in UTF-16 code units. DESIGN §7:
 * 500 nodes (the most the pane draws) make 7.7–10.6 MB of SVG with dagre; this leaves
 * room for long labels.
 */
export const MAX_SVG_CHARS = 32 * 1024 * 1024;
