// The projects the render tests draw: the samples (read from disk with their topo.json, as
// the CLI would), generated projects, and the questions a test asks of a project's model.

import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from '../../src/language/model/model';
import type { ElementSymbol } from '../../src/language/model/model';
import { lintDocuments, type LintResult } from '../../src/language/lint';
import { defaultConfig, parseConfig } from '../../src/language/config/config';
import { RULES } from '../../src/language/rules/registry';
import { generateProject } from '../../../scripts/generate-project';
import { REPO_ROOT } from '../helpers/mermaidRenderer';

export const SAMPLES_DIR = join(REPO_ROOT, 'samples');

/** The sample projects: every folder of samples/ with a topo.json. */
export function sampleNames(): string[] {
  return readdirSync(SAMPLES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(SAMPLES_DIR, entry.name, 'topo.json')))
    .map((entry) => entry.name)
    .sort();
}

/** Lints a sample as `topo lint samples/NAME` does: its .topo files (any depth) and its topo.json. */
export function lintSample(name: string): LintResult {
  const root = join(SAMPLES_DIR, name);
  const files: Record<string, string> = {};
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name), `${prefix}${entry.name}/`);
      else if (entry.name.endsWith('.topo')) files[`${prefix}${entry.name}`] = readFileSync(join(dir, entry.name), 'utf8');
    }
  };
  walk(root, '');
  return lintFiles(files, readFileSync(join(root, 'topo.json'), 'utf8'));
}

/** Lints in-memory files with a topo.json text (default: every rule at its default). */
export function lintFiles(files: Record<string, string>, topoJson?: string): LintResult {
  const config = topoJson === undefined ? defaultConfig(RULES) : parseConfig(topoJson, RULES);
  return lintDocuments(
    Object.entries(files).map(([path, text]) => parseDocument(path, text)),
    config,
  );
}

/** A deterministic generated project (scripts/generate-project.ts), linted. */
export function lintGenerated(elements: number, seed = 42): LintResult {
  return lintFiles(generateProject({ elements, seed }));
}

/** Elements with at least one valid link, most connected first (ties by name). */
export function linkedElements(result: LintResult): ElementSymbol[] {
  const { model } = result;
  const degree = (element: ElementSymbol) => model.outgoing[element.id]!.length + model.incoming[element.id]!.length;
  return [...model.byName.values()]
    .filter((element) => degree(element) > 0)
    .sort((a, b) => degree(b) - degree(a) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Actors and clients: the elements a sequence view starts from. */
export function entries(result: LintResult): ElementSymbol[] {
  return [...result.model.byName.values()].filter((element) => element.kind === 'actor' || element.kind === 'client');
}

/**
 * The focus view's expectation, computed here from the model: the elements within `depth`
 * valid links of `name` (either direction) and the number of valid links between them.
 */
export function neighbourhood(result: LintResult, name: string, depth: number): { names: Set<string>; links: number } {
  const { model } = result;
  const center = model.element(name);
  if (!center) throw new Error(`no element ${name}`);
  const names = new Set([center.name]);
  let frontier = [center];
  for (let step = 0; step < depth; step++) {
    const next: ElementSymbol[] = [];
    for (const element of frontier) {
      for (const link of [...model.outgoing[element.id]!, ...model.incoming[element.id]!]) {
        for (const end of [link.from!, link.to!]) {
          if (!names.has(end.name)) {
            names.add(end.name);
            next.push(end);
          }
        }
      }
    }
    frontier = next;
  }
  const links = model.links.filter((link) => !link.problem && link.from && link.to && names.has(link.from.name) && names.has(link.to.name)).length;
  return { names, links };
}
