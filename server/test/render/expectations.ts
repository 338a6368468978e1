// What every rendered diagram must satisfy, shared by the render tests: Mermaid drew an SVG
// of the right type, without an error, with exactly the nodes and edges the generator says
// it drew (the Diagram's nodes and edgeCount come from the model, not from the SVG), and
// nothing in the page complained.

import assert from 'node:assert/strict';
import type { Diagram, DiagramRequest, DiagramResult } from '../../src/language/diagram/types';
import type { LintResult } from '../../src/language/lint';
import type { Layout, MermaidRenderer, RenderResult } from '../helpers/mermaidRenderer';
import { generateDiagram, LARGE_DIAGRAM_NODES } from '../../src/language/diagram';
import { KIND_CLASS, SEVERITY_CLASS } from '../../src/language/diagram/flowchart';

/** The product's choice (DESIGN §7): dagre up to about 250 nodes (the generator's LARGE_DIAGRAM_NODES), ELK above. */
export function layoutFor(diagram: Diagram): Layout {
  return diagram.size.nodes > LARGE_DIAGRAM_NODES ? 'elk' : 'dagre';
}

export function describeRequest(request: DiagramRequest): string {
  switch (request.view) {
    case 'topology':
      return 'topology';
    case 'focus':
      return `focus ${request.element} depth ${request.depth}`;
    case 'sequence':
      return `sequence ${request.entry}`;
  }
}

/** Generates a view and fails with the generator's message when it refuses. */
export function generate(result: LintResult, request: DiagramRequest): Diagram {
  const generated: DiagramResult = generateDiagram(result, request);
  if (!generated.ok) assert.fail(`generateDiagram(${describeRequest(request)}) refused: ${generated.error}`);
  return generated.diagram;
}

const sorted = (values: readonly string[]) => [...values].sort();

/** Mermaid ids of the legend's nodes (types.ts: the generator's legend ids start with `lg_`). */
const isLegendId = (id: string) => id.startsWith('lg_');
/** A flowchart edge id `L_FROM_TO_N` without its counter. */
const edgeEnds = (edgeId: string) => edgeId.replace(/_\d+$/, '');

/**
 * Renders a diagram and asserts that the render matches the Diagram: the node and edge counts
 * of `size` (legend included) and, legend excluded, exactly the Diagram's nodes and edges.
 */
export async function renderAndCheck(renderer: MermaidRenderer, diagram: Diagram, layout: Layout = layoutFor(diagram)): Promise<RenderResult> {
  const mark = renderer.mark();
  const rendered = await renderer.render(diagram.text, { layout });
  const where = `${diagram.view} "${diagram.title}" (${layout})`;
  if (rendered.error !== undefined) {
    assert.fail(`${where}: Mermaid failed: ${rendered.error}\n--- Mermaid text ---\n${excerpt(diagram.text)}`);
  }
  assert.match(rendered.svg, /^<svg[\s>]/, `${where}: no SVG`);
  assert.equal(rendered.type, diagram.view === 'sequence' ? 'sequence' : 'flowchart-v2', `${where}: diagram type`);
  assert.equal(rendered.nodes, diagram.size.nodes, `${where}: node count (legend included)`);
  assert.equal(rendered.edges, diagram.size.edges, `${where}: edge count (legend included)`);
  if (diagram.view === 'sequence') {
    assert.deepEqual(sorted(rendered.nodeIds), sorted(diagram.nodes.map((node) => node.id)), `${where}: the participants drawn are the Diagram's`);
    assert.equal(rendered.edges, diagram.edgeCount, `${where}: message count`);
  } else {
    const drawn = rendered.nodeIds.filter((id) => !isLegendId(id));
    assert.deepEqual(sorted(drawn), sorted(diagram.nodes.map((node) => node.id)), `${where}: the nodes drawn are the Diagram's`);
    const edges = rendered.edgeIds.filter((id) => !id.startsWith('L_lg_'));
    assert.equal(edges.length, diagram.edgeCount, `${where}: edge count (legend excluded)`);
    assert.deepEqual(sorted(edges.map(edgeEnds)), sorted(diagram.edges.map((edge) => `L_${edge.from}_${edge.to}`)), `${where}: the edges drawn are the Diagram's`);
    // Styling reaches the SVG: each node carries its kind's class and its worst severity's.
    for (const node of diagram.nodes) {
      const classes = (rendered.nodeClasses[node.id] ?? '').split(/\s+/);
      assert.ok(classes.includes(KIND_CLASS[node.kind]), `${where}: ${node.name} has class ${KIND_CLASS[node.kind]}: ${rendered.nodeClasses[node.id]}`);
      for (const [severity, className] of Object.entries(SEVERITY_CLASS)) {
        assert.equal(classes.includes(className), node.severity === severity, `${where}: ${node.name} ${node.severity ?? 'no finding'}: ${rendered.nodeClasses[node.id]}`);
      }
    }
    // Synchronous links solid, asynchronous dashed (Mermaid's -.-> is edge-pattern-dotted),
    // compared per pair of ends (a pair may have one of each).
    const patterns = (pairs: [string, boolean][]) => sorted(pairs.map(([ends, solid]) => `${ends} ${solid ? 'solid' : 'dashed'}`));
    const drawnPatterns = rendered.edgeIds
      .map((id, i): [string, string] => [id, rendered.edgeClasses[i] ?? ''])
      .filter(([id]) => !id.startsWith('L_lg_'))
      .map(([id, classes]): [string, boolean] => [edgeEnds(id), !/\bedge-pattern-(dotted|dashed)\b/.test(classes)]);
    assert.deepEqual(patterns(drawnPatterns), patterns(diagram.edges.map((edge) => [`L_${edge.from}_${edge.to}`, edge.sync])), `${where}: sync links solid, async dashed`);
  }
  assert.deepEqual(renderer.incidents(mark), [], `${where}: dialogs, console errors, page errors or requests`);
  return rendered;
}

/** The first lines of a long Mermaid text, for a failure message. */
export function excerpt(text: string, lines = 40): string {
  const all = text.split('\n');
  return all.length <= lines ? text : `${all.slice(0, lines).join('\n')}\n… (${all.length - lines} more lines)`;
}
