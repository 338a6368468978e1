// Where the time of one edit goes in the core, in-process and warm: the edited file's parse,
// then the cached lint's phases (model, focus, figures, rules), over the bench's edits (insert
// a link to an undeclared name in the middle of one file of a 5,000-element project, then
// remove it). `npx tsx bench/edit-phases.ts [--elements 5000] [--edits 200]`.

import { performance } from 'node:perf_hooks';
import { LintCache, lintDocuments } from '../server/src/language/lint';
import { Model, parseDocument, type TopoDocument } from '../server/src/language/model/model';
import { Figures } from '../server/src/language/model/figures';
import { benchProject } from './lib/projects';
import { median } from './lib/stats';

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

const elements = arg('--elements', 5000);
const edits = arg('--edits', 200);
const project = benchProject(elements);
const names = Object.keys(project.files).sort();
const target = names[0]!;
const text = project.files[target]!;
const middle = text.indexOf('\n', Math.floor(text.length / 2)) + 1;
const source = /^\s*service (\w+)/m.exec(text)![1]!;

const documents: TopoDocument[] = names.map((name) => parseDocument(name, project.files[name]!));
const cache = new LintCache();
lintDocuments(documents, undefined, cache);

const phases: Record<string, number[]> = { parse: [], lint: [], model: [], figures: [] };
for (let i = 0; i < edits; i++) {
  const edited = i % 2 === 0 ? `${text.slice(0, middle)}${source} -> NoSuchElement${i}\n${text.slice(middle)}` : text;
  let t = performance.now();
  documents[0] = parseDocument(target, edited);
  phases.parse!.push(performance.now() - t);
  t = performance.now();
  lintDocuments(documents, undefined, cache);
  phases.lint!.push(performance.now() - t);
  // The phases alone, on a copy of the cache's state would disturb it: time them uncached.
  if (i % 20 === 0) {
    t = performance.now();
    const model = new Model(documents);
    phases.model!.push(performance.now() - t);
    t = performance.now();
    new Figures(model);
    phases.figures!.push(performance.now() - t);
  }
}
const skip = Math.floor(edits / 4);
for (const [name, samples] of Object.entries(phases)) {
  const warm = samples.length > 20 ? samples.slice(skip) : samples.slice(1);
  console.log(`${name.padEnd(8)} median ${median(warm).toFixed(2)} ms over ${warm.length}`);
}
console.log(`focused runs: ${cache.focusedRuns} of ${edits}`);
