// Warm, in-process measurements of the core (imported from server/src through tsx):
// the phases of a lint, timed separately as lint.ts chains them, the SARIF report, and
// the Mermaid text of the diagram views. Warm-up runs (see warmUp), then the measured runs.

import { formatSarif } from '../../server/src/cli/formatters/sarif';
import type { FileReport, LintReport } from '../../server/src/cli/report';
import { generateDiagram, type DiagramRequest } from '../../server/src/language/diagram';
import { DEFAULT_CONFIG, lintModel, type LintResult } from '../../server/src/language/lint';
import { Figures } from '../../server/src/language/model/figures';
import { Model, parseDocument, type ElementSymbol } from '../../server/src/language/model/model';
import { RULES } from '../../server/src/language/rules/registry';
import { LineIndex } from '../../server/src/language/util/lineIndex';
import { summarise, warmUp, type Summary } from './stats';

export const PHASES = ['parse', 'model', 'figures', 'rules', 'sarif'] as const;
export type Phase = (typeof PHASES)[number];

export interface LintPhasesResult {
  runs: number;
  warmUps: number;
  findings: number;
  /** Each phase, and `lint`: parse + model + figures + rules (what the CLI does before formatting). */
  phases: Record<Phase | 'lint', Summary>;
  /** The last run's result, for the diagram measurements. */
  result: LintResult;
}

export interface DiagramFigures extends Summary {
  nodes: number;
  edges: number;
  textLength: number;
}

export interface DiagramResults {
  runs: number;
  /** Warm-up runs of each view. */
  warmUps: { topology: number; focus: number };
  topology: DiagramFigures;
  focus: DiagramFigures & { element: string; depth: number };
}

/**
 * The length of the SARIF report of one project, made as `topo lint --format sarif` makes it
 * (paths relative to the project root): every piece made and measured, none kept, as the CLI
 * writes them.
 */
function sarifLength(result: LintResult): number {
  const files: FileReport[] = result.model.documents.map((doc) => ({ path: doc.path, text: doc.text, lines: new LineIndex(doc.text), findings: [] }));
  const fileByPath = new Map(files.map((file) => [file.path, file]));
  for (const finding of result.findings) fileByPath.get(finding.path)!.findings.push(finding);
  const report: LintReport = {
    scanRoot: '/bench',
    files,
    projects: [{ root: '.', model: result.model, figures: result.figures, pathOf: (path) => path }],
    rules: RULES,
    fileByPath,
    baselined: 0,
    toolVersion: '0.0.0-bench',
  };
  let length = 0;
  for (const piece of formatSarif(report)) length += piece.length;
  return length;
}

/** One lint of the files, each phase timed; `lint` is parse + model + figures + rules. */
function lintOnce(files: Record<string, string>): { times: Record<Phase | 'lint', number>; result: LintResult } {
  const t0 = performance.now();
  const documents = Object.entries(files).map(([path, text]) => parseDocument(path, text));
  const t1 = performance.now();
  const model = new Model(documents);
  const t2 = performance.now();
  const figures = new Figures(model);
  const t3 = performance.now();
  const findings = lintModel(model, figures, DEFAULT_CONFIG);
  const t4 = performance.now();
  const result = { model, figures, findings };
  if (sarifLength(result) === 0) throw new Error('empty SARIF report');
  const t5 = performance.now();
  return { times: { parse: t1 - t0, model: t2 - t1, figures: t3 - t2, rules: t4 - t3, sarif: t5 - t4, lint: t4 - t0 }, result };
}

export function measureLintPhases(files: Record<string, string>, runs: number): LintPhasesResult {
  const warmUps = warmUp(() => lintOnce(files));
  const samples: Record<Phase | 'lint', number[]> = { parse: [], model: [], figures: [], rules: [], sarif: [], lint: [] };
  let last: LintResult | undefined;
  for (let run = 0; run < runs; run++) {
    last = undefined; // let the previous run's result be collected
    const { times, result } = lintOnce(files);
    for (const phase of Object.keys(samples) as (keyof typeof samples)[]) samples[phase].push(times[phase]);
    last = result;
  }
  const phases = Object.fromEntries(Object.entries(samples).map(([phase, times]) => [phase, summarise(times)])) as LintPhasesResult['phases'];
  return { runs, warmUps, findings: last!.findings.length, phases, result: last! };
}

/** The element with the most valid links (ties by name): the focus view's worst case. */
export function mostConnected(result: LintResult): ElementSymbol {
  const { model } = result;
  const degree = (element: ElementSymbol) => model.outgoing[element.id]!.length + model.incoming[element.id]!.length;
  let best: ElementSymbol | undefined;
  for (const element of model.byName.values()) {
    if (!best || degree(element) > degree(best) || (degree(element) === degree(best) && element.name < best.name)) best = element;
  }
  if (!best) throw new Error('the project declares no element');
  return best;
}

export const FOCUS_DEPTH = 2;

export function measureDiagrams(result: LintResult, runs: number): DiagramResults {
  const generate = (request: DiagramRequest) => {
    const generated = generateDiagram(result, request);
    if (!generated.ok) throw new Error(`generateDiagram refused the ${request.view} view: ${generated.error}`);
    return generated.diagram;
  };
  const measure = (request: DiagramRequest): DiagramFigures & { warmUps: number } => {
    const warmUps = warmUp(() => generate(request));
    const times: number[] = [];
    let shape = { nodes: 0, edges: 0, textLength: 0 };
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      const diagram = generate(request);
      times.push(performance.now() - started);
      shape = { nodes: diagram.nodes.length, edges: diagram.edgeCount, textLength: diagram.text.length };
    }
    return { ...summarise(times), ...shape, warmUps };
  };
  const center = mostConnected(result).name;
  const { warmUps: topologyWarmUps, ...topology } = measure({ view: 'topology' });
  const { warmUps: focusWarmUps, ...focus } = measure({ view: 'focus', element: center, depth: FOCUS_DEPTH });
  return { runs, warmUps: { topology: topologyWarmUps, focus: focusWarmUps }, topology, focus: { ...focus, element: center, depth: FOCUS_DEPTH } };
}
