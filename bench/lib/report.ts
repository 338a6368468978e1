// What a run records (bench/results.json) and how it is shown: the tables printed at the
// end of a run and written between the markers of docs/performance.md.

import { readFileSync, writeFileSync } from 'node:fs';
import type { ColdLintResult, ColdRuns } from './coldCli';
import type { DiagramResults, LintPhasesResult } from './inProcess';
import type { ServerResult } from './lsp';

export interface SizeResult {
  elements: number;
  links: number;
  files: number;
  bytes: number;
  /** `lint --format json` (the report carries the figures too). */
  cli: ColdLintResult;
  /** `lint` in the default format, stylish (older results files lack it). */
  cliStylish?: ColdLintResult;
  lint: Omit<LintPhasesResult, 'result'>;
  diagrams: DiagramResults;
}

export interface BenchResults {
  /** ISO time the run started. */
  date: string;
  durationSeconds: number;
  machine: { os: string; cpuModel: string; cpus: number; totalMemoryMB: number; node: string };
  /**
   * 1-minute load averages: before the run (other work on the machine) and the highest seen
   * between measurements (which includes the benchmark itself, about 1).
   */
  load: { before: number; highest: number };
  options: {
    sizes: number[];
    serverSizes: number[];
    runs: number;
    /** From this many elements on, at most `runs` runs (the largest projects take long). */
    cappedRuns: { fromElements: number; runs: number };
    edits: number;
    requests: number;
  };
  peakRssMethod: string;
  /** `topo --version` run cold: the fixed cost inside every cold lint (none when no size was measured). */
  coldStart: ColdRuns | undefined;
  sizes: SizeResult[];
  server: ServerResult[];
}

export const DOCS_START = '<!-- bench:table -->';
export const DOCS_END = '<!-- bench:end -->';

// ---- numbers ---------------------------------------------------------------------

const count = (n: number) => n.toLocaleString('en-US');

function ms(value: number): string {
  if (value < 1) return `${value.toFixed(2)} ms`;
  if (value < 100) return `${value.toFixed(1)} ms`;
  return `${count(Math.round(value))} ms`;
}

/** Microseconds per element. */
function perElement(valueMs: number, elements: number): string {
  const us = (valueMs * 1000) / elements;
  return `${us < 10 ? us.toFixed(2) : us < 100 ? us.toFixed(1) : count(Math.round(us))} µs`;
}

/** A Markdown table; the first `textColumns` columns are left-aligned, the numbers right-aligned. */
function table(header: string[], rows: string[][], textColumns: number): string {
  const aligned = header.map((_, i) => (i < textColumns ? '---' : '---:'));
  return [header, aligned, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

// ---- the measurements ---------------------------------------------------------------

/** The in-process phases, with their names in the tables. */
const LINT_ROWS: [keyof SizeResult['lint']['phases'], string][] = [
  ['parse', 'core: lex + parse'],
  ['model', 'core: model'],
  ['figures', 'core: figures'],
  ['rules', 'core: rules + suppressions'],
  ['lint', 'core: lint total (parse → rules)'],
  ['sarif', 'core: SARIF report'],
];

function coreTable(coldStart: ColdRuns | undefined, sizes: readonly SizeResult[]): string {
  const rows: string[][] = [];
  if (coldStart) rows.push(['—', `cold CLI \`--version\`: Node start-up and loading the bundle (${coldStart.runs} runs)`, ms(coldStart.medianMs), `${Math.round(coldStart.peakRssMB)} MB`, '']);
  for (const size of sizes) {
    const n = size.elements;
    const label = `${count(n)} (${count(size.links)} links, ${size.files} files)`;
    if (size.cliStylish) {
      const cold = size.cliStylish;
      rows.push([label, `cold CLI \`lint\` (stylish, the default): wall, peak RSS (${cold.runs} runs)`, ms(cold.medianMs), `${Math.round(cold.peakRssMB)} MB`, perElement(cold.medianMs, n)]);
    }
    rows.push([size.cliStylish ? '' : label, `cold CLI \`lint --format json\` (${Math.round(size.cli.reportBytes / 1048576)} MB report): wall, peak RSS (${size.cli.runs} runs)`, ms(size.cli.medianMs), `${Math.round(size.cli.peakRssMB)} MB`, perElement(size.cli.medianMs, n)]);
    for (const [phase, name] of LINT_ROWS) {
      rows.push(['', `${name} (${size.lint.runs} runs)`, ms(size.lint.phases[phase].medianMs), '', perElement(size.lint.phases[phase].medianMs, n)]);
    }
    const { topology, focus } = size.diagrams;
    rows.push(['', `Mermaid text: topology, ${count(topology.nodes)} nodes (${size.diagrams.runs} runs)`, ms(topology.medianMs), '', perElement(topology.medianMs, n)]);
    rows.push(['', `Mermaid text: focus on ${focus.element}, depth ${focus.depth}, ${count(focus.nodes)} nodes`, ms(focus.medianMs), '', '']);
  }
  return table(['Elements', 'Measure', 'Median', 'Peak', 'Per element'], rows, 2);
}

function serverTable(server: readonly ServerResult[]): string {
  const rows: string[][] = [];
  for (const result of server) {
    const n = result.elements;
    rows.push([`${count(n)} (${result.files} files)`, 'didOpen → first diagnostics (loads the project; 1 sample)', ms(result.openMs), '', perElement(result.openMs, n)]);
    const edits = result.didChange;
    rows.push(['', `didChange → publishDiagnostics (${edits.samplesMs.length} edits of ${result.target})`, ms(edits.medianMs), ms(edits.p95Ms), perElement(edits.medianMs, n)]);
    if (result.published) {
      const { perEdit, targetDiagnostics, targetKB } = result.published;
      rows.push(['', `… publications per edit: ${perEdit.toFixed(2)}; the edited file's diagnostics: ${count(targetDiagnostics)} (${count(Math.round(targetKB))} KB of JSON)`, '', '', '']);
    }
    if (result.settled) {
      const settled = result.settled;
      rows.push(['', `didChange → every file's diagnostics out (topo/stats; ${settled.samplesMs.length} edits)`, ms(settled.medianMs), ms(settled.p95Ms), '']);
    }
    for (const [name, figures] of [['completion', result.completion], ['hover', result.hover]] as const) {
      if (figures) rows.push(['', `${name} (${figures.samplesMs.length} requests at varied positions)`, ms(figures.medianMs), ms(figures.p95Ms), '']);
    }
  }
  const byPosition = server
    .filter((result) => result.completion)
    .map((result) => {
      const positions = Object.entries(result.completion!.byPosition).map(([kind, figures]) => `${kind} ${ms(figures.medianMs)} (${count(figures.results)} items)`);
      return `Completion medians by position at ${count(result.elements)} elements: ${positions.join(', ')}.`;
    });
  return [table(['Elements', 'Measure', 'Median', 'p95', 'Per element'], rows, 2), ...byPosition].join('\n\n');
}

/**
 * Per-element time at each size, and its change from the smallest size of at least 1,000
 * elements to the largest (below 1,000, fixed costs such as Node's start-up dominate).
 */
function growthTable(results: BenchResults): string {
  const sizes = results.sizes;
  const startMs = results.coldStart?.medianMs ?? 0;
  const measures: [string, (size: SizeResult) => number][] = [
    ['cold CLI lint (wall)', (size) => size.cli.medianMs],
    ['cold CLI lint − start-up', (size) => size.cli.medianMs - startMs],
    ...LINT_ROWS.map(([phase, name]): [string, (size: SizeResult) => number] => [name, (size) => size.lint.phases[phase].medianMs]),
    ['Mermaid text: topology', (size) => size.diagrams.topology.medianMs],
  ];
  const trend = <T extends { elements: number }>(items: readonly T[], value: (item: T) => number): string => {
    const from = items.find((item) => item.elements >= 1000);
    const to = items.at(-1);
    if (!from || !to || from === to) return '';
    const ratio = value(to) / to.elements / (value(from) / from.elements);
    return `×${ratio.toFixed(2)} (${count(from.elements)} → ${count(to.elements)})`;
  };
  const tables = [
    table(
      ['Per element', ...sizes.map((size) => count(size.elements)), 'Change'],
      measures.map(([name, value]) => [name, ...sizes.map((size) => perElement(value(size), size.elements)), trend(sizes, value)]),
      1,
    ),
  ];
  const server = results.server;
  if (server.length > 0) {
    const measuresOfServer: [string, (result: ServerResult) => number][] = [
      ['server: didOpen → first diagnostics', (result) => result.openMs],
      ['server: didChange → publishDiagnostics', (result) => result.didChange.medianMs],
    ];
    tables.push(
      table(
        ['Per element', ...server.map((result) => count(result.elements)), 'Change'],
        measuresOfServer.map(([name, value]) => [name, ...server.map((result) => perElement(value(result), result.elements)), trend(server, value)]),
        1,
      ),
    );
  }
  return tables.join('\n\n');
}

function barsTable(results: BenchResults): string {
  const size = (n: number) => results.sizes.find((s) => s.elements === n);
  const server = results.server.find((s) => s.elements === 5000);
  const bar = (name: string, limit: number, unit: 'ms' | 'MB', measured: number | undefined, what: string): string[] => {
    if (measured === undefined) return [name, `${count(limit)} ${unit}`, 'not measured in this run', ''];
    const shown = unit === 'ms' ? ms(measured) : `${Math.round(measured)} MB`;
    const verdict = measured < limit ? `met (${Math.round((measured / limit) * 100)}% of the bar)` : `**missed** (×${(measured / limit).toFixed(1)})`;
    return [name, `${count(limit)} ${unit}`, `${shown}: ${what}`, verdict];
  };
  return table(
    ['DESIGN §6 bar', 'Limit', 'Measured', 'Verdict'],
    [
      bar('cold lint of 10,000 elements, Node start-up included', 1000, 'ms', (size(10_000)?.cliStylish ?? size(10_000)?.cli)?.medianMs, `median wall time of \`node dist/cli.js lint\`${size(10_000)?.cliStylish ? '' : ' --format json'} (json: ${size(10_000) ? ms(size(10_000)!.cli.medianMs) : '—'})`),
      bar('diagnostics after an edit, 5,000 elements', 50, 'ms', server?.didChange.medianMs, `median didChange → publishDiagnostics at the client (p95 ${server ? ms(server.didChange.p95Ms) : '—'})`),
      bar('Mermaid text for 1,000 elements', 50, 'ms', size(1000)?.diagrams.topology.medianMs, 'median, topology view, in-process'),
      bar('memory for 50,000 elements', 300, 'MB', (size(50_000)?.cliStylish ?? size(50_000)?.cli)?.peakRssMB, `peak RSS of the cold CLI lint (json: ${size(50_000) ? `${Math.round(size(50_000)!.cli.peakRssMB)} MB` : '—'})`),
    ],
    4,
  );
}

/** The generated part of docs/performance.md, also printed at the end of a run. */
export function renderResults(results: BenchResults): string {
  const { machine, load } = results;
  const shared =
    load.before >= 0.5
      ? `**Measured on a shared machine**: the 1-minute load average was ${load.before.toFixed(2)} on ${machine.cpus} cores before the run started (other work) and reached ${load.highest.toFixed(2)} during it (the benchmark itself adds about 1). The figures are inflated by the competition for the cores; treat them as upper bounds.`
      : `The machine was otherwise idle: 1-minute load average ${load.before.toFixed(2)} before the run, ${load.highest.toFixed(2)} at most during it (the benchmark itself adds about 1).`;
  return [
    `Measured ${results.date.slice(0, 16).replace('T', ' ')} UTC in ${Math.round(results.durationSeconds)} s: ${machine.os}, ${machine.cpus} × ${machine.cpuModel}, ${count(Math.round(machine.totalMemoryMB / 1024))} GB of memory, Node ${machine.node}. Peak memory: ${results.peakRssMethod}.`,
    '',
    shared,
    '',
    `Each row gives its number of runs (at most ${results.options.cappedRuns.runs} from ${count(results.options.cappedRuns.fromElements)} elements on, to keep the whole run short). In-process figures are medians after warm-up runs (at least one, more while they take under 2 s, up to 10: until V8 has optimised the code); each cold CLI run is a new process, with no warm-up.`,
    '',
    '### The CLI and the core',
    '',
    coreTable(results.coldStart, results.sizes),
    '',
    '### The language server (JSON-RPC, timed at the client)',
    '',
    results.server.length ? serverTable(results.server) : 'Not measured in this run.',
    '',
    '### Growth: time per element at each size',
    '',
    growthTable(results),
    '',
    '### Against the bars of DESIGN §6',
    '',
    barsTable(results),
  ].join('\n');
}

/** Replaces what lies between the markers of the doc with the tables of these results. */
export function writeDocs(path: string, results: BenchResults): void {
  const doc = readFileSync(path, 'utf8');
  const start = doc.indexOf(DOCS_START);
  const end = doc.indexOf(DOCS_END);
  if (start < 0 || end < start) throw new Error(`${path} has no '${DOCS_START}' … '${DOCS_END}' section to replace`);
  writeFileSync(path, `${doc.slice(0, start + DOCS_START.length)}\n${renderResults(results)}\n${doc.slice(end)}`);
}
