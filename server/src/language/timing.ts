// Where a lint's time goes, for `TOPO_TIMING=1 topo lint` (as ESLint's TIMING=1): phases
// and rules are timed only when a recorder is installed, so a normal run pays one check
// per phase and per rule.

import { performance } from 'node:perf_hooks';

export class Timing {
  /** Milliseconds per phase ('parse', 'model', …) or rule ('rule:missing-dlq'), in order of first use. */
  readonly totals = new Map<string, number>();

  add(name: string, ms: number): void {
    this.totals.set(name, (this.totals.get(name) ?? 0) + ms);
  }

  /** A table of the phases, then the `topRules` slowest rules, with their share of the whole. */
  format(topRules = 10): string {
    const phases = [...this.totals].filter(([name]) => !name.startsWith('rule:'));
    const rules = [...this.totals].filter(([name]) => name.startsWith('rule:')).sort((a, b) => b[1] - a[1]);
    const total = phases.reduce((sum, [, ms]) => sum + ms, 0);
    const width = Math.max(8, ...[...this.totals.keys()].map((name) => name.length));
    const row = (name: string, ms: number) => `${name.padEnd(width)}  ${ms.toFixed(1).padStart(9)} ms  ${total > 0 ? ((100 * ms) / total).toFixed(1).padStart(5) : '  0.0'}%`;
    const lines = [`${'phase'.padEnd(width)}  ${'time'.padStart(12)}  share`];
    for (const [name, ms] of phases) lines.push(row(name, ms));
    lines.push(row('total', total));
    if (rules.length) {
      lines.push('', `${`slowest rules (of ${rules.length})`.padEnd(width)}  ${'time'.padStart(12)}  share`);
      for (const [name, ms] of rules.slice(0, topRules)) lines.push(row(name.slice('rule:'.length), ms));
    }
    return `${lines.join('\n')}\n`;
  }
}

let current: Timing | undefined;

/** Installs (or, with undefined, removes) the recorder that `timed` reports to. */
export function setTiming(timing: Timing | undefined): void {
  current = timing;
}

/** Runs `work`, adding its time to `name` when a recorder is installed. */
export function timed<T>(name: string, work: () => T): T {
  const timing = current;
  if (!timing) return work();
  const started = performance.now();
  try {
    return work();
  } finally {
    timing.add(name, performance.now() - started);
  }
}
