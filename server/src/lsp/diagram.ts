// The preview's `topo/diagram` request: the pure generator (language/diagram) adapted to
// the editor. It picks the element of the focus and sequence views from the cursor, turns
// each node's declaration span into a URI and range, and adds the plain-text figures the
// preview shows when the pointer rests on a node.

import type { ElementNode, LinkNode } from '../language/syntax/ast';
import type { ElementSymbol, Model, TopoDocument } from '../language/model/model';
import type { LintResult } from '../language/lint';
import type { DiagramRequest } from '../language/diagram/types';
import { generateDiagram } from '../language/diagram';
import { documentOf, indexOf, leafAt, nameOfLeaf } from '../language/services/locate';
import { formatFraction, formatMs } from '../language/services/markdown';
import { DEFAULT_FOCUS_DEPTH, DIAGRAM_VIEWS, MAX_FOCUS_DEPTH, MIN_FOCUS_DEPTH, type DiagramNodeInfo, type DiagramParams, type DiagramResponse } from './protocol';
import { pathToUri, toRange } from './convert';
import type { RequestContext } from './server';
import type { Workspace } from './workspace';

/** The answer when the request guard finds no project for the URI, or a handler threw (it logs that). */
export const DIAGRAM_UNAVAILABLE: DiagramResponse = {
  ok: false,
  error: 'No diagram for this document: it is not a saved .topo file of an open folder, or the server failed (see the Topo output channel).',
};

/**
 * Composite availability is a traversal per element (DESIGN §2: each reachable element
 * counted once), so for every node of a diagram it is quadratic. Up to this many nodes
 * (more than the preview draws) the summaries carry it; past it, they leave it to the hover.
 */
const AVAILABILITY_NODE_LIMIT = 1_000;

/** Answers per lint result: a new result (an edit in the project) starts afresh. Cursor moves inside one element ask the same question. */
const answers = new WeakMap<LintResult, Map<string, DiagramResponse>>();

export function diagram(context: RequestContext, workspace: Workspace, params: DiagramParams): DiagramResponse {
  const { result, file } = context;
  const view = params.view;
  if (!(DIAGRAM_VIEWS as readonly string[]).includes(view)) return { ok: false, error: `Unknown view ${JSON.stringify(String(view)).slice(0, 40)}: the views are ${DIAGRAM_VIEWS.join(', ')}.` };
  const depth = params.depth ?? DEFAULT_FOCUS_DEPTH;
  if (!Number.isInteger(depth) || depth < MIN_FOCUS_DEPTH || depth > MAX_FOCUS_DEPTH) {
    return { ok: false, error: `The depth of the focus view is a whole number from ${MIN_FOCUS_DEPTH} to ${MAX_FOCUS_DEPTH}.` };
  }

  // A file in the middle of an edit parses to part of its elements: drawing that would drop
  // nodes and re-lay out the whole diagram at each keystroke. The preview keeps the last
  // diagram drawn without errors on screen, under this notice, until the text parses again.
  const broken = firstSyntaxError(context, workspace);
  if (broken) return { ok: false, error: broken };

  let request: DiagramRequest;
  if (view === 'topology') {
    request = { view };
  } else {
    const { model } = result;
    const offset = typeof params.offset === 'number' && Number.isInteger(params.offset) && params.offset >= 0 ? params.offset : undefined;
    const chosen =
      (offset !== undefined ? elementAt(result, file.doc, offset) : undefined) ?? (typeof params.element === 'string' ? model.byName.get(params.element) : undefined);
    if (view === 'focus') {
      const element = chosen ?? model.elements.find((candidate) => candidate.doc.path === file.doc.path) ?? model.elements[0];
      if (!element) return { ok: false, error: 'The project declares no element yet: nothing to focus on.' };
      request = { view, element: element.name, depth };
    } else {
      const entry = (chosen && entryOf(model, chosen)) ?? model.elements.find((candidate) => candidate.kindClass === 'entry');
      if (!entry) return { ok: false, error: 'The sequence view draws the requests of an entry (an actor or a client), and the project declares none.' };
      request = { view, entry: entry.name };
    }
  }

  const key = request.view === 'topology' ? 'topology' : request.view === 'focus' ? `focus\0${request.element}\0${request.depth}` : `sequence\0${request.entry}`;
  let cached = answers.get(result);
  if (!cached) answers.set(result, (cached = new Map()));
  const known = cached.get(key);
  if (known) return known;
  const answer = respond(context, workspace, request);
  cached.set(key, answer);
  return answer;
}

function firstSyntaxError({ project, result }: RequestContext, workspace: Workspace): string | undefined {
  for (const doc of result.model.documents) {
    const diagnostic = doc.file.diagnostics[0];
    if (!diagnostic) continue;
    const lines = workspace.getFile(project.absolute(doc.path))?.lines;
    const at = lines ? lines.positionAt(diagnostic.start) : undefined;
    const place = at ? `:${at.line + 1}:${at.character + 1}` : '';
    const name = doc.path.slice(doc.path.lastIndexOf('/') + 1);
    return `${name}${place}: ${diagnostic.message} — the preview keeps the last diagram drawn without errors until this is fixed`;
  }
  return undefined;
}

function respond({ project, result }: RequestContext, workspace: Workspace, request: DiagramRequest): DiagramResponse {
  const generated = generateDiagram(result, request);
  if (!generated.ok) return { ok: false, error: generated.error };
  const { diagram } = generated;
  const withAvailability = diagram.nodes.length <= AVAILABILITY_NODE_LIMIT;
  const nodes: DiagramNodeInfo[] = [];
  for (const node of diagram.nodes) {
    const path = project.absolute(node.path);
    const lines = workspace.getFile(path)?.lines;
    // A node whose file is not loaded cannot be revealed: it is drawn, without a tooltip.
    if (!lines) continue;
    const element = elementOf(result.model, node.name, node.path, node.start);
    const info: DiagramNodeInfo = {
      id: node.id,
      name: node.name,
      kind: node.kind,
      uri: pathToUri(path),
      range: toRange(lines, node.start, node.end),
      summary: element ? summaryOf(result, element, withAvailability) : `${node.kind} ${node.name}`,
    };
    if (node.severity) info.severity = node.severity;
    nodes.push(info);
  }
  const { size } = diagram;
  const response: DiagramResponse = {
    ok: true,
    view: diagram.view,
    title: diagram.title,
    text: diagram.text,
    nodes,
    edgeCount: diagram.edgeCount,
    size: { nodes: size.nodes, edges: size.edges, textLength: size.textLength },
    notes: diagram.notes,
  };
  if (request.view === 'focus') {
    response.element = request.element;
    response.depth = request.depth;
  } else if (request.view === 'sequence') {
    response.element = request.entry;
  }
  return response;
}

/** The declaration a node stands for: the one at its span (a duplicate included), else the first of its name. */
function elementOf(model: Model, name: string, path: string, start: number): ElementSymbol | undefined {
  const declarations = indexOf(model).declarations.get(name);
  return declarations?.find((element) => element.doc.path === path && element.node.name.start === start) ?? model.byName.get(name);
}

/**
 * The element under the cursor: a name (declaration, link end, dlq value) stands for its
 * element; an element's kind, label or property for that element; an arrow for the
 * element it leaves; a link's label or property for the link's first element.
 */
function elementAt(result: LintResult, doc: TopoDocument, offset: number): ElementSymbol | undefined {
  const leaf = leafAt(documentOf(result, doc).file, offset);
  if (!leaf) return undefined;
  const named = nameOfLeaf(result, leaf);
  if (named) return named.element;
  const { model } = result;
  const declared = (node: ElementNode): ElementSymbol | undefined => indexOf(model).elementByNode.get(node) ?? model.byName.get(node.name.text);
  const linked = (node: LinkNode, index: number): ElementSymbol | undefined => model.byName.get(node.names[index]?.text ?? '');
  switch (leaf.type) {
    case 'kind':
      return declared(leaf.element);
    case 'arrow':
      return linked(leaf.link, leaf.hop);
    case 'label':
    case 'key':
    case 'value':
      return leaf.owner.type === 'element' ? declared(leaf.owner) : leaf.owner.type === 'link' ? linked(leaf.owner, 0) : undefined;
    default:
      return undefined;
  }
}

/** The entry whose requests reach the element: itself, else the nearest entry upstream over valid links (breadth first). */
function entryOf(model: Model, element: ElementSymbol): ElementSymbol | undefined {
  const seen = new Set<number>([element.id]);
  const queue = [element];
  for (let head = 0; head < queue.length; head++) {
    const current = queue[head]!;
    if (current.kindClass === 'entry') return current;
    for (const link of model.incoming[current.id]!) {
      const from = link.from!;
      if (!seen.has(from.id)) {
        seen.add(from.id);
        queue.push(from);
      }
    }
  }
  return undefined;
}

/** What the preview shows over a node, as plain text (the webview sets it with textContent). */
function summaryOf({ figures }: LintResult, element: ElementSymbol, withAvailability: boolean): string {
  const lines: string[] = [];
  const label = element.node.label?.value;
  lines.push(`${element.kind} ${element.name}${label ? ` — “${oneLine(label)}”` : ''}`);
  for (const key of ['description', 'owner', 'technology'] as const) {
    const value = element.props.string(key);
    if (value !== undefined) lines.push(key === 'description' ? oneLine(value) : `${key === 'owner' ? 'Owner' : 'Technology'}: ${oneLine(value)}`);
  }
  const r = figures.responseTime(element);
  const rName = element.kindClass === 'channel' ? 'Response time R (of an awaited request through it)' : 'Response time R';
  if (r !== undefined) lines.push(`${rName}: ${formatMs(r)}`);
  else lines.push(`${rName}: none (${figures.inSyncCycle(element) ? 'in a synchronous cycle' : 'what it waits for reaches a cycle'})`);
  if (withAvailability) lines.push(`Composite availability: ${formatFraction(figures.availability(element).value)}`);
  // Channels take no part in synchronous chains: no depth to speak of.
  if (element.kindClass !== 'channel') lines.push(`Sync depth: ${figures.syncDepth(element)}`);
  if (element.kindClass !== 'entry' && figures.isUserFacing(element)) lines.push('User-facing: an entry waits for it');
  return lines.join('\n');
}

/** User text on one line, at most 200 characters: a tooltip, not a document. */
function oneLine(text: string): string {
  const flat = text.replace(/[\r\n\t\u2028\u2029]+/g, ' ').replace(/[\u0000-\u001f\u007f]/g, '');
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}
