// Bundles Topo's entry points. `node esbuild.mjs [--watch]`.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';

const watch = process.argv.includes('--watch');

// `topo diagram --format html` inlines Mermaid's browser build, which the CLI reads
// beside dist/cli.js at run time (it never loads Mermaid in Node).
mkdirSync('dist', { recursive: true });
copyFileSync('node_modules/mermaid/dist/mermaid.min.js', 'dist/mermaid.min.js');

/** @type {esbuild.BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  // jsonc-parser's UMD build hides its requires from the bundler: take its ES module build.
  alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
};

const entries = [
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' },
  // The VS Code extension: `vscode` is provided by the editor at run time.
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  // The preview page's script with Mermaid (ELK included) bundled in: it runs in the webview,
  // a browser, and loads nothing else (no CDN). Minified, and no sourcemap: Mermaid's alone is 20 MB.
  {
    entryPoints: ['client/src/preview/webview/main.ts'],
    outfile: 'dist/preview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
    sourcemap: false,
  },
];

if (watch) {
  for (const entry of entries) await (await esbuild.context({ ...common, ...entry })).watch();
} else {
  await Promise.all(entries.map((entry) => esbuild.build({ ...common, ...entry })));
}
