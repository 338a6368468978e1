// The generated Mermaid of every sample's views, compared with the files under
// __snapshots__/: the topology, the focus view on the sample's most linked element,
// and the request path of each entry. TOPO_UPDATE_SNAPSHOTS=1 rewrites them (and
// removes those no view produces any more). Review a changed snapshot as you would
// review code: it is what users and the rendering tests see.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../../src/language/config/config';
import { generateDiagram, type DiagramRequest } from '../../src/language/diagram';
import { lintDocuments, type LintResult } from '../../src/language/lint';
import { parseDocument } from '../../src/language/model/model';
import { RULES } from '../../src/language/rules/registry';
import { assertBalancedActivations } from './helpers';

const SAMPLES = join(__dirname, '..', '..', '..', 'samples');
const SNAPSHOTS = join(__dirname, '__snapshots__');
const UPDATE = !!process.env['TOPO_UPDATE_SNAPSHOTS'];

function lintSample(name: string): LintResult {
  const folder = join(SAMPLES, name);
  const documents = readdirSync(folder)
    .filter((file) => file.endsWith('.topo'))
    .map((file) => parseDocument(file, readFileSync(join(folder, file), 'utf8')));
  return lintDocuments(documents, parseConfig(readFileSync(join(folder, 'topo.json'), 'utf8'), RULES));
}

/** The element with the most valid links, the first declared among equals. */
function mostLinked(result: LintResult): string {
  const { model } = result;
  let best = model.elements[0]!;
  for (const element of model.elements) {
    const degree = (candidate: typeof element) => model.outgoing[candidate.id]!.length + model.incoming[candidate.id]!.length;
    if (degree(element) > degree(best)) best = element;
  }
  return best.name;
}

function viewsOf(result: LintResult): [string, DiagramRequest][] {
  const entries = result.model.elements.filter((element) => element.kindClass === 'entry');
  const central = mostLinked(result);
  return [
    ['topology', { view: 'topology' }],
    [`focus.${central}`, { view: 'focus', element: central, depth: 2 }],
    ...entries.map((entry): [string, DiagramRequest] => [`sequence.${entry.name}`, { view: 'sequence', entry: entry.name }]),
  ];
}

const samples = readdirSync(SAMPLES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const expectedFiles = new Set<string>();

describe('snapshots of the samples', () => {
  for (const sample of samples) {
    const result = lintSample(sample);
    for (const [view, request] of viewsOf(result)) {
      const file = `${sample}.${view}.mmd`;
      expectedFiles.add(file);
      test(`${sample}: ${view}`, () => {
        const generated = generateDiagram(result, request);
        assert.ok(generated.ok, generated.ok ? '' : generated.error);
        const { diagram } = generated;
        if (diagram.view === 'sequence') assertBalancedActivations(diagram);
        assert.ok(diagram.nodes.length > 0);
        const path = join(SNAPSHOTS, file);
        if (UPDATE) {
          mkdirSync(SNAPSHOTS, { recursive: true });
          writeFileSync(path, diagram.text);
        }
        assert.ok(existsSync(path), `no snapshot ${file}: run with TOPO_UPDATE_SNAPSHOTS=1 and review it`);
        assert.equal(diagram.text, readFileSync(path, 'utf8'), `${file} changed: review the difference, then TOPO_UPDATE_SNAPSHOTS=1 to accept it`);
      });
    }
  }

  test('every snapshot belongs to a view', () => {
    const stale = readdirSync(SNAPSHOTS).filter((file) => !expectedFiles.has(file));
    if (UPDATE) for (const file of stale) unlinkSync(join(SNAPSHOTS, file));
    else assert.deepEqual(stale, [], 'stale snapshots: TOPO_UPDATE_SNAPSHOTS=1 removes them');
  });
});
