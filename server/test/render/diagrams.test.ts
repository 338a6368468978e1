// Every view of every sample, and the topology of a generated project, rendered by the real
// Mermaid in headless Chromium: an SVG, no error, exactly the nodes and edges the generator
// says it drew, and the elements and links the model says each view holds. Screenshots of
// each sample's topology and sequence views go to test-results/.
//
// Generated projects of 300 and 1,000 elements take minutes to lay out on a 2-core machine
// (dagre about a minute at 300; ELK longer): they are rendered, counted and timed by
// `npx tsx bench/render.ts`, not here.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeRendering } from '../helpers/mermaidRenderer';
import { entries, lintFiles, lintGenerated, lintSample, linkedElements, neighbourhood, sampleNames } from './projects';
import { describeRequest, generate, renderAndCheck } from './expectations';

/** Focus views: the most-connected elements of each sample, at depth 1 and 2 (see below). */
const FOCUS_ELEMENTS = 3;

describeRendering('Mermaid renders the views of the samples', (renderer) => {
  for (const sample of sampleNames()) {
    const result = lintSample(sample);
    const { model } = result;

    test(`${sample}: topology`, async () => {
      const diagram = generate(result, { view: 'topology' });
      // The whole project: every element once, every valid link once.
      assert.equal(diagram.nodes.length, model.byName.size, 'topology draws every element');
      assert.equal(diagram.edgeCount, model.links.filter((link) => !link.problem && link.from && link.to).length, 'topology draws every valid link');
      await renderAndCheck(renderer(), diagram);
      await renderer().screenshot(`${sample}-topology`);
    });

    // Every linked element at depth 1 and the three most connected at depth 2 would be ~150
    // renders (about a minute); the most connected at both depths cover the shapes, groups
    // and link styles of each sample in a few seconds.
    for (const element of linkedElements(result).slice(0, FOCUS_ELEMENTS)) {
      for (const depth of [1, 2]) {
        const request = { view: 'focus', element: element.name, depth } as const;
        test(`${sample}: ${describeRequest(request)}`, async () => {
          const diagram = generate(result, request);
          const expected = neighbourhood(result, element.name, depth);
          assert.deepEqual(new Set(diagram.nodes.map((node) => node.name)), expected.names, 'the elements within reach');
          assert.equal(diagram.edgeCount, expected.links, 'the links between them');
          await renderAndCheck(renderer(), diagram);
        });
      }
    }

    for (const entry of entries(result)) {
      const request = { view: 'sequence', entry: entry.name } as const;
      test(`${sample}: ${describeRequest(request)}`, async () => {
        const diagram = generate(result, request);
        const participants = new Set(diagram.nodes.map((node) => node.name));
        for (const link of model.outgoing[entry.id]!) {
          assert.ok(participants.has(link.to!.name), `${link.to!.name}, which ${entry.name} calls or sends to, takes part`);
        }
        await renderAndCheck(renderer(), diagram);
        await renderer().screenshot(`${sample}-sequence-${entry.name}`);
      });
    }
  }

  // Regression (found by these tests, fixed in sequence.ts with DATABASE_LABEL_LENGTH): Mermaid
  // 12.3's "neo" look draws a database participant's cylinder with a band of 44 px and end
  // caps whose height grows with the box's width; past about 2,750 px the path gets
  // "l 0,--1.8", Chromium logs "<path> attribute d: Expected number" and the cylinder is not
  // drawn. Mermaid sizes the box on the label *before* decoding entity codes, so each escaped
  // character (" & < > : ; # …) counts as about seven. Smallest Mermaid text:
  //   sequenceDiagram
  //     participant X@{ "type": "database" } as #60;#60;… (52 times "#60;")
  test('sequence: a database with a long label keeps a drawable cylinder', async () => {
    const label = '"orders" & <payments>: '.repeat(9).trim();
    const result = lintFiles({ 'main.topo': `client Web\nservice Api { latency: 5ms }\ndatabase Db ${JSON.stringify(label)} { latency: 2ms }\nWeb -> Api { timeout: 1s }\nApi -> Db { timeout: 1s }\n` });
    const diagram = generate(result, { view: 'sequence', entry: 'Web' });
    await renderAndCheck(renderer(), diagram);
  });

  for (const elements of [100]) {
    test(`generated project of ${elements} elements: topology`, { timeout: 180_000 }, async (t) => {
      const result = lintGenerated(elements);
      const diagram = generate(result, { view: 'topology' });
      assert.equal(diagram.nodes.length, elements, 'topology draws every element');
      assert.equal(diagram.edgeCount, result.model.links.filter((link) => !link.problem && link.from && link.to).length, 'topology draws every valid link');
      const rendered = await renderAndCheck(renderer(), diagram);
      await renderer().screenshot(`generated-${elements}-topology`);
      t.diagnostic(`${elements} elements: ${diagram.nodes.length} nodes, ${diagram.edgeCount} edges, ${Math.round(rendered.ms)} ms`);
    });
  }
});
