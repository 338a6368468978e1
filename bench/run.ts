// `npm run bench`: how fast Topo is on generated projects, reported, never asserted.
//
//   node --import tsx bench/run.ts [--sizes 100,1000,10000,50000]
//     [--server-sizes 1000,5000] [--runs 5] [--edits 100] [--requests 50] [--quick]
//     [--out bench/results.json] [--write-docs] [--docs-only]
//
// For each size: cold `topo lint --format json` runs (wall time, peak RSS), the core's
// phases in-process, and the Mermaid text of the topology and of a focus view. For each
// server size: didChange → publishDiagnostics, completion and hover over JSON-RPC.
// Prints the tables, writes the results (JSON) and, with --write-docs, the tables of
// docs/performance.md. --docs-only rewrites the doc from the results file without measuring.
// dist/ must be built (the npm script builds it first).

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { CLI, measureColdLint, measureColdStart, PEAK_RSS_METHOD_TEXT, peakRssMethod, REPO_ROOT } from './lib/coldCli';
import { measureDiagrams, measureLintPhases } from './lib/inProcess';
import { measureServer } from './lib/lsp';
import { benchProject, writeProject } from './lib/projects';
import { renderResults, writeDocs, type BenchResults, type SizeResult } from './lib/report';
import { SERVER } from '../server/test/helpers/lspClient';

const DOCS = join(REPO_ROOT, 'docs', 'performance.md');
const USAGE = `usage: node --import tsx bench/run.ts [options]
  --sizes LIST         project sizes for the CLI, core and Mermaid figures (default 100,1000,10000,50000)
  --server-sizes LIST  project sizes for the language server figures (default 1000,5000)
  --runs N             runs per figure (default 5; at most 3 from 50,000 elements on)
  --edits N            didChange edits per server size (default 100)
  --requests N         completion and hover requests per server size (default 50)
  --quick              a quick check: --sizes 100,1000 --server-sizes 1000 --runs 3 --edits 20 --requests 20
  --out FILE           where to write the results (default bench/results.json)
  --write-docs         also rewrite the tables of docs/performance.md
  --docs-only          rewrite the tables of docs/performance.md from --out, measure nothing
`;

interface Options {
  sizes: number[];
  serverSizes: number[];
  runs: number;
  edits: number;
  requests: number;
  out: string;
  writeDocs: boolean;
  docsOnly: boolean;
}

const CAPPED_RUNS = { fromElements: 50_000, runs: 3 };

function parseOptions(argv: readonly string[]): Options {
  const quick = argv.includes('--quick');
  const options: Options = {
    sizes: quick ? [100, 1000] : [100, 1000, 10_000, 50_000],
    serverSizes: quick ? [1000] : [1000, 5000],
    runs: quick ? 3 : 5,
    edits: quick ? 20 : 100,
    requests: quick ? 20 : 50,
    out: join(REPO_ROOT, 'bench', 'results.json'),
    writeDocs: argv.includes('--write-docs'),
    docsOnly: argv.includes('--docs-only'),
  };
  const positive = (flag: string, text: string | undefined): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value <= 0) throw new Error(`${flag} expects a whole number above 0, got '${text ?? ''}'`);
    return value;
  };
  // An empty list skips that part (--server-sizes '' measures no server); sorted, as the growth tables read them.
  const list = (flag: string, text: string | undefined) =>
    (text ?? '')
      .split(',')
      .filter((item) => item.trim() !== '')
      .map((item) => positive(flag, item.trim()))
      .sort((a, b) => a - b);
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = argv[i + 1];
    if (flag === '--quick' || flag === '--write-docs' || flag === '--docs-only') continue;
    i++;
    if (flag === '--sizes') options.sizes = list(flag, value);
    else if (flag === '--server-sizes') options.serverSizes = list(flag, value);
    else if (flag === '--runs') options.runs = positive(flag, value);
    else if (flag === '--edits') options.edits = positive(flag, value);
    else if (flag === '--requests') options.requests = Number(value) === 0 ? 0 : positive(flag, value);
    else if (flag === '--out') options.out = value ?? '';
    else throw new Error(`unknown option '${flag}'\n${USAGE}`);
  }
  return options;
}

function log(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

async function measure(options: Options): Promise<BenchResults> {
  for (const built of [CLI, SERVER]) if (!existsSync(built)) throw new Error(`${built} is missing: run npm run build`);
  const started = new Date();
  const loadBefore = loadavg()[0]!;
  let highestLoad = loadBefore;
  const sampleLoad = () => (highestLoad = Math.max(highestLoad, loadavg()[0]!));
  const rssMethod = peakRssMethod();

  let coldStart;
  if (options.sizes.length > 0) {
    log(`cold CLI start-up (topo --version), ${options.runs} runs`);
    coldStart = measureColdStart(options.runs, rssMethod);
  }
  const sizes: SizeResult[] = [];
  for (const elements of options.sizes) {
    const runs = elements >= CAPPED_RUNS.fromElements ? Math.min(options.runs, CAPPED_RUNS.runs) : options.runs;
    log(`${elements} elements: generating`);
    const project = benchProject(elements);
    const written = writeProject(project);
    try {
      log(`${elements} elements: cold CLI, ${runs} runs of each format`);
      const cliStylish = measureColdLint(written.root, runs, rssMethod, 'stylish');
      sampleLoad();
      const cli = measureColdLint(written.root, runs, rssMethod, 'json');
      sampleLoad();
      log(`${elements} elements: core in-process, ${runs} runs`);
      const { result, ...lint } = measureLintPhases(project.files, runs);
      sampleLoad();
      log(`${elements} elements: Mermaid text, ${runs} runs`);
      const diagrams = measureDiagrams(result, runs);
      sampleLoad();
      sizes.push({ elements, links: project.links, files: Object.keys(project.files).length, bytes: project.bytes, cli, cliStylish, lint, diagrams });
    } finally {
      written.remove();
    }
  }

  const server = [];
  for (const elements of options.serverSizes) {
    log(`${elements} elements: language server, ${options.edits} edits, ${options.requests} completion and hover requests`);
    server.push(await measureServer(benchProject(elements), { edits: options.edits, requests: options.requests }));
    sampleLoad();
  }

  return {
    date: started.toISOString(),
    durationSeconds: (Date.now() - started.getTime()) / 1000,
    machine: {
      os: `${type()} ${release()} (${process.arch})`,
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
      cpus: cpus().length,
      totalMemoryMB: Math.round(totalmem() / 2 ** 20),
      node: process.version,
    },
    load: { before: loadBefore, highest: highestLoad },
    options: { sizes: options.sizes, serverSizes: options.serverSizes, runs: options.runs, cappedRuns: CAPPED_RUNS, edits: options.edits, requests: options.requests },
    peakRssMethod: PEAK_RSS_METHOD_TEXT[rssMethod],
    coldStart,
    sizes,
    server,
  };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help')) {
    process.stdout.write(USAGE);
    return;
  }
  const options = parseOptions(argv);
  let results: BenchResults;
  if (options.docsOnly) {
    results = JSON.parse(readFileSync(options.out, 'utf8')) as BenchResults;
  } else {
    results = await measure(options);
    writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
    log(`wrote ${options.out}`);
  }
  process.stdout.write(`${renderResults(results)}\n`);
  if (options.writeDocs || options.docsOnly) {
    writeDocs(DOCS, results);
    log(`rewrote the tables of ${DOCS}`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
