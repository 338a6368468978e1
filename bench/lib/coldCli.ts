// Cold CLI runs: `node dist/cli.js lint DIR --format json`, a new process per run, as CI
// runs it. Wall time is measured around the child, so it includes Node's start-up and
// the loading of the bundle; the report goes to a file, as `> report.json` would.

import { spawnSync } from 'node:child_process';
import { closeSync, openSync, rmSync, statSync } from 'node:fs';
import { devNull, tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from './stats';

export const REPO_ROOT = join(__dirname, '..', '..');
export const CLI = join(REPO_ROOT, 'dist', 'cli.js');
const PEAK_RSS_PRELOAD = join(REPO_ROOT, 'bench', 'peak-rss.cjs');
const GNU_TIME = '/usr/bin/time';
/** The line both ways of measuring the peak RSS print on the child's stderr. */
const RSS_MARKER = 'topo-bench-max-rss-kb';

export type PeakRssMethod = 'gnu-time' | 'preload';

/** GNU time (`-f %M`: the child's peak RSS in KB) when it is there; BSD time has no -f. */
export function peakRssMethod(): PeakRssMethod {
  const probe = spawnSync(GNU_TIME, ['-f', `${RSS_MARKER} %M`, 'true'], { encoding: 'utf8' });
  return probe.status === 0 && new RegExp(`${RSS_MARKER} \\d+`).test(probe.stderr) ? 'gnu-time' : 'preload';
}

export const PEAK_RSS_METHOD_TEXT: Record<PeakRssMethod, string> = {
  'gnu-time': `${GNU_TIME} -f %M (the child's ru_maxrss)`,
  preload: `process.resourceUsage().maxRSS, reported by bench/peak-rss.cjs preloaded with --require`,
};

export interface ColdRuns {
  runs: number;
  wallMs: number[];
  medianMs: number;
  /** The largest peak RSS of the runs, in MB (2^20 bytes). */
  peakRssMB: number;
  rssMB: number[];
}

export interface ColdLintResult extends ColdRuns {
  /** Size of the report. */
  reportBytes: number;
}

/** Runs `node dist/cli.js ARGS` `runs` times, stdout to `stdoutPath`; `check` looks at each run's outcome. */
function coldRuns(cliArgs: readonly string[], runs: number, method: PeakRssMethod, stdoutPath: string, check: (status: number | null, stderr: string) => void): ColdRuns {
  const node = [CLI, ...cliArgs];
  const [command, args] =
    method === 'gnu-time' ? [GNU_TIME, ['-f', `${RSS_MARKER} %M`, process.execPath, ...node]] : [process.execPath, ['--require', PEAK_RSS_PRELOAD, ...node]];
  const wallMs: number[] = [];
  const rssMB: number[] = [];
  for (let run = 0; run < runs; run++) {
    const stdout = openSync(stdoutPath, 'w');
    const started = performance.now();
    const child = spawnSync(command, args, { stdio: ['ignore', stdout, 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const elapsed = performance.now() - started;
    closeSync(stdout);
    check(child.status, child.stderr);
    const rss = new RegExp(`${RSS_MARKER} (\\d+)`).exec(child.stderr);
    if (!rss) throw new Error(`no peak RSS in the output of topo ${cliArgs.join(' ')}: ${child.stderr}`);
    wallMs.push(elapsed);
    rssMB.push(Number(rss[1]) / 1024);
  }
  return { runs, wallMs, medianMs: median(wallMs), peakRssMB: Math.max(...rssMB), rssMB };
}

/** `topo --version`: what every run pays before linting (Node's start-up, loading the bundle). */
export function measureColdStart(runs: number, method: PeakRssMethod): ColdRuns {
  return coldRuns(['--version'], runs, method, devNull, (status, stderr) => {
    if (status !== 0) throw new Error(`topo --version exited with ${status}: ${stderr}`);
  });
}

/** `topo lint DIR` in the given format (stylish is the default one, what people and most CI runs see). */
export function measureColdLint(root: string, runs: number, method: PeakRssMethod, format: 'stylish' | 'json' = 'json'): ColdLintResult {
  const reportPath = join(tmpdir(), `topo-bench-report-${process.pid}.${format === 'json' ? 'json' : 'txt'}`);
  try {
    const result = coldRuns(['lint', root, '--format', format], runs, method, reportPath, (status, stderr) => {
      // 0: no errors, 1: errors found (generated projects may hold sync cycles); anything else is a failed run.
      if (status !== 0 && status !== 1) throw new Error(`topo lint ${root} exited with ${status}: ${stderr}`);
      if (statSync(reportPath).size === 0) throw new Error(`topo lint ${root} wrote no report`);
    });
    return { ...result, reportBytes: statSync(reportPath).size };
  } finally {
    rmSync(reportPath, { force: true });
  }
}
