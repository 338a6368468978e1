// Writes a Mermaid flowchart of chosen elements and links: the topology and focus
// views. Only this file and sequence.ts write Mermaid syntax, and user text enters
// it only through escape.ts (`quoted`, `nodeId`, `idPart`). Every id, class name
// and style below is generated here; `classDef`, `class` and `linkStyle` lines hold
// nothing a user wrote, and no `%%{init}%%`, `click` or `style` line is written.

import { KINDS, type Kind } from '../syntax/ast';
import type { ElementSymbol, GroupScope, LinkSymbol } from '../model/model';
import type { Severity } from '../rules/types';
import { idPart, nodeId, quoted } from './escape';
import type { SeverityIndex } from './severity';
import type { DiagramEdge, DiagramNode, DiagramSize, DiagramWorkCounter } from './types';

/** Groups nested deeper than this are drawn inside their ancestor at this depth. */
export const MAX_GROUP_DEPTH = 32;

/** Rows of the legend's grid of shapes and severities. */
const LEGEND_ROWS = 4;

/** Opening and closing of each kind's shape (see docs/diagrams.md). */
const SHAPES: Record<Kind, readonly [string, string]> = {
  actor: ['((', '))'], // circle
  client: ['([', '])'], // stadium
  gateway: ['{{', '}}'], // hexagon
  service: ['[', ']'], // rectangle
  worker: ['[[', ']]'], // subroutine: a box with side bars
  external: ['[/', '\\]'], // trapezoid
  database: ['[(', ')]'], // cylinder
  cache: ['[(', ')]'], // cylinder, turned on its side by CACHE_SHAPE
  queue: ['[/', '/]'], // parallelogram
  topic: ['>', ']'], // flag (asymmetric)
};

/** A cache is a horizontal cylinder: Mermaid's `h-cyl` shape, set after the label. */
const CACHE_SHAPE = '@{ shape: h-cyl }';

export const KIND_CLASS: Record<Kind, string> = {
  actor: 'kActor',
  client: 'kClient',
  gateway: 'kGateway',
  service: 'kService',
  worker: 'kWorker',
  external: 'kExternal',
  database: 'kDatabase',
  cache: 'kCache',
  queue: 'kQueue',
  topic: 'kTopic',
};

export const SEVERITY_CLASS: Record<Severity, string> = { error: 'sevError', warning: 'sevWarning', info: 'sevInfo' };
const SEVERITY_COLOR: Record<Severity, string> = { error: '#d62728', warning: '#e8a200', info: '#2f7ed8' };
const SEVERITIES: readonly Severity[] = ['info', 'warning', 'error'];
export const FOCUS_CLASS = 'focused';
const CLASS_DEFS: Record<string, string> = {
  sevError: `stroke:${SEVERITY_COLOR.error},stroke-width:3px`,
  sevWarning: `stroke:${SEVERITY_COLOR.warning},stroke-width:3px`,
  sevInfo: `stroke:${SEVERITY_COLOR.info},stroke-width:2px`,
  focused: 'fill:#fff3b0,color:#111111,stroke-width:4px',
};
const AWAITED_EDGE_WIDTH = '4px';
const RISKY_EDGE_WIDTH = '3px';

export interface FlowchartPlan {
  /** The elements to draw, in model order (one declaration per name). */
  elements: readonly ElementSymbol[];
  /** The links to draw (valid, both ends drawn), in model order. */
  links: readonly LinkSymbol[];
  focus?: ElementSymbol;
  legend: boolean;
}

export interface Flowchart {
  text: string;
  nodes: DiagramNode[];
  edges: DiagramEdge[];
  size: DiagramSize;
  notes: string[];
}

/** The text shown in an element's shape: its label and its name, or its name. */
export function elementLabel(element: ElementSymbol): string {
  const written = element.node.label?.value;
  return written && written.trim() !== '' && written !== element.name ? `${written} (${element.name})` : element.name;
}

/** The text on a link: its label and protocol, and a marker when the sender awaits the reply. */
export function linkLabel(link: LinkSymbol): string {
  const parts: string[] = [];
  const written = link.node.label?.value;
  if (written && written.trim() !== '') parts.push(written);
  const protocol = link.props.string('protocol');
  if (protocol && protocol.trim() !== '') parts.push(protocol);
  if (link.awaited) parts.push('awaits reply');
  return parts.join(' · ');
}

interface GroupBox {
  id: string;
  title: string;
  depth: number;
  children: GroupBox[];
  childByName: Map<string, GroupBox>;
  elements: ElementSymbol[];
}

export function writeFlowchart(plan: FlowchartPlan, severities: SeverityIndex, counter: DiagramWorkCounter): Flowchart {
  const lines: string[] = ['flowchart LR'];
  const notes: string[] = [];
  const classMembers = new Map<string, string[]>();
  const addClass = (className: string, id: string) => {
    const members = classMembers.get(className);
    if (members) members.push(id);
    else classMembers.set(className, [id]);
  };

  // ---- groups: one subgraph per group path (same-named groups under the same parent merge)
  const root: GroupBox = { id: '', title: '', depth: 0, children: [], childByName: new Map(), elements: [] };
  const boxOfScope = new Map<GroupScope, GroupBox>();
  const groupsNamed = new Map<string, number>();
  let flattened = false;
  let boxCount = 0;
  const boxOf = (scope: GroupScope | undefined): GroupBox => {
    const chain: GroupScope[] = [];
    let known: GroupBox | undefined;
    for (let current = scope; current; current = current.parent) {
      counter.steps++;
      known = boxOfScope.get(current);
      if (known) break;
      chain.push(current);
    }
    let parent = known ?? root;
    for (let i = chain.length - 1; i >= 0; i--) {
      const group = chain[i]!.node;
      let box = parent;
      if (parent.depth >= MAX_GROUP_DEPTH) flattened = true;
      else {
        const name = group.name.text;
        const existing = parent.childByName.get(name);
        if (existing) box = existing;
        else {
          // idPart never ends in `_x<digits>`, so the suffix cannot meet another group's id.
          const base = `g_${idPart(name)}`;
          const count = (groupsNamed.get(base) ?? 0) + 1;
          groupsNamed.set(base, count);
          const id = count === 1 ? base : `${base}_x${count}`;
          const written = group.label?.value;
          const title = written && written.trim() !== '' ? written : name || '(unnamed group)';
          box = { id, title, depth: parent.depth + 1, children: [], childByName: new Map(), elements: [] };
          parent.childByName.set(name, box);
          parent.children.push(box);
          boxCount++;
        }
      }
      boxOfScope.set(chain[i]!, box);
      parent = box;
    }
    return parent;
  };
  for (const element of plan.elements) boxOf(element.group).elements.push(element);

  // ---- nodes, inside their subgraphs
  const nodes: DiagramNode[] = [];
  const kindsDrawn = new Set<Kind>();
  const severitiesDrawn = new Set<Severity>();
  const writeNode = (indent: string, id: string, kind: Kind, text: string) => {
    const [open, close] = SHAPES[kind];
    lines.push(`${indent}${id}${open}${quoted(text)}${close}`);
    if (kind === 'cache') lines.push(`${indent}${id}${CACHE_SHAPE}`);
    addClass(KIND_CLASS[kind], id);
  };
  // Ids by element id, computed once: every edge names two of them.
  const ids = new Map<number, string>();
  const writeBox = (box: GroupBox, indent: string) => {
    for (const element of box.elements) {
      counter.steps++;
      const id = nodeId(element.name);
      ids.set(element.id, id);
      writeNode(indent, id, element.kind, elementLabel(element));
      kindsDrawn.add(element.kind);
      const severity = severities.elements[element.id];
      const node: DiagramNode = {
        id,
        name: element.name,
        kind: element.kind,
        label: element.node.label?.value || element.name,
        path: element.doc.path,
        start: element.node.name.start,
        end: element.node.name.end,
      };
      if (severity) {
        node.severity = severity;
        severitiesDrawn.add(severity);
        addClass(SEVERITY_CLASS[severity], id);
      }
      nodes.push(node);
    }
    for (const child of box.children) {
      lines.push(`${indent}subgraph ${child.id} [${quoted(child.title)}]`);
      writeBox(child, `${indent}  `);
      lines.push(`${indent}end`);
    }
  };
  writeBox(root, '  ');
  if (plan.focus) addClass(FOCUS_CLASS, nodeId(plan.focus.name));
  if (flattened) notes.push(`Groups nested deeper than ${MAX_GROUP_DEPTH} levels are drawn inside their ancestor at level ${MAX_GROUP_DEPTH}.`);

  // ---- links: one edge per hop, after every node so that no edge pulls a node into a subgraph
  const edges: DiagramEdge[] = [];
  const edgeStyles = new Map<string, number[]>();
  const styleEdge = (index: number, style: string) => {
    const list = edgeStyles.get(style);
    if (list) list.push(index);
    else edgeStyles.set(style, [index]);
  };
  let awaitedDrawn = false;
  for (const link of plan.links) {
    counter.steps++;
    const index = edges.length;
    const from = ids.get(link.from!.id)!;
    const to = ids.get(link.to!.id)!;
    const text = linkLabel(link);
    lines.push(`  ${from} ${link.sync ? '-->' : '-.->'}${text ? `|${quoted(text)}|` : ''} ${to}`);
    const severity = severities.links[link.id];
    const edge: DiagramEdge = { index, from, to, sync: link.sync, awaited: link.awaited, path: link.doc.path, start: link.span.start, end: link.span.end };
    if (severity) {
      edge.severity = severity;
      severitiesDrawn.add(severity);
    }
    if (link.awaited) awaitedDrawn = true;
    const style = edgeStyle(severity, link.awaited);
    if (style) styleEdge(index, style);
    edges.push(edge);
  }

  // ---- legend: the shapes drawn, the arrow styles, the severities shown
  let legendNodes = 0;
  let legendEdges = 0;
  if (plan.legend && nodes.length > 0) {
    lines.push('  subgraph lg_legend ["Legend"]', '    direction TB');
    // The shapes and severities, in columns of LEGEND_ROWS: unlinked nodes would line up in
    // one row as wide as the whole diagram, and the pane would fit it at a tenth of its size.
    const cells: string[] = [];
    for (const kind of KINDS) {
      if (!kindsDrawn.has(kind)) continue;
      writeNode('    ', `lg_${kind}`, kind, kind);
      cells.push(`lg_${kind}`);
      legendNodes++;
    }
    const arrows: [string, string, string | undefined][] = [
      ['-->', 'sync call: A waits for B', undefined],
      ['-.->', 'async message: A moves on', undefined],
    ];
    if (awaitedDrawn) arrows.push(['-.->', 'async, awaited: A waits for the reply', edgeStyle(undefined, true)]);
    arrows.forEach(([arrow, text, style], n) => {
      lines.push(`    lg_from${n}["A"] ${arrow}|${quoted(text)}| lg_to${n}["B"]`);
      if (style) styleEdge(edges.length + legendEdges, style);
      legendNodes += 2;
      legendEdges++;
    });
    for (const severity of [...SEVERITIES].reverse()) {
      if (!severitiesDrawn.has(severity)) continue;
      const id = `lg_${severity}`;
      lines.push(`    ${id}[${quoted(`${severity} finding`)}]`);
      addClass(SEVERITY_CLASS[severity], id);
      cells.push(id);
      legendNodes++;
    }
    // Invisible links stack each column. Mermaid numbers them with the edges, so they come
    // after every styled one; it draws no path for them, so the size does not count them.
    for (let at = 0; at < cells.length; at += LEGEND_ROWS) {
      const column = cells.slice(at, at + LEGEND_ROWS);
      if (column.length > 1) lines.push(`    ${column.join(' ~~~ ')}`);
    }
    lines.push('  end');
  }

  // ---- styles: generated class names and colours only
  for (const className of [...SEVERITIES.map((s) => SEVERITY_CLASS[s]), FOCUS_CLASS]) {
    if (classMembers.has(className)) lines.push(`  classDef ${className} ${CLASS_DEFS[className]}`);
  }
  for (const className of [...KINDS.map((kind) => KIND_CLASS[kind]), ...SEVERITIES.map((s) => SEVERITY_CLASS[s]), FOCUS_CLASS]) {
    const members = classMembers.get(className);
    if (members) lines.push(`  class ${members.join(',')} ${className}`);
  }
  for (const [style, indexes] of edgeStyles) lines.push(`  linkStyle ${indexes.join(',')} ${style}`);

  const text = `${lines.join('\n')}\n`;
  return {
    text,
    nodes,
    edges,
    size: {
      nodes: nodes.length + legendNodes,
      edges: edges.length + legendEdges,
      subgraphs: boxCount + (legendNodes > 0 ? 1 : 0),
      textLength: text.length,
    },
    notes,
  };
}

function edgeStyle(severity: Severity | undefined, awaited: boolean): string | undefined {
  if (!severity && !awaited) return undefined;
  const width = awaited ? AWAITED_EDGE_WIDTH : RISKY_EDGE_WIDTH;
  return severity ? `stroke:${SEVERITY_COLOR[severity]},stroke-width:${width}` : `stroke-width:${width}`;
}
