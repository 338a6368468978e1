// Measures the language server's latency from didChange to publishDiagnostics on a
// generated project: `npx tsx bench/lsp-latency.ts [--elements 5000] [--edits 100]`.
// Each edit toggles an unknown name in one file of a multi-file project, so every
// edit changes that file's diagnostics and must be published.

import { mkdtempSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateProject } from '../scripts/generate-project';
import { LspClient, uriOf } from '../server/test/helpers/lspClient';

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function measureLspLatency(elements: number, edits: number): Promise<{ median: number; p95: number; files: number }> {
  const root = mkdtempSync(join(tmpdir(), 'topo-bench-lsp-'));
  mkdirSync(root, { recursive: true });
  const files = generateProject({ elements, files: Math.max(2, Math.ceil(elements / 500)), seed: 7 });
  for (const [path, text] of Object.entries(files)) writeFileSync(join(root, path), text);
  writeFileSync(join(root, 'topo.json'), '{}\n');
  const target = join(root, Object.keys(files)[0]!);
  const uri = uriOf(target);
  const original = readFileSync(target, 'utf8');
  const client = new LspClient();
  await client.initialize(root);
  await client.open(target, original);
  await client.waitForDiagnostics(uri, () => true, false, 120_000);
  const times: number[] = [];
  for (let i = 0; i < edits; i++) {
    const broken = i % 2 === 0;
    const text = broken ? `${original}Service0 -> NoSuchElement${i}\n` : original;
    const published = client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'unknown-element') === broken, true, 120_000);
    const start = performance.now();
    await client.change(target, [{ text }]);
    await published;
    times.push(performance.now() - start);
  }
  await client.shutdown();
  times.sort((a, b) => a - b);
  return { median: percentile(times, 50), p95: percentile(times, 95), files: Object.keys(files).length };
}

if (require.main === module) {
  const elements = arg('--elements', 5000);
  const edits = arg('--edits', 100);
  void measureLspLatency(elements, edits).then((r) => {
    console.log(`didChange -> publishDiagnostics, ${elements} elements in ${r.files} files, ${edits} edits: median ${r.median.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms`);
  });
}
