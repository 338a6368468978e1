// Summaries of repeated measurements (medians, nearest-rank percentiles) and the warm-up
// that comes before in-process measurements.

export interface Summary {
  medianMs: number;
  p95Ms: number;
  minMs: number;
  maxMs: number;
  /** Every sample, in the order measured. */
  samplesMs: number[];
}

/** The median (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The nearest-rank percentile: the smallest sample that at least p% of the samples do not exceed. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function summarise(samplesMs: number[]): Summary {
  return {
    medianMs: median(samplesMs),
    p95Ms: percentile(samplesMs, 95),
    minMs: Math.min(...samplesMs),
    maxMs: Math.max(...samplesMs),
    samplesMs,
  };
}

const MAX_WARM_UPS = 10;
const WARM_UP_MS = 2000;

/**
 * Runs `work` until V8 has optimised its hot code: at least once, and again while the runs
 * stay within WARM_UP_MS, up to MAX_WARM_UPS. One run is not enough on small projects: the
 * parser takes ten times longer and more on the first runs over a 1,000-element project than
 * from the fifth on. Returns the number of runs.
 */
export function warmUp(work: () => unknown): number {
  const started = performance.now();
  let runs = 0;
  do {
    work();
    runs++;
  } while (runs < MAX_WARM_UPS && performance.now() - started < WARM_UP_MS);
  return runs;
}
