// The focus view: one element and its neighbourhood, both directions, to a depth.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { classMembers, diagramOf, edgeLines, errorOf, linesOf } from './helpers';

// A -> B -> C -> D -> E, and X sends C a message: C has neighbours upstream, downstream and incoming async.
const LINE = `
service A
service B
service C
service D
service E
service X
A -> B { timeout: 1s }
B -> C { timeout: 1s }
C -> D { timeout: 1s }
D -> E { timeout: 1s }
X ~> C
`;

describe('focus', () => {
  test('depth 1: the direct callers, callees and senders', () => {
    const diagram = diagramOf(LINE, { view: 'focus', element: 'C', depth: 1, legend: false });
    assert.deepEqual(diagram.nodes.map((node) => node.name), ['B', 'C', 'D', 'X']);
    assert.deepEqual(edgeLines(diagram), ['n_B --> n_C', 'n_C --> n_D', 'n_X -.-> n_C']);
    assert.deepEqual(diagram.notes, ["2 links lead further than 1 step from 'C' and are not drawn."]);
    assert.equal(diagram.title, "Neighbourhood of 'C' (depth 1)");
  });

  test('depth 2 reaches two links away in both directions', () => {
    const diagram = diagramOf(LINE, { view: 'focus', element: 'C', depth: 2, legend: false });
    assert.deepEqual(diagram.nodes.map((node) => node.name), ['A', 'B', 'C', 'D', 'E', 'X']);
    assert.equal(diagram.edges.length, 5);
    assert.deepEqual(diagram.notes, []);
  });

  test('depth 0 is the element alone', () => {
    const diagram = diagramOf(LINE, { view: 'focus', element: 'C', depth: 0, legend: false });
    assert.deepEqual(diagram.nodes.map((node) => node.name), ['C']);
    assert.deepEqual(diagram.edges, []);
    assert.deepEqual(diagram.notes, ["3 links lead further than 0 steps from 'C' and are not drawn."]);
  });

  test('links between two drawn neighbours are drawn too', () => {
    const diagram = diagramOf('service C\nservice P\nservice Q\nC -> P { timeout: 1s }\nC -> Q { timeout: 1s }\nP -> Q { timeout: 1s }\n', { view: 'focus', element: 'C', depth: 1, legend: false });
    assert.deepEqual(edgeLines(diagram), ['n_C --> n_P', 'n_C --> n_Q', 'n_P --> n_Q']);
  });

  test('the focused element is highlighted; its groups are kept, others are not', () => {
    const diagram = diagramOf('group G { service C }\ngroup H { service Far }\nservice N\nC -> N { timeout: 1s }\nN -> Far { timeout: 1s }\n', { view: 'focus', element: 'C', depth: 1 });
    assert.deepEqual(classMembers(diagram, 'focused'), ['n_C']);
    assert.ok(linesOf(diagram).includes('classDef focused fill:#fff3b0,color:#111111,stroke-width:4px'));
    assert.ok(linesOf(diagram).includes('subgraph g_G ["G"]'));
    assert.ok(!diagram.text.includes('g_H'));
  });

  test('invalid links are not followed', () => {
    const diagram = diagramOf('service C\nqueue Q\nservice Z\nC -> Q\nQ ~> Z\n', { view: 'focus', element: 'C', depth: 3, legend: false });
    assert.deepEqual(diagram.nodes.map((node) => node.name), ['C']);
  });

  test('an unknown element is an error with a did-you-mean', () => {
    assert.equal(errorOf('service Orders\n', { view: 'focus', element: 'Ordrs', depth: 1 }), "unknown element 'Ordrs': did you mean 'Orders'?");
    assert.equal(errorOf('service Orders\n', { view: 'focus', element: 'Zebra', depth: 1 }), "unknown element 'Zebra'");
    assert.equal(errorOf('', { view: 'focus', element: 'A', depth: 1 }), "unknown element 'A' (the project declares no element)");
  });

  test('a depth that is not a whole number from 0 up is an error', () => {
    assert.equal(errorOf(LINE, { view: 'focus', element: 'C', depth: -1 }), 'the focus depth must be a whole number from 0 up, got -1');
    assert.equal(errorOf(LINE, { view: 'focus', element: 'C', depth: 1.5 }), 'the focus depth must be a whole number from 0 up, got 1.5');
  });
});
