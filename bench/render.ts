// How long the real Mermaid takes to draw the topology view of generated projects, in
// headless Chromium: `npx tsx bench/render.ts [--sizes 100,300,1000] [--layouts dagre,elk]
// [--runs 3] [--budget 300] [--max-seconds 900] [--dagre-max 1000]`. Reported, never asserted.
//
// For each size and layout, in a fresh browser: a warm-up render of a small project in the
// same layout (the first render of a page loads Mermaid's and the layout's code), then up to
// --runs renders of the topology, fewer once they have taken --budget seconds, and the median.
// A render that passes --max-seconds is stopped (the browser is closed) and reported as such.
// Dagre is not tried above --dagre-max elements. Every render is also checked: Mermaid must not
// throw and the SVG must hold the generator's node and edge counts (exit 1 if not). Known
// today: dagre throws "Cannot set properties of undefined (setting 'order')" on the 1,000- (and
// 500-) element topology, after minutes; the same text without its subgraphs renders.
// Writes bench/render-results.json, replacing the figures of the sizes and layouts it measured.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { chromiumStatus, MermaidRenderer, REPO_ROOT, type Layout, type RenderResult } from '../server/test/helpers/mermaidRenderer';
import { lintGenerated } from '../server/test/render/projects';
import { generateDiagram } from '../server/src/language/diagram';
import type { Diagram } from '../server/src/language/diagram/types';

function arg(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1]! : fallback;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

interface Measurement {
  elements: number;
  layout: Layout;
  /** When (ISO time). */
  measured: string;
  /** Elements of the warm-up project. */
  warmUpElements: number;
  nodes: number;
  edges: number;
  subgraphs: number;
  textLength: number;
  generateMs: number;
  warmUpMs: number;
  rendersMs: number[];
  medianMs: number | null;
  svgBytes: number;
  /** The render passed --max-seconds and was stopped. */
  timedOutAfterMs?: number;
  /** How long Mermaid worked before it threw `error`. */
  failedAfterMs?: number;
  error?: string;
}

/** Renders, or closes the renderer when the render takes longer than `limitMs`. */
async function renderWithin(renderer: MermaidRenderer, text: string, layout: Layout, limitMs: number): Promise<RenderResult | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), limitMs);
  });
  try {
    const outcome = await Promise.race([renderer.render(text, { layout }), limit]);
    if (outcome === 'timeout') await renderer.close();
    return outcome;
  } finally {
    clearTimeout(timer);
  }
}

function topology(elements: number): { diagram: Diagram; generateMs: number } {
  const result = lintGenerated(elements);
  const started = performance.now();
  const generated = generateDiagram(result, { view: 'topology' });
  const generateMs = performance.now() - started;
  if (!generated.ok) throw new Error(`generateDiagram refused the topology of ${elements} elements: ${generated.error}`);
  return { diagram: generated.diagram, generateMs };
}

async function main(): Promise<void> {
  const sizes = arg('--sizes', '100,300,1000').split(',').map(Number);
  const layoutsWanted = arg('--layouts', 'dagre,elk').split(',') as Layout[];
  const runs = Number(arg('--runs', '3'));
  const budgetMs = Number(arg('--budget', '300')) * 1000;
  const maxMs = Number(arg('--max-seconds', '900')) * 1000;
  const dagreMax = Number(arg('--dagre-max', '1000'));
  const status = chromiumStatus();
  if (status.state !== 'available') {
    process.stderr.write(`${status.reason}\n`);
    process.exit(2);
  }
  let chromiumVersion = 'unknown';
  const warmUpElements = 20;
  const warmUp = topology(warmUpElements).diagram;
  const measurements: Measurement[] = [];
  for (const elements of sizes) {
    const { diagram, generateMs } = topology(elements);
    const layouts = layoutsWanted.filter((layout) => layout !== 'dagre' || elements <= dagreMax);
    for (const layout of layouts) {
      // A fresh browser per measurement: no layout cache or heap left over from the last one.
      const renderer = await MermaidRenderer.launch(status.path);
      chromiumVersion = renderer.page.context().browser()?.version() ?? chromiumVersion;
      const measurement: Measurement = {
        elements,
        layout,
        measured: new Date().toISOString(),
        warmUpElements,
        nodes: diagram.size.nodes,
        edges: diagram.size.edges,
        subgraphs: diagram.size.subgraphs,
        textLength: diagram.size.textLength,
        generateMs: Math.round(generateMs * 10) / 10,
        warmUpMs: 0,
        rendersMs: [],
        medianMs: null,
        svgBytes: 0,
      };
      try {
        const first = await renderer.render(warmUp.text, { layout });
        measurement.warmUpMs = Math.round(first.ms);
        if (first.error) throw new Error(`warm-up: ${first.error}`);
        while (measurement.rendersMs.length < runs && measurement.rendersMs.reduce((a, b) => a + b, 0) < budgetMs) {
          const rendered = await renderWithin(renderer, diagram.text, layout, maxMs);
          if (rendered === 'timeout') {
            measurement.timedOutAfterMs = maxMs;
            break;
          }
          if (rendered.error) {
            measurement.failedAfterMs = Math.round(rendered.ms);
            throw new Error(rendered.error.split('\n')[0]);
          }
          if (rendered.nodes !== diagram.size.nodes || rendered.edges !== diagram.size.edges) {
            throw new Error(`drew ${rendered.nodes} nodes and ${rendered.edges} edges, expected ${diagram.size.nodes} and ${diagram.size.edges}`);
          }
          measurement.rendersMs.push(Math.round(rendered.ms));
          measurement.svgBytes = rendered.svg.length;
        }
        if (measurement.rendersMs.length) measurement.medianMs = Math.round(median(measurement.rendersMs));
      } catch (error) {
        measurement.error = error instanceof Error ? error.message : String(error);
      } finally {
        await renderer.close().catch(() => undefined);
      }
      measurements.push(measurement);
      const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
      console.log(
        `${String(elements).padStart(5)} elements  ${layout.padEnd(5)}  ${measurement.nodes} nodes, ${measurement.edges} edges, ${measurement.subgraphs} subgraphs, ` +
          `text ${(measurement.textLength / 1024).toFixed(0)} KB, generated in ${measurement.generateMs} ms: ` +
          (measurement.error
            ? `ERROR ${measurement.error}${measurement.failedAfterMs !== undefined ? ` (after ${s(measurement.failedAfterMs)})` : ''}`
            : measurement.timedOutAfterMs && !measurement.rendersMs.length
              ? `render stopped after ${s(measurement.timedOutAfterMs)}`
              : `render median ${s(measurement.medianMs!)} (runs ${measurement.rendersMs.map(s).join(', ')}${measurement.timedOutAfterMs ? `, then one stopped after ${s(measurement.timedOutAfterMs)}` : ''}; warm-up ${s(measurement.warmUpMs)}), SVG ${(measurement.svgBytes / 1e6).toFixed(1)} MB`),
      );
    }
  }
  // Merged with the file's earlier figures: a run of some sizes or layouts replaces those only.
  const out = join(__dirname, 'render-results.json');
  const earlier = existsSync(out) ? ((JSON.parse(readFileSync(out, 'utf8')) as { measurements?: Measurement[] }).measurements ?? []) : [];
  const key = (m: Measurement) => `${m.elements} ${m.layout}`;
  const fresh = new Set(measurements.map(key));
  const merged = [...earlier.filter((m) => !fresh.has(key(m))), ...measurements].sort((a, b) => a.elements - b.elements || (a.layout < b.layout ? -1 : 1));
  writeFileSync(
    out,
    `${JSON.stringify(
      {
        mermaid: (JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', 'mermaid', 'package.json'), 'utf8')) as { version: string }).version,
        chromium: chromiumVersion,
        node: process.version,
        cpus: cpus().length,
        method: `topology view (legend on) of scripts/generate-project.ts projects (seed 42, about 3 links per element, groups of 20), mermaid.render in headless Chromium (securityLevel strict), a fresh browser per size and layout; a warm-up render of a ${warmUpElements}-element project, then the median of up to ${runs} renders (fewer past ${budgetMs / 1000} s in all; a render is stopped at ${maxMs / 1000} s)`,
        measurements: merged,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`wrote ${out}`);
  if (measurements.some((m) => m.error)) process.exit(1);
}

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
