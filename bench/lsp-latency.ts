// The language server's latency from didChange to publishDiagnostics on a generated
// project, alone (bench/run.ts measures it with everything else):
// `npx tsx bench/lsp-latency.ts [--elements 5000] [--edits 100]`.

import { measureServer } from './lib/lsp';
import { benchProject } from './lib/projects';

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

if (require.main === module) {
  const elements = arg('--elements', 5000);
  const edits = arg('--edits', 100);
  void measureServer(benchProject(elements), { edits, requests: 0 }).then((r) => {
    const { medianMs, p95Ms, samplesMs } = r.didChange;
    console.log(`didChange -> publishDiagnostics, ${elements} elements in ${r.files} files, ${samplesMs.length} edits: median ${medianMs.toFixed(1)} ms, p95 ${p95Ms.toFixed(1)} ms`);
    console.log(`didChange -> every file published (topo/stats): median ${r.settled.medianMs.toFixed(1)} ms, p95 ${r.settled.p95Ms.toFixed(1)} ms`);
    console.log(`publications per edit ${r.published.perEdit.toFixed(2)}; the edited file has ${r.published.targetDiagnostics} diagnostics (${r.published.targetKB.toFixed(0)} KB of JSON)`);
  });
}
