// Where the preview stops drawing (client/src/preview/limits.ts): exactly at the limits,
// for each of nodes, edges and text, and with every reason named.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PREVIEW_LIMITS, isSlow, tooBig } from '../../../client/src/preview/limits';

const { maxNodes, maxEdges, maxTextChars, slowNodes, slowEdges } = PREVIEW_LIMITS;

test('a diagram at every limit is drawn; one past any limit is not, and the reason says which', () => {
  assert.equal(tooBig({ nodes: maxNodes, edges: maxEdges, textLength: maxTextChars }), undefined);
  assert.equal(tooBig({ nodes: maxNodes + 1, edges: 0, textLength: 0 }), `${maxNodes + 1} nodes (the pane draws at most ${maxNodes})`);
  assert.equal(tooBig({ nodes: 0, edges: maxEdges + 1, textLength: 0 }), `${maxEdges + 1} edges (at most ${maxEdges})`);
  assert.equal(tooBig({ nodes: 0, edges: 0, textLength: maxTextChars + 1 }), `${maxTextChars + 1} characters of Mermaid (at most ${maxTextChars})`);
  assert.equal(
    tooBig({ nodes: maxNodes + 1, edges: maxEdges + 1, textLength: maxTextChars + 1 }),
    `${maxNodes + 1} nodes (the pane draws at most ${maxNodes}), ${maxEdges + 1} edges (at most ${maxEdges}), ${maxTextChars + 1} characters of Mermaid (at most ${maxTextChars})`,
  );
});

test('the limits stay within what Mermaid is told and what the pane announces', () => {
  // Mermaid's maxEdges and maxTextSize are set to these: above its defaults (500, 50,000), so it never refuses first.
  assert.ok(maxEdges >= 500 && maxTextChars >= 50_000);
  assert.ok(slowNodes < maxNodes && slowEdges < maxEdges, 'a slow diagram is one the pane still draws');
  assert.equal(isSlow({ nodes: slowNodes - 1, edges: slowEdges - 1, textLength: 0 }), false);
  assert.equal(isSlow({ nodes: slowNodes, edges: 0, textLength: 0 }), true);
  assert.equal(isSlow({ nodes: 0, edges: slowEdges, textLength: 0 }), true);
});
