// The generator's work grows linearly with the project: counted in steps (the
// generator counts the elements, links, findings and group scopes it visits),
// not in time, so the test holds on a loaded machine. Times are reported by
// hand (docs/diagrams.md), never asserted.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateDiagram, type DiagramRequest, type DiagramWorkCounter } from '../../src/language/diagram';
import { MAX_SEQUENCE_MESSAGES } from '../../src/language/diagram/sequence';
import type { LintResult } from '../../src/language/lint';
import { generateProject } from '../../../scripts/generate-project';
import { lint } from '../helpers/project';

function size(result: LintResult): number {
  return result.model.elements.length + result.model.links.length + result.findings.length;
}

/** A ladder of diamonds: D_i -> D_{i+1} and D_i -> E_i -> D_{i+1}, so 2^rungs paths from U. */
function ladder(rungs: number): LintResult {
  const lines = ['actor U', 'U -> D0'];
  for (let i = 0; i <= rungs; i++) lines.push(`service D${i}`, `service E${i}`);
  for (let i = 0; i < rungs; i++) lines.push(`D${i} -> D${i + 1} { timeout: 1s }`, `D${i} -> E${i} { timeout: 1s }`, `E${i} -> D${i + 1} { timeout: 1s }`);
  return lint(lines.join('\n'));
}

function steps(result: LintResult, request: DiagramRequest): number {
  const counter: DiagramWorkCounter = { steps: 0 };
  const generated = generateDiagram(result, request, counter);
  assert.ok(generated.ok, generated.ok ? '' : generated.error);
  return counter.steps;
}

describe('linear work', () => {
  const small = lint(generateProject({ elements: 400, seed: 7 }));
  const large = lint(generateProject({ elements: 1600, seed: 7 }));

  test('topology: a bounded number of steps per element, link and finding, at 400 and at 1,600 elements', () => {
    for (const result of [small, large]) {
      const counted = steps(result, { view: 'topology' });
      assert.ok(counted <= 6 * size(result), `${counted} steps for a project of size ${size(result)}`);
    }
    const growth = steps(large, { view: 'topology' }) / steps(small, { view: 'topology' });
    assert.ok(growth < 4 * 1.3, `4 times the project took ${growth.toFixed(2)} times the steps`);
  });

  test('focus: bounded by the project, whatever the depth', () => {
    const center = large.model.elements[Math.floor(large.model.elements.length / 2)]!.name;
    for (const depth of [1, 3, 1000]) {
      const counted = steps(large, { view: 'focus', element: center, depth });
      assert.ok(counted <= 8 * size(large), `depth ${depth}: ${counted} steps for a project of size ${size(large)}`);
    }
  });

  test('sequence: bounded by the message cap, even where paths multiply', () => {
    const big = ladder(300);
    const counted = steps(big, { view: 'sequence', entry: 'U' });
    assert.ok(counted <= 2 * MAX_SEQUENCE_MESSAGES + 4 * size(big), `${counted} steps`);
    // Below the cap, each element is followed once: 2^20 paths, a few messages per link.
    const small = ladder(20);
    const generated = generateDiagram(small, { view: 'sequence', entry: 'U' });
    assert.ok(generated.ok);
    assert.deepEqual(generated.diagram.notes, [], 'not cut');
    assert.ok(generated.diagram.edgeCount <= 3 * small.model.links.length, `${generated.diagram.edgeCount} messages for ${small.model.links.length} links`);
  });

  test('a chain of thousands of hops in one statement, each with a finding, is linear too', () => {
    const hops = 3000;
    const names = Array.from({ length: hops + 1 }, (_, i) => `S${i}`);
    const chain = lint(`${names.map((name) => `service ${name}`).join('\n')}\n${names.join(' -> ')}\n`);
    assert.ok(chain.findings.length >= hops, 'missing-timeout on every hop');
    const counted = steps(chain, { view: 'topology' });
    assert.ok(counted <= 6 * size(chain), `${counted} steps for a project of size ${size(chain)}`);
  });
});
