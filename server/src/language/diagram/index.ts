// Mermaid diagrams of a linted project: the topology, the neighbourhood of one
// element (focus), and the request path of an entry (sequence). Pure: it reads
// the LintResult (model, figures, findings) and returns text and data.
// Invalid links and names that are not declared are not drawn.

import type { LintResult } from '../lint';
import type { ElementSymbol, LinkSymbol, Model } from '../model/model';
import { closest, withArticle } from '../util/strings';
import { writeFlowchart } from './flowchart';
import { writeSequence } from './sequence';
import { indexSeverities } from './severity';
import type { Diagram, DiagramRequest, DiagramResult, DiagramWorkCounter } from './types';

export type * from './types';
export { nodeId } from './escape';

/** Past this many nodes Mermaid's layout takes tens of seconds (DESIGN §7): the notes suggest the focus view. */
export const LARGE_DIAGRAM_NODES = 250;

export function generateDiagram(result: LintResult, request: DiagramRequest, counter: DiagramWorkCounter = { steps: 0 }): DiagramResult {
  switch (request.view) {
    case 'topology':
      return { ok: true, diagram: topology(result, request.legend ?? true, counter) };
    case 'focus':
      return focus(result, request.element, request.depth, request.legend ?? true, counter);
    case 'sequence':
      return sequence(result, request.entry, counter);
    default:
      return { ok: false, error: `unknown view '${String((request as { view: unknown }).view)}': use topology, focus or sequence` };
  }
}

function isDrawn(model: Model, element: ElementSymbol): boolean {
  return model.byName.get(element.name) === element;
}

function isDrawnLink(link: LinkSymbol): boolean {
  return !link.problem && link.from !== undefined && link.to !== undefined;
}

function plural(count: number, word: string, words = `${word}s`): string {
  return `${count} ${count === 1 ? word : words}`;
}

/** What the whole-project views leave out, and why. */
function projectNotes(model: Model): string[] {
  const notes: string[] = [];
  const broken = model.documents.filter((doc) => doc.file.diagnostics.length > 0);
  if (broken.length > 0) {
    notes.push(`${broken.map((doc) => doc.path).join(', ')} ${broken.length === 1 ? 'has' : 'have'} syntax errors: the diagram shows what parses.`);
  }
  let invalid = 0;
  let unknown = 0;
  for (const link of model.links) {
    if (!link.from || !link.to) unknown++;
    else if (link.problem) invalid++;
  }
  if (invalid > 0) notes.push(`${plural(invalid, 'invalid link')} (see invalid-link) ${invalid === 1 ? 'is' : 'are'} not drawn.`);
  if (unknown > 0) notes.push(`${plural(unknown, 'link')} to undeclared elements ${unknown === 1 ? 'is' : 'are'} not drawn.`);
  if (model.duplicates.length > 0) notes.push(`${plural(model.duplicates.length, 'duplicate declaration')}: each name is drawn once, where it is first declared.`);
  return notes;
}

function largeNote(nodes: number): string[] {
  return nodes > LARGE_DIAGRAM_NODES
    ? [`${nodes} elements: Mermaid takes a long time to lay out more than about ${LARGE_DIAGRAM_NODES}; the focus view draws one element's neighbourhood.`]
    : [];
}

function topology(result: LintResult, legend: boolean, counter: DiagramWorkCounter): Diagram {
  const { model } = result;
  const elements = model.elements.filter((element) => isDrawn(model, element));
  const links = model.links.filter(isDrawnLink);
  counter.steps += model.elements.length + model.links.length;
  const chart = writeFlowchart({ elements, links, legend }, indexSeverities(result, counter), counter);
  return {
    view: 'topology',
    title: 'Topology',
    text: chart.text,
    nodes: chart.nodes,
    edges: chart.edges,
    edgeCount: chart.edges.length,
    size: chart.size,
    notes: [...projectNotes(model), ...chart.notes, ...largeNote(chart.nodes.length)],
  };
}

function unknownElement(model: Model, name: string, candidates: Iterable<string>, what = 'element'): DiagramResult {
  const suggestion = closest(name, candidates);
  return { ok: false, error: `unknown ${what} '${name}'${suggestion ? `: did you mean '${suggestion}'?` : ''}${model.elements.length === 0 ? ' (the project declares no element)' : ''}` };
}

function focus(result: LintResult, name: string, depth: number, legend: boolean, counter: DiagramWorkCounter): DiagramResult {
  const { model } = result;
  if (!Number.isInteger(depth) || depth < 0) return { ok: false, error: `the focus depth must be a whole number from 0 up, got ${depth}` };
  const center = model.element(name);
  if (!center) return unknownElement(model, name, model.byName.keys());

  // Breadth-first over valid links, both directions, up to `depth` links away.
  const distance = new Int32Array(model.elements.length).fill(-1);
  distance[center.id] = 0;
  const queue = [center.id];
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head]!;
    if (distance[id]! >= depth) continue;
    for (const list of [model.outgoing[id]!, model.incoming[id]!]) {
      for (const link of list) {
        counter.steps++;
        const other = link.from!.id === id ? link.to!.id : link.from!.id;
        if (distance[other]! < 0) {
          distance[other] = distance[id]! + 1;
          queue.push(other);
        }
      }
    }
  }
  const elements = model.elements.filter((element) => distance[element.id]! >= 0 && isDrawn(model, element));
  const links: LinkSymbol[] = [];
  let beyond = 0;
  for (const link of model.links) {
    counter.steps++;
    if (!isDrawnLink(link)) continue;
    const inFrom = distance[link.from!.id]! >= 0;
    const inTo = distance[link.to!.id]! >= 0;
    if (inFrom && inTo) links.push(link);
    else if (inFrom || inTo) beyond++;
  }
  counter.steps += model.elements.length;
  const chart = writeFlowchart({ elements, links, focus: center, legend }, indexSeverities(result, counter), counter);
  const notes = [...chart.notes, ...largeNote(chart.nodes.length)];
  if (beyond > 0) notes.unshift(`${plural(beyond, 'link')} lead${beyond === 1 ? 's' : ''} further than ${plural(depth, 'step')} from '${center.name}' and ${beyond === 1 ? 'is' : 'are'} not drawn.`);
  return {
    ok: true,
    diagram: {
      view: 'focus',
      title: `Neighbourhood of '${center.name}' (depth ${depth})`,
      text: chart.text,
      nodes: chart.nodes,
      edges: chart.edges,
      edgeCount: chart.edges.length,
      size: chart.size,
      notes,
    },
  };
}

function sequence(result: LintResult, name: string, counter: DiagramWorkCounter): DiagramResult {
  const { model } = result;
  const entries = model.elements.filter((element) => element.kindClass === 'entry' && isDrawn(model, element)).map((element) => element.name);
  const entryList = entries.length > 0 ? `entries: ${entries.join(', ')}` : 'the project declares no actor or client';
  const entry = model.element(name);
  if (!entry) {
    const unknown = unknownElement(model, name, entries.length > 0 ? entries : model.byName.keys(), 'entry');
    return unknown.ok ? unknown : { ok: false, error: `${unknown.error} (${entryList})` };
  }
  if (entry.kindClass !== 'entry') {
    return { ok: false, error: `'${entry.name}' is ${withArticle(entry.kind)}, not an entry: a request path starts at an actor or a client (${entryList})` };
  }
  const chart = writeSequence(model, result.figures, entry, indexSeverities(result, counter), counter);
  return {
    ok: true,
    diagram: {
      view: 'sequence',
      title: `Request path of '${entry.name}'`,
      text: chart.text,
      nodes: chart.nodes,
      edges: [],
      edgeCount: chart.messageCount,
      size: chart.size,
      notes: chart.notes,
    },
  };
}
