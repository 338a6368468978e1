// What the runner (run.ts, in Node) and the suite (suite/, in VS Code's extension host)
// agree on: the environment variables the runner passes and the results file the suite
// writes. The runner counts a pass only from that file, never from VS Code's exit code
// alone: an editor that starts and exits 0 without running the suite is not a pass.

/** Environment variables set by the runner for the extension host. */
export const ENV = {
  /** The Node.js binary that runs `dist/cli.js`, the CLI whose answers the editor must match. */
  node: 'TOPO_VSCODE_NODE',
  /** Where the suite writes its {@link SuiteResults}. */
  results: 'TOPO_VSCODE_RESULTS',
} as const;

/** The sample projects copied into each run's workspace (folders of samples/). */
export const SAMPLES = ['checkout', 'microservices'] as const;

export interface ScenarioResult {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

export interface SuiteResults {
  vscodeVersion: string;
  scenarios: ScenarioResult[];
}
