// The suite's entry, loaded by VS Code's extension host (`--extensionTestsPath`), which
// calls `run()` and exits with a failure when it rejects. No test framework: the eight
// scenarios run in order, each reported as it ends, each bounded in time so that a hung
// request fails one scenario instead of the run. The results also go to the file the
// runner named, which is what the runner counts.

import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { ENV, type ScenarioResult, type SuiteResults } from '../shared';
import { extension } from './helpers';
import { scenarios } from './scenarios';

/** Longer than any one wait of a scenario (helpers.EVENT_TIMEOUT_MS), so a scenario reports its own failure first. */
const SCENARIO_TIMEOUT_MS = 180_000;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

export async function run(): Promise<void> {
  const results: ScenarioResult[] = [];
  console.log(`Topo VS Code API suite on VS Code ${vscode.version}`);
  // Activation is on opening a .topo workspace; awaiting it here makes a failure to start
  // a failure of every scenario rather than a time-out in the first.
  let setupError: string | undefined;
  try {
    await extension().activate();
  } catch (error) {
    setupError = `the extension did not activate: ${describe(error)}`;
  }
  for (const scenario of scenarios) {
    const started = Date.now();
    try {
      if (setupError) throw new Error(setupError);
      await withTimeout(scenario.run(), SCENARIO_TIMEOUT_MS, scenario.name);
      results.push({ name: scenario.name, ok: true, ms: Date.now() - started });
      console.log(`  ✔ ${scenario.name} (${Date.now() - started} ms)`);
    } catch (error) {
      results.push({ name: scenario.name, ok: false, ms: Date.now() - started, error: describe(error) });
      console.log(`  ✘ ${scenario.name} (${Date.now() - started} ms)\n${describe(error).replace(/^/gm, '      ')}`);
    }
  }

  const failed = results.filter((result) => !result.ok).length;
  console.log(`${results.length - failed} passed, ${failed} failed`);
  const file = process.env[ENV.results];
  if (file) writeFileSync(file, `${JSON.stringify({ vscodeVersion: vscode.version, scenarios: results } satisfies SuiteResults, null, 2)}\n`);
  if (failed > 0) throw new Error(`${failed} of ${results.length} VS Code API scenarios failed`);
}
