// Bundles the suite (suite/index.ts and what it imports) into one CommonJS file that
// VS Code's extension host can `require`: `vscode` is the editor's own module at run
// time, everything else is inlined. `node --import tsx e2e/vscode-api/bundle.ts` builds
// it alone; run.ts calls bundleSuite() before each run.

import { build } from 'esbuild';
import { join } from 'node:path';

/** The build output of this folder (git-ignored): the bundle and the downloaded VS Code. */
export const OUT_DIR = join(__dirname, 'out');

/** Builds out/suite.js and returns its path. */
export async function bundleSuite(): Promise<string> {
  const outfile = join(OUT_DIR, 'suite.js');
  await build({
    entryPoints: [join(__dirname, 'suite', 'index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    // The oldest Node.js of a VS Code that the extension supports (engines.vscode ^1.120.0) is newer than this.
    target: 'node20',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return outfile;
}

if (require.main === module) {
  bundleSuite().then(
    (outfile) => console.log(`bundled ${outfile}`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exitCode = 1;
    },
  );
}
