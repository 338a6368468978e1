// Runs the built CLI bundle (dist/cli.js) as a child process, as users and CI do.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const CLI = join(__dirname, '..', '..', '..', 'dist', 'cli.js');

export interface CliRun {
  stdout: string;
  stderr: string;
  status: number | null;
}

export function topo(args: readonly string[], cwd: string, env: Record<string, string> = {}, user?: { uid: number; gid: number }): CliRun {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    maxBuffer: 256 * 1024 * 1024,
    ...user,
  });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}

/** Writes files (path → content) under a new temporary folder and returns it. */
export function tempProject(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'topo-test-'));
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return root;
}
