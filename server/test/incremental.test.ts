// The language server lints a project again after every edit with a LintCache: only the
// edited file is parsed and has its symbols extracted, and an edit the other files cannot
// see re-checks that file alone. These tests count that work (operation counts, not
// wall-clock time) and hold the cached results to a lint from scratch, edit after edit.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintDocuments, LintCache, type LintResult } from '../src/language/lint';
import { parseDocument, type TopoDocument } from '../src/language/model/model';
import { Workspace } from '../src/lsp/workspace';
import { generateProject, mulberry32 } from '../../scripts/generate-project';

/** Everything a lint result shows: findings with their fixes made, and the model and figures rules and features read. */
function snapshot(result: LintResult): string {
  const { model, figures, findings } = result;
  const id = (symbol: { id: number } | undefined): number | null => (symbol ? symbol.id : null);
  return JSON.stringify({
    findings: findings.map((f) => ({ ...f, related: f.related, fixes: f.fixes })),
    elements: model.elements.map((e) => [e.id, e.name, e.kind, e.doc.path, e.node.name.start, e.node.end]),
    links: model.links.map((l) => [l.id, l.doc.path, l.hop, l.sync, id(l.from), id(l.to), l.span.start, l.span.end, l.awaited, l.problem?.message ?? null]),
    references: model.references.map((r) => [r.doc.path, r.name.start, r.name.text, id(r.target), r.context]),
    outgoing: model.outgoing.map((list) => list.map((l) => l.id)),
    incoming: model.incoming.map((list) => list.map((l) => l.id)),
    anyOutgoing: model.anyOutgoing.map((list) => list.map((l) => l.id)),
    anyIncoming: model.anyIncoming.map((list) => list.map((l) => l.id)),
    dlqTargets: [...model.dlqTargets].sort((a, b) => a - b),
    figures: model.elements.map((e) => [
      figures.responseTime(e) ?? null,
      figures.syncDepth(e),
      figures.isUserFacing(e),
      figures.retryProduct(e),
      figures.longestChain(e).map((l) => l.id),
      figures.retryChain(e).map((l) => l.id),
    ]),
    costs: model.links.map((l) => figures.linkCost(l) ?? null),
  });
}

/** Edits a user makes: words, punctuation, properties, statements, comments and suppressions, anywhere in a file. */
const PIECES = [
  '\n', ' ', 'X', '{', '}', ',', ':', '->', '~>', '"', '// a comment\n', '// topo-ignore-next-line missing-timeout\n', '// topo-ignore-file dual-write -- reason\n',
  'retries: 3', 'dlq: Queue3', 'await: true', 'timeout: 5ms', 'critical: false', 'outbox: true', 'consistency: strong', 'latency: 300ms', 'idempotent: true', 'monitored: true',
  'queue Qx\n', 'topic Tx\n', 'actor Ux { budget: 1ms, slo: 99.99% }\n', 'Ux -> Service5\n', 'Service5 -> Service5\n', 'Service0 -> NoSuch\n', 'NoSuch1 ~> NoSuch2\n',
  'service Service0\n', 'Service12 ~> Service13 { retries: 2 }\n', 'Service13 -> Service12\n',
];

describe('linting with a LintCache', () => {
  test('gives what a lint from scratch gives, after every edit of a random editing session', () => {
    const next = mulberry32(20261125);
    let focused = 0;
    let steps = 0;
    for (let session = 0; session < 4; session++) {
      const texts = generateProject({ elements: 80 + session * 40, files: 3 + session, seed: session + 1 });
      const docs = new Map<string, TopoDocument>(Object.entries(texts).map(([path, text]) => [path, parseDocument(path, text)]));
      const cache = new LintCache();
      for (let step = 0; step < 40; step++, steps++) {
        const paths = [...docs.keys()];
        const path = paths[Math.floor(next() * paths.length)]!;
        let text = texts[path]!;
        const at = Math.floor(next() * text.length);
        const piece = PIECES[Math.floor(next() * PIECES.length)]!;
        const choice = next();
        if (choice < 0.3) text += piece;
        else if (choice < 0.65) text = text.slice(0, at) + piece + text.slice(at);
        else text = text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 30));
        if (text !== texts[path]) {
          texts[path] = text;
          docs.set(path, parseDocument(path, text));
        }
        const before = cache.focusedRuns;
        const cached = snapshot(lintDocuments([...docs.values()], undefined, cache));
        focused += cache.focusedRuns - before;
        const fresh = snapshot(lintDocuments(Object.entries(texts).map(([p, t]) => parseDocument(p, t))));
        assert.equal(cached, fresh, `session ${session}, step ${step}: an edit of ${path}`);
      }
    }
    // The session must exercise the focused path, not only full lints.
    assert.ok(focused > steps / 10, `${focused} of ${steps} runs re-checked the edited file alone`);
  });

  test('an edit that adds a statement naming an unknown element re-checks the edited file alone', () => {
    const texts = generateProject({ elements: 400, files: 8, seed: 3 });
    const paths = Object.keys(texts);
    const docs = paths.map((path) => parseDocument(path, texts[path]!));
    const cache = new LintCache();
    lintDocuments(docs, undefined, cache);
    for (let i = 0; i < 4; i++) {
      docs[0] = parseDocument(paths[0]!, `${texts[paths[0]!]}Service0 -> NoSuchElement${i}\n`);
      const result = lintDocuments(docs, undefined, cache);
      assert.equal(cache.focusedRuns, i + 1);
      assert.equal(cache.model.extractions, paths.length + i + 1, 'one extraction of symbols per edit');
      assert.ok(result.findings.some((finding) => finding.ruleId === 'unknown-element' && finding.message.includes(`NoSuchElement${i}`)));
    }
  });
});

describe('the workspace of the language server', () => {
  test('an edit to one file of a 20-file project parses that file and extracts its symbols, and no other', () => {
    const root = mkdtempSync(join(tmpdir(), 'topo-incremental-'));
    try {
      const texts = generateProject({ elements: 400, files: 20, seed: 5 });
      for (const [path, text] of Object.entries(texts)) writeFileSync(join(root, path), text);
      writeFileSync(join(root, 'topo.json'), '{}\n');
      const workspace = new Workspace();
      workspace.setFolders([root]);
      const name = Object.keys(texts)[7]!;
      const edited = join(root, name);
      const project = workspace.projectOf(edited)!;
      assert.equal(project.files.size, 20);
      workspace.resultOf(project);
      const parsed = workspace.parseCount;
      const extracted = project.cache.model.extractions;
      for (let i = 1; i <= 3; i++) {
        workspace.setOpenText(edited, `${texts[name]}\nservice Added${i}\n`);
        const result = workspace.resultOf(project);
        assert.equal(workspace.parseCount - parsed, i, 'one parse per edit');
        assert.equal(project.cache.model.extractions - extracted, i, 'one extraction of symbols per edit');
        assert.ok(result.model.element(`Added${i}`));
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
