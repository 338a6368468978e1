// `npm run test:vscode`: the eight end-to-end scenarios in a real VS Code (Electron),
// through the extension API, with @vscode/test-electron. It needs a built extension
// (dist/), a VS Code (downloaded into out/.vscode-test, or TOPO_VSCODE_EXECUTABLE) and,
// on Linux, a display (`xvfb-run -a npm run test:vscode` on a server).
//
// Each run gets a fresh copy of samples/checkout and samples/microservices in a
// temporary folder, and a fresh user-data and extensions folder: nothing of the
// repository or of the user's own VS Code is touched.
//
// Exit codes:
//   0  every scenario passed (the suite's results file says so, not only VS Code's exit code)
//   1  a scenario failed, or the suite could not be built
//   3  NOT RUN: no VS Code (the download failed: no internet) or it never ran the suite.
//      Never a pass. Offline, `npm run test:e2e` (code-server driven by Chromium) is the
//      end-to-end suite that runs.

import { download, runTests, ProgressReportStage, type ProgressReport, type ProgressReporter } from '@vscode/test-electron';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { OUT_DIR, bundleSuite } from './bundle';
import { ENV, SAMPLES, type SuiteResults } from './shared';
import { USER_SETTINGS } from '../userSettings';

const NOT_RUN = 3;
const REPO = resolve(__dirname, '..', '..');
/** Where the run's results go for CI's artifacts (test-results/ is git-ignored). */
const RESULTS_ARTIFACT = join(REPO, 'test-results', 'vscode-api.json');
/**
 * The download's idle timeout: how long a request may go without data before it fails.
 * Short enough that a machine without internet is told so in seconds; long enough for a
 * slow mirror that is still sending.
 */
const DOWNLOAD_IDLE_TIMEOUT_MS = 15_000;

/** An error's first line, short enough for a one-line notice. */
function short(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n').find((candidate) => candidate.trim() !== '') ?? 'unknown error';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

function writeArtifact(content: object): void {
  mkdirSync(join(REPO, 'test-results'), { recursive: true });
  writeFileSync(RESULTS_ARTIFACT, `${JSON.stringify(content, null, 2)}\n`);
}

/** Says plainly that nothing was tested, and why, and exits 3. */
function notRun(reason: string): never {
  writeArtifact({ status: 'not-run', reason });
  console.error(`VS Code API suite NOT RUN: ${reason}`);
  console.error('Nothing was tested here; the end-to-end suite that runs offline is the code-server one: npm run test:e2e');
  process.exit(NOT_RUN);
}

/**
 * Reports the download in a few lines (the default reporter draws a progress bar) and
 * keeps the last error: test-electron retries the archive download, then throws a
 * generic "Failed to download" whose cause is only in what it reported.
 */
class DownloadReporter implements ProgressReporter {
  lastError: unknown;
  private announced = false;

  report(report: ProgressReport): void {
    if (report.stage === ProgressReportStage.ResolvedVersion) console.log(`VS Code ${report.version}`);
    else if (report.stage === ProgressReportStage.Downloading && !this.announced) {
      this.announced = true;
      console.log(`downloading ${report.url}`);
    } else if (report.stage === ProgressReportStage.Retrying) this.lastError = report.error;
    else if (report.stage === ProgressReportStage.NewInstallComplete) console.log(`installed in ${report.downloadedPath}`);
  }

  error(error: unknown): void {
    this.lastError = error;
  }
}

async function vscodeExecutable(): Promise<string> {
  const given = process.env['TOPO_VSCODE_EXECUTABLE'];
  if (given) {
    if (!existsSync(given)) notRun(`TOPO_VSCODE_EXECUTABLE=${given} does not exist`);
    return given;
  }
  const reporter = new DownloadReporter();
  try {
    return await download({
      cachePath: join(OUT_DIR, '.vscode-test'),
      // The newest stable VS Code that the extension's engines.vscode accepts.
      extensionDevelopmentPath: REPO,
      timeout: DOWNLOAD_IDLE_TIMEOUT_MS,
      reporter,
    });
  } catch (error) {
    const cause = reporter.lastError !== undefined ? ` (${short(reporter.lastError)})` : '';
    return notRun(`could not download VS Code: ${short(error)}${cause}. Set TOPO_VSCODE_EXECUTABLE to an installed VS Code to skip the download.`);
  }
}

/** A fresh workspace with copies of the samples, and a fresh profile, in a temporary folder. */
function prepare(): { temp: string; workspace: string; userData: string; extensions: string; results: string } {
  // Short paths: VS Code puts its IPC socket in the user-data folder, and Unix sockets take about 100 characters.
  const temp = mkdtempSync(join(tmpdir(), 'topo-vsc-'));
  const workspace = join(temp, 'ws');
  for (const sample of SAMPLES) cpSync(join(REPO, 'samples', sample), join(workspace, sample), { recursive: true });
  const userData = join(temp, 'u');
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), `${JSON.stringify(USER_SETTINGS, null, 2)}\n`);
  const extensions = join(temp, 'x');
  mkdirSync(extensions);
  return { temp, workspace, userData, extensions, results: join(temp, 'results.json') };
}

function readResults(file: string): SuiteResults | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as SuiteResults;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  for (const built of ['extension.js', 'server.js', 'cli.js', 'preview.js']) {
    if (!existsSync(join(REPO, 'dist', built))) notRun(`dist/${built} is missing: run npm run build first`);
  }
  const suite = await bundleSuite();
  const executable = await vscodeExecutable();
  const run = prepare();

  // Set when VS Code exits non-zero: a failing scenario, or an editor that could not start.
  let vscodeFailure: string | undefined;
  try {
    await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: REPO,
      extensionTestsPath: suite,
      launchArgs: [
        run.workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        `--user-data-dir=${run.userData}`,
        `--extensions-dir=${run.extensions}`,
      ],
      extensionTestsEnv: { [ENV.node]: process.execPath, [ENV.results]: run.results },
    });
  } catch (error) {
    // The results file tells the two apart.
    vscodeFailure = short(error);
  }

  const results = readResults(run.results);
  if (!results) {
    const display = process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY'] ? ' No display: run it under xvfb-run -a.' : '';
    notRun(`VS Code ended (${vscodeFailure ?? 'exit code 0'}) without running the suite.${display} Its files are kept in ${run.temp}`);
  }
  const failed = results.scenarios.filter((scenario) => !scenario.ok);
  const passed = failed.length === 0 && results.scenarios.length > 0 && vscodeFailure === undefined;
  writeArtifact({ status: passed ? 'passed' : 'failed', ...results });
  if (!passed) {
    const what = failed.map((scenario) => scenario.name).join('; ') || vscodeFailure || 'no scenario ran';
    console.error(`VS Code API suite FAILED on VS Code ${results.vscodeVersion}: ${what}`);
    console.error(`The run's workspace and profile are kept in ${run.temp}`);
    process.exit(1);
  }
  console.log(`VS Code API suite passed on VS Code ${results.vscodeVersion}: ${results.scenarios.length} scenarios`);
  rmSync(run.temp, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(`VS Code API suite FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
