// The projects every benchmark measures: scripts/generate-project.ts with one seed and
// several files at every size, so the CLI, the in-process core and the server see the
// same text.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateProject } from '../../scripts/generate-project';

export const BENCH_SEED = 7;

export interface BenchProject {
  elements: number;
  /** Path → text, as generated. */
  files: Record<string, string>;
  links: number;
  bytes: number;
}

/** About 500 elements per file, and at least two files, so that an edit is always in one file of several. */
export function fileCountFor(elements: number): number {
  return Math.max(2, Math.ceil(elements / 500));
}

export function benchProject(elements: number): BenchProject {
  const files = generateProject({ elements, files: fileCountFor(elements), seed: BENCH_SEED });
  let links = 0;
  let bytes = 0;
  for (const text of Object.values(files)) {
    bytes += Buffer.byteLength(text);
    // The generator writes one link per line, each with a single arrow.
    for (let at = text.indexOf('>'); at >= 0; at = text.indexOf('>', at + 1)) {
      const arrow = text.charCodeAt(at - 1);
      if (arrow === 0x2d /* - */ || arrow === 0x7e /* ~ */) links++;
    }
  }
  return { elements, files, links, bytes };
}

/** Writes the project (and a topo.json with the default rules) to a new temporary folder; returns it and a way to remove it. */
export function writeProject(project: BenchProject): { root: string; remove: () => void } {
  const root = mkdtempSync(join(tmpdir(), `topo-bench-${project.elements}-`));
  writeFileSync(join(root, 'topo.json'), '{}\n');
  for (const [path, text] of Object.entries(project.files)) writeFileSync(join(root, path), text);
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}
