// The server soak (issue 7, item 2): the built dist/server.js over real JSON-RPC, a
// generated multi-file project, thousands of random edits (many of them leaving the text
// broken) interleaved with every kind of request at random positions, some of them
// cancelled. It checks that every request is answered (in time, without an error), that
// the server never dies nor logs an exception, that the diagnostics it published equal a
// fresh `topo lint --format json` of the same texts whenever the edits settle, and that its
// memory stays flat. One seed gives one run: every random choice comes from it, none from
// timing, so a failure replays with its seed.
//
// Used by server/test/lsp/soak.test.ts (a short run in `npm test`) and scripts/soak.ts
// (the full run, `npm run soak`).

import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CancellationTokenSource, type Diagnostic, type Position, type Range, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { generateProject, mulberry32 } from '../../../scripts/generate-project';
import { parse } from '../../src/language/syntax/parser';
import type { SourceFile, Statement, Value } from '../../src/language/syntax/ast';
import { TOKEN_MODIFIERS, TOKEN_TYPES } from '../../src/language/services';
import { runLint } from '../../src/cli/lintCommand';
import { CLI } from './cli';
import { LspClient, SERVER, uriOf } from './lspClient';
import { StatsRequest } from '../../src/lsp/protocol';

export interface SoakOptions {
  /** didChange notifications to send (each is one edit; a multi-cursor edit is one). */
  edits: number;
  seed: number;
  /** Size of the generated project. */
  elements?: number;
  files?: number;
  /** Compare the published diagnostics with the CLI every this many edits (and at the end). */
  checkpointEvery?: number;
  /**
   * After this share of the steps, settle and compare with the CLI's lint run in this
   * process (the same code, without spawning): a stale publication is only visible until the
   * file's next edit, so it must be looked for right after the edit that causes it.
   */
  quickCheckShare?: number;
  /** RSS "after warm-up" is taken at the first checkpoint at or after this many edits. */
  warmUpEdits?: number;
  /** A request not answered in this time is a hang. */
  requestTimeoutMs?: number;
  /** Requests in flight at most (an editor pipelines them too). */
  maxInFlight?: number;
  /** Print every step (for replaying a failure). */
  trace?: (line: string) => void;
  /** Progress lines (checkpoints). */
  progress?: (line: string) => void;
}

export interface Failure {
  kind: string;
  /** The edit count when it was seen, and the step. */
  edits: number;
  step: number;
  detail: string;
}

export interface RequestCounts {
  sent: number;
  /** Answered with a result. */
  answered: number;
  /** Answered with RequestCancelled (only ever after a cancellation). */
  cancelled: number;
  /** rename and prepareRename: the designed refusal (InvalidRequest with a message for the user), e.g. the cursor is not on a name. */
  refused: number;
  failed: number;
}

export interface SoakReport {
  seed: number;
  elements: number;
  files: number;
  editsApplied: number;
  steps: number;
  /** Edits by what made them. */
  editsByKind: Record<string, number>;
  /** didOpen, didClose (unsaved: the text reverts to the disk's), saves (the file written, didChangeWatchedFiles). */
  documents: { opened: number; closed: number; saved: number };
  requests: Record<string, RequestCounts>;
  cancellations: { sent: number; answeredCancelled: number; answeredNormally: number };
  /** Comparisons with the CLI: spawned (`compared`) and in this process (`quick`). */
  checkpoints: { compared: number; equal: number; quick: number; quickEqual: number; diagnosticsCompared: number };
  /** Server RSS in kB: after warm-up, at the end, the largest sample and the peak the kernel saw (VmHWM). */
  memory: { warmUpKb?: number; warmUpAtEdits?: number; endKb?: number; maxSampleKb?: number; peakKb?: number; boundKb?: number; samples: { edits: number; kb: number }[] };
  /** The server's V8 heap in use after a full collection (topo/stats), in KB, sampled with the RSS. */
  heap: { warmUpKb?: number; endKb?: number; maxKb?: number; boundKb?: number; samples: { edits: number; kb: number }[] };
  wallMs: number;
  failures: Failure[];
  /** Failures by kind, all of them (the list above keeps the first few of each). */
  failureCounts: Record<string, number>;
  /** KNOWN_ISSUES seen: how often, and the first occurrence. */
  knownIssues: Record<string, { count: number; first: string; edits: number; step: number }>;
  /** The steps just before the first failure, to replay it. */
  firstFailureContext: string[];
  notes: string[];
}

/**
 * Memory bound: the RSS at the end must stay below twice the RSS after warm-up plus 50 MB.
 * RSS is noisy (V8 collects when it likes): on the 300-element project the samples of a
 * 10,000-edit run ranged from 105 to 155 MB around a warm-up of 140 MB, with no trend, so a
 * tight bound would flake on a loaded machine. This one leaves about 190 MB of growth: the full
 * run fails on a leak of about 20 KB per edit (a text or a parse tree kept per edit), the
 * short run in `npm test` only on a gross one (about 250 KB per edit: a lint result per edit).
 * The tight bound is on the heap after a collection (heapBoundKb).
 */
export function memoryBoundKb(warmUpKb: number): number {
  return 2 * warmUpKb + 50 * 1024;
}

/**
 * Heap bound: the V8 heap in use right after a full collection (topo/stats with
 * `collectGarbage`, the server under `--expose-gc`) must stay below 1.5 × its size after
 * warm-up plus 16 MB at the end. Unlike the RSS this does not depend on when V8 chose to
 * collect: it holds only what the server keeps (texts, parse trees, the last lint, caches).
 */
export function heapBoundKb(warmUpKb: number): number {
  return Math.round(1.5 * warmUpKb) + 16 * 1024;
}

/**
 * Server bugs the soak found and does not fail on until they are fixed (then delete the entry:
 * what it describes becomes a failure again). Each is still counted and shown in the report.
 */
export const KNOWN_ISSUES: Record<string, string> = {
};

const REQUEST_CANCELLED = -32800;
const CONTENT_MODIFIED = -32801;
const INVALID_REQUEST = -32600;

/** One text change in offsets of the text it applies to; `full` sends it as a whole-document change. */
interface Change {
  start: number;
  end: number;
  text: string;
  full?: boolean;
}

interface SoakFile {
  name: string;
  path: string;
  uri: string;
  original: string;
  /** The text on disk (the server reads it for a file that is not open). */
  disk: string;
  /** The editor's document while the file is open. */
  doc: TextDocument | undefined;
  /** Inverse change lists, newest last. */
  undo: Change[][];
}

const GARBAGE = [
  '{', '}', '{ ', ' }', '->', '~>', '-', '~', '>', '"', '"a label"', ':', ',', '[', ']', '[1, 2', '//', '/*', '*/', '\n', ' ', '  ', '\t',
  'service', 'queue', 'topic', 'actor', 'external', 'group', 'group G {', 'true', 'false', '300ms', '1.5s', '2m', '99.9%', '150%', '42', '0.',
  'timeout: 1s', 'retries: 3', 'dlq: ', 'latency:', 'parallel: true', 'await: true', 'consistency: strong', 'critical: false', 'tags: [a, "b"]',
  '@', '#', '$', '\\', '"\\"', 'é', '中文', '🚀', 'A', 'x', '_', '0', 'Service1', 'Gateway', 'gateway',
  '// topo-ignore-next-line missing-timeout\n', '// topo-ignore-file orphan-element\n', '// topo-ignore-next-line no-such-rule -- why\n',
];

const REQUEST_METHODS = {
  hover: 'textDocument/hover',
  completion: 'textDocument/completion',
  definition: 'textDocument/definition',
  references: 'textDocument/references',
  prepareRename: 'textDocument/prepareRename',
  rename: 'textDocument/rename',
  codeAction: 'textDocument/codeAction',
  documentSymbol: 'textDocument/documentSymbol',
  formatting: 'textDocument/formatting',
  semanticTokens: 'textDocument/semanticTokens/full',
  foldingRange: 'textDocument/foldingRange',
  workspaceSymbol: 'workspace/symbol',
  diagram: 'topo/diagram',
  stats: 'topo/stats',
} as const;
type RequestName = keyof typeof REQUEST_METHODS;

type Outcome = { kind: 'result'; value: unknown } | { kind: 'cancelled' } | { kind: 'refused'; message: string } | { kind: 'error'; code: number; message: string } | { kind: 'timeout' };

/** Line lengths of a text (only '\n' breaks lines: the soak never writes '\r'). */
function lineLengths(text: string): number[] {
  return text.split('\n').map((line) => line.length);
}

function positionInside(lines: number[], position: Position): boolean {
  return Number.isInteger(position.line) && Number.isInteger(position.character) && position.line >= 0 && position.line < lines.length && position.character >= 0 && position.character <= lines[position.line]!;
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

function rangeProblem(text: string | undefined, range: Range | undefined): string | undefined {
  if (text === undefined) return 'names a document outside the project';
  if (!range || !range.start || !range.end) return 'has no range';
  const lines = lineLengths(text);
  if (!positionInside(lines, range.start) || !positionInside(lines, range.end)) return `range ${show(range)} lies outside the document (${lines.length} lines)`;
  if (!before(range.start, range.end)) return `range ${show(range)} ends before it starts`;
  return undefined;
}

function show(range: Range): string {
  return `${range.start.line + 1}:${range.start.character + 1}-${range.end.line + 1}:${range.end.character + 1}`;
}

function contains(outer: Range, inner: Range): boolean {
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

function clip(text: string, max = 160): string {
  const flat = JSON.stringify(text);
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** The identifiers the parser found: declared names, link ends, name values of properties. */
function namesOf(file: SourceFile): { text: string; start: number; end: number; declaration: boolean }[] {
  const found: { text: string; start: number; end: number; declaration: boolean }[] = [];
  const value = (v: Value | undefined) => {
    if (!v) return;
    if (v.type === 'name') found.push({ text: v.text, start: v.start, end: v.end, declaration: false });
    if (v.type === 'list') v.items.forEach(value);
  };
  const visit = (statements: readonly Statement[]) => {
    for (const statement of statements) {
      if (statement.type === 'group') {
        visit(statement.body);
        continue;
      }
      if (statement.type === 'element' && statement.name.text) found.push({ ...statement.name, declaration: true });
      if (statement.type === 'link') for (const name of statement.names) if (name.text) found.push({ ...name, declaration: false });
      for (const property of statement.props?.properties ?? []) value(property.value);
    }
  };
  visit(file.statements);
  return found;
}

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  if (!existsSync(SERVER) || !existsSync(CLI)) throw new Error(`${SERVER} or ${CLI} is missing: run \`npm run build\` first`);
  const started = performance.now();
  const seed = options.seed >>> 0;
  const elements = options.elements ?? 300;
  const fileCount = options.files ?? 6;
  const checkpointEvery = options.checkpointEvery ?? 100;
  const quickCheckShare = options.quickCheckShare ?? 0.1;
  const warmUpEdits = options.warmUpEdits ?? Math.min(500, Math.max(checkpointEvery, Math.floor(options.edits / 4)));
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  const maxInFlight = options.maxInFlight ?? 8;
  const random = mulberry32(seed);
  const chance = (p: number) => random() < p;
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const weighted = <T extends string>(table: readonly (readonly [T, number])[]): T => {
    const total = table.reduce((sum, [, w]) => sum + w, 0);
    let r = random() * total;
    for (const [item, w] of table) if ((r -= w) < 0) return item;
    return table[table.length - 1]![0];
  };

  const report: SoakReport = {
    seed,
    elements,
    files: fileCount,
    editsApplied: 0,
    steps: 0,
    editsByKind: {},
    documents: { opened: 0, closed: 0, saved: 0 },
    requests: {},
    cancellations: { sent: 0, answeredCancelled: 0, answeredNormally: 0 },
    checkpoints: { compared: 0, equal: 0, quick: 0, quickEqual: 0, diagnosticsCompared: 0 },
    memory: { samples: [] },
    heap: { samples: [] },
    wallMs: 0,
    failures: [],
    failureCounts: {},
    knownIssues: {},
    firstFailureContext: [],
    notes: [],
  };
  const recent: string[] = [];
  const trace = (line: string) => {
    const entry = `#${report.steps} e${report.editsApplied} ${line}`;
    recent.push(entry);
    if (recent.length > 40) recent.shift();
    options.trace?.(entry);
  };
  const fail = (kind: string, detail: string) => {
    const count = (report.failureCounts[kind] ?? 0) + 1;
    report.failureCounts[kind] = count;
    if (report.failures.length === 0) report.firstFailureContext = [...recent];
    if (count <= 3 && report.failures.length < 40) report.failures.push({ kind, edits: report.editsApplied, step: report.steps, detail });
    options.trace?.(`FAILURE ${kind}: ${detail}`);
  };

  const known = (id: keyof typeof KNOWN_ISSUES, detail: string) => {
    const seen = (report.knownIssues[id] ??= { count: 0, first: detail, edits: report.editsApplied, step: report.steps });
    seen.count++;
    options.trace?.(`KNOWN ISSUE ${id}: ${detail}`);
  };

  // The project: generated, on disk, with a topo.json that changes two rules' settings.
  const config = '{ "rules": { "sync-chain-depth": ["error", { "maxDepth": 4 }], "sync-fan-out": "off" } }\n';
  const generated = generateProject({ elements, files: fileCount, seed });
  const root = mkdtempSync(join(tmpdir(), 'topo-soak-'));
  const copy = mkdtempSync(join(tmpdir(), 'topo-soak-cli-'));
  writeFileSync(join(root, 'topo.json'), config);
  writeFileSync(join(copy, 'topo.json'), config);
  const files: SoakFile[] = Object.entries(generated).map(([name, text]) => {
    const path = join(root, name);
    writeFileSync(path, text);
    return { name, path, uri: uriOf(path), original: text, disk: text, doc: undefined, undo: [] };
  });
  const byUri = new Map(files.map((file) => [file.uri, file]));
  const textOf = (file: SoakFile) => (file.doc ? file.doc.getText() : file.disk);
  const snapshot = () => new Map(files.map((file) => [file.uri, textOf(file)]));
  const parsed = new Map<string, { text: string; tree: SourceFile }>();
  const treeOf = (file: SoakFile) => {
    const text = textOf(file);
    const cached = parsed.get(file.uri);
    if (cached && cached.text === text) return cached.tree;
    const tree = parse(text);
    parsed.set(file.uri, { text, tree });
    return tree;
  };

  const client = new LspClient({ nodeArgs: ['--expose-gc'] });
  // The CLI of the same build as the server just started: others may rebuild dist/ during a run.
  const bin = mkdtempSync(join(tmpdir(), 'topo-soak-bin-'));
  const cli = join(bin, 'cli.js');
  copyFileSync(CLI, cli);
  const logs = client.recordLogMessages();
  let dead = false;
  let shuttingDown = false;
  client.process.once('exit', (code, signal) => {
    dead = true;
    if (shuttingDown) return;
    fail('server-exited', `the server process exited (code ${code}, signal ${signal}); stderr: ${client.stderr.join('').slice(0, 2000)}`);
  });

  // ---- requests -------------------------------------------------------------------------

  const inFlight = new Set<Promise<void>>();
  const counts = (name: string): RequestCounts => (report.requests[name] ??= { sent: 0, answered: 0, cancelled: 0, refused: 0, failed: 0 });

  const timed = <T>(promise: Promise<T>): Promise<Outcome> =>
    new Promise<Outcome>((resolve) => {
      const timer = setTimeout(() => resolve({ kind: 'timeout' }), requestTimeoutMs);
      promise.then(
        (value) => {
          clearTimeout(timer);
          resolve({ kind: 'result', value });
        },
        (error: { code?: number; message?: string }) => {
          clearTimeout(timer);
          const code = typeof error?.code === 'number' ? error.code : 0;
          if (code === REQUEST_CANCELLED) resolve({ kind: 'cancelled' });
          else resolve({ kind: 'error', code, message: String(error?.message ?? error) });
        },
      );
    });

  /**
   * Sends a request; the answer is checked against the texts as they were when it was sent
   * (the server handles messages in order, so that is the text it answered on).
   */
  const send = (name: RequestName, params: unknown, cancel: 'no' | 'before' | 'at-once' | 'next-tick' = 'no'): Promise<Outcome> => {
    const texts = snapshot();
    const stats = counts(name);
    stats.sent++;
    let token;
    let source: CancellationTokenSource | undefined;
    if (cancel !== 'no') {
      report.cancellations.sent++;
      source = new CancellationTokenSource();
      token = source.token;
      if (cancel === 'before') source.cancel();
    }
    const method = REQUEST_METHODS[name];
    const args: unknown[] = [];
    if (params !== undefined) args.push(params);
    if (token) args.push(token);
    const sent = client.connection.sendRequest(method, ...args);
    if (cancel === 'at-once') source!.cancel();
    if (cancel === 'next-tick') setImmediate(() => source!.cancel());
    const described = `${name} ${clip(JSON.stringify(params ?? null), 200)}${cancel !== 'no' ? ` (cancel ${cancel})` : ''}`;
    trace(`request ${described}`);
    return timed(sent).then((outcome) => {
      switch (outcome.kind) {
        case 'timeout':
          stats.failed++;
          fail('request-timeout', `no answer to ${described} within ${requestTimeoutMs} ms`);
          break;
        case 'cancelled':
          if (cancel === 'no') {
            stats.failed++;
            fail('cancelled-without-cancel', `${described} was answered RequestCancelled though it was never cancelled`);
          } else {
            stats.cancelled++;
            report.cancellations.answeredCancelled++;
          }
          break;
        case 'error':
          if (outcome.code === CONTENT_MODIFIED) {
            stats.answered++;
          } else if (outcome.code === INVALID_REQUEST && (name === 'rename' || name === 'prepareRename') && outcome.message.length > 0) {
            stats.refused++;
            if (cancel !== 'no') report.cancellations.answeredNormally++;
          } else {
            stats.failed++;
            fail(`error-response:${name}`, `${described} was answered with error ${outcome.code}: ${outcome.message}`);
          }
          break;
        case 'result': {
          stats.answered++;
          if (cancel !== 'no') report.cancellations.answeredNormally++;
          const problem = checkAnswer(name, params, outcome.value, texts);
          if (problem) fail(`invalid-answer:${name}`, `${described}: the answer ${problem}; answer: ${clip(JSON.stringify(outcome.value), 600)}`);
          break;
        }
      }
      return outcome;
    });
  };

  /** Sends without waiting for the answer (at most maxInFlight waiting). */
  const fire = async (name: RequestName, params: unknown, cancel: 'no' | 'before' | 'at-once' | 'next-tick' = 'no') => {
    while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    const pending: Promise<void> = send(name, params, cancel).then(() => {
      inFlight.delete(pending);
    });
    inFlight.add(pending);
  };
  const drain = async () => {
    while (inFlight.size > 0) await Promise.race(inFlight);
  };

  // ---- edits ----------------------------------------------------------------------------

  const open = async (file: SoakFile) => {
    if (file.doc) return;
    file.doc = TextDocument.create(file.uri, 'topo', 1, file.disk);
    file.undo = [];
    report.documents.opened++;
    trace(`open ${file.name}`);
    await client.open(file.path, file.disk);
  };

  /** Applies changes one after the other (each in offsets of the text the previous left), as one didChange. */
  const applyChanges = async (file: SoakFile, changes: Change[], kind: string, how: { undo?: boolean; counted?: boolean } = {}) => {
    if (changes.length === 0) return;
    await open(file);
    const doc = file.doc!;
    const events: ({ range: Range; text: string } | { text: string })[] = [];
    const inverse: Change[] = [];
    for (const change of changes) {
      const text = doc.getText();
      const start = Math.max(0, Math.min(change.start, text.length));
      const end = Math.max(start, Math.min(change.end, text.length));
      if (change.full) {
        events.push({ text: change.text });
        inverse.unshift({ start: 0, end: change.text.length, text, full: true });
        TextDocument.update(doc, [{ text: change.text }], doc.version + 1);
      } else {
        const range = { start: doc.positionAt(start), end: doc.positionAt(end) };
        events.push({ range, text: change.text });
        inverse.unshift({ start, end: start + change.text.length, text: text.slice(start, end) });
        TextDocument.update(doc, [{ range, text: change.text }], doc.version + 1);
      }
    }
    if (how.undo !== false) {
      file.undo.push(inverse);
      if (file.undo.length > 200) file.undo.shift();
    }
    if (how.counted !== false) report.editsApplied++;
    report.editsByKind[kind] = (report.editsByKind[kind] ?? 0) + 1;
    trace(`edit ${kind} ${file.name} ${clip(JSON.stringify(events), 300)}`);
    await client.change(file.path, events);
  };

  /** Applies a workspace edit from the server, as an editor does: opens the files it touches, one didChange per file. */
  const applyWorkspaceEdit = async (edit: WorkspaceEdit, kind: string) => {
    const perUri = new Map<string, TextEdit[]>();
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) perUri.set(uri, edits);
    for (const change of edit.documentChanges ?? []) if ('edits' in change) perUri.set(change.textDocument.uri, change.edits as TextEdit[]);
    for (const [uri, edits] of perUri) {
      const file = byUri.get(uri);
      if (!file) {
        fail(`invalid-answer:${kind}`, `a workspace edit names ${uri}, which is not a file of the project`);
        continue;
      }
      await open(file);
      await applyTextEdits(file, edits, kind);
    }
  };

  /** Server text edits (all in the current text's positions) as sequential changes: last first, inserts at one place keeping their order. */
  const applyTextEdits = (file: SoakFile, edits: readonly TextEdit[], kind: string) => {
    const doc = file.doc!;
    const ordered = edits
      .map((edit, index) => ({ start: doc.offsetAt(edit.range.start), end: doc.offsetAt(edit.range.end), text: edit.newText, index }))
      .sort((a, b) => b.start - a.start || b.end - a.end || b.index - a.index);
    for (let i = 1; i < ordered.length; i++) {
      if (ordered[i]!.end > ordered[i - 1]!.start) fail(`invalid-answer:${kind}`, `overlapping edits in ${file.name}: ${clip(JSON.stringify(edits), 400)}`);
    }
    return applyChanges(file, ordered, kind);
  };

  const safe = (text: string, offset: number): number => {
    const o = Math.max(0, Math.min(offset, text.length));
    // Never split a surrogate pair: the CLI reads the file as UTF-8, where half a pair does not survive.
    if (o > 0 && o < text.length && (text.charCodeAt(o) & 0xfc00) === 0xdc00 && (text.charCodeAt(o - 1) & 0xfc00) === 0xd800) return o - 1;
    return o;
  };
  const randomOffset = (text: string) => safe(text, int(text.length + 1));
  const lineStarts = (text: string) => {
    const starts = [0];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  };
  const knownNames = (file: SoakFile) => namesOf(treeOf(file)).map((name) => name.text);
  const someName = (file: SoakFile) => {
    const names = knownNames(pick(files));
    const own = knownNames(file);
    const all = own.length && chance(0.6) ? own : names;
    return all.length ? pick(all) : `Nameless${int(100)}`;
  };
  let fresh = 0;

  /** A random edit of one file's text: what a person typing, deleting, pasting, mistyping does, and worse. */
  const randomEdit = async (file: SoakFile) => {
    const text = textOf(file);
    const grown = text.length > 3 * file.original.length + 2000;
    const shrunk = text.length < file.original.length / 4;
    if ((grown && chance(0.5)) || (shrunk && chance(0.2))) {
      await applyChanges(file, [{ start: 0, end: text.length, text: file.original, full: true }], 'restore');
      return;
    }
    const op = weighted([
      ['insert-token', 14],
      ['delete-small', 12],
      ['delete-large', 3],
      ['replace', 8],
      ['delete-brace', 5],
      ['transpose', 5],
      ['duplicate-lines', 5],
      ['rename-in-text', 5],
      ['type-statement', 2],
      ['multi-cursor', 4],
      ['paste-line', 4],
      ['comment-line', 3],
      ['truncate', 1],
      ['undo', 12],
      ['restore', 1],
    ] as const);
    switch (op) {
      case 'insert-token': {
        const at = randomOffset(text);
        await applyChanges(file, [{ start: at, end: at, text: chance(0.15) ? someName(file) : pick(GARBAGE) }], op);
        return;
      }
      case 'delete-small':
      case 'delete-large': {
        const start = randomOffset(text);
        const end = safe(text, start + 1 + int(op === 'delete-small' ? 12 : 300));
        await applyChanges(file, [{ start, end, text: '' }], op);
        return;
      }
      case 'replace': {
        const start = randomOffset(text);
        const end = safe(text, start + int(8));
        await applyChanges(file, [{ start, end, text: chance(0.3) ? someName(file) : pick(GARBAGE) }], op);
        return;
      }
      case 'delete-brace': {
        const braces: number[] = [];
        for (let i = 0; i < text.length; i++) {
          const c = text.charCodeAt(i);
          if (c === 123 || c === 125 || c === 34 || c === 91 || c === 93) braces.push(i);
        }
        if (braces.length === 0) return randomEdit(file);
        const at = pick(braces);
        await applyChanges(file, [{ start: at, end: at + 1, text: '' }], op);
        return;
      }
      case 'transpose': {
        // A typo: two neighbours swapped. Swapping a line break with the indentation after it keeps the length and every finding's offset.
        const newlines: number[] = [];
        for (let i = text.indexOf('\n'); i >= 0 && i + 1 < text.length; i = text.indexOf('\n', i + 1)) newlines.push(i);
        const at = chance(0.4) && newlines.length ? pick(newlines) : int(Math.max(0, text.length - 1));
        const a = text.charCodeAt(at);
        const b = text.charCodeAt(at + 1);
        if (at + 1 >= text.length || (a & 0xf800) === 0xd800 || (b & 0xf800) === 0xd800) return randomEdit(file);
        await applyChanges(file, [{ start: at, end: at + 2, text: text[at + 1]! + text[at]! }], op);
        return;
      }
      case 'duplicate-lines': {
        const starts = lineStarts(text);
        const first = int(starts.length);
        const last = Math.min(starts.length - 1, first + int(3));
        const from = starts[first]!;
        const to = last + 1 < starts.length ? starts[last + 1]! : text.length;
        const block = text.slice(from, to);
        await applyChanges(file, [{ start: to, end: to, text: block.endsWith('\n') || to < text.length ? block : `\n${block}` }], op);
        return;
      }
      case 'rename-in-text': {
        // Renaming by hand: one occurrence (often the declaration) changes, the others do not.
        const names = namesOf(treeOf(file));
        const declared = names.filter((name) => name.declaration);
        const target = declared.length && chance(0.7) ? pick(declared) : names.length ? pick(names) : undefined;
        if (!target) return randomEdit(file);
        const renamed = chance(0.5) ? `${target.text}${pick(['2', 'X', '_old', 's'])}` : chance(0.5) ? someName(file) : target.text.slice(0, Math.max(0, target.text.length - 1));
        await applyChanges(file, [{ start: target.start, end: target.end, text: renamed }], op);
        return;
      }
      case 'type-statement': {
        // Typing a statement at the start of a line, a few characters per change, with completion as one types.
        const starts = lineStarts(text);
        let at = starts[int(starts.length)]!;
        if (at === text.length && text.length > 0 && !text.endsWith('\n')) {
          await applyChanges(file, [{ start: at, end: at, text: '\n' }], op);
          at++;
        }
        const n = ++fresh;
        const statement = pick([
          `service Typed${n} { latency: ${1 + int(90)}ms, availability: 99.9% }\n`,
          `${someName(file)} -> ${someName(file)} { timeout: ${1 + int(3)}s }\n`,
          `${someName(file)} ~> ${someName(file)} { retries: ${int(4)} }\n`,
          `queue TypedQueue${n} { dlq: ${someName(file)} }\n`,
          `group TypedGroup${n} "typed" {\n  worker TypedWorker${n} { idempotent: true }\n}\n`,
          `${someName(file)} -> ${someName(file)} ~> ${someName(file)} "a chain" { protocol: grpc }\n`,
          `actor TypedActor${n} { budget: 300ms, slo: 99.99% }\n`,
        ]);
        for (let i = 0; i < statement.length; ) {
          const size = 1 + int(6);
          const chunk = statement.slice(i, i + size);
          await applyChanges(file, [{ start: at + i, end: at + i, text: chunk }], op);
          i += chunk.length;
          if (chance(0.3)) await fire('completion', { textDocument: { uri: file.uri }, position: file.doc!.positionAt(at + i), context: { triggerKind: 1 } });
          if (report.editsApplied >= options.edits) break;
        }
        return;
      }
      case 'multi-cursor': {
        // Several changes in one notification, each in the coordinates the previous one left.
        const changes: Change[] = [];
        let current = text;
        for (let k = 0; k < 2 + int(2); k++) {
          const start = randomOffset(current);
          const end = safe(current, start + int(5));
          const inserted = pick(GARBAGE);
          changes.push({ start, end, text: inserted });
          current = current.slice(0, start) + inserted + current.slice(end);
        }
        await applyChanges(file, changes, op);
        return;
      }
      case 'paste-line': {
        const other = textOf(pick(files));
        const starts = lineStarts(other);
        const line = int(starts.length);
        const pasted = other.slice(starts[line]!, line + 1 < starts.length ? starts[line + 1]! : other.length);
        const at = chance(0.5) ? pick(lineStarts(text)) : randomOffset(text);
        await applyChanges(file, [{ start: at, end: at, text: pasted }], op);
        return;
      }
      case 'comment-line': {
        const at = pick(lineStarts(text));
        await applyChanges(file, [{ start: at, end: at, text: pick(['// ', '/* ', '// topo-ignore-next-line missing-timeout, missing-dlq -- soak\n', '*/']) }], op);
        return;
      }
      case 'truncate': {
        const at = randomOffset(text);
        await applyChanges(file, [{ start: at, end: text.length, text: '' }], op);
        return;
      }
      case 'undo': {
        const inverse = file.undo.pop();
        if (!inverse) return randomEdit(file);
        await applyChanges(file, inverse, op, { undo: false });
        return;
      }
      case 'restore':
        await applyChanges(file, [{ start: 0, end: text.length, text: file.original, full: true }], op);
        return;
    }
  };

  // ---- positions and queries ---------------------------------------------------------------

  /** A position in the file: mostly on a name the parser found, else anywhere, at the end, or (rarely) past the end. */
  const randomPosition = (file: SoakFile): Position => {
    const text = textOf(file);
    const r = random();
    const doc = TextDocument.create(file.uri, 'topo', 0, text);
    if (r < 0.5) {
      const names = namesOf(treeOf(file));
      if (names.length) {
        const name = pick(names);
        return doc.positionAt(name.start + int(name.end - name.start + 1));
      }
    }
    if (r < 0.9) return doc.positionAt(randomOffset(text));
    if (r < 0.96) return doc.positionAt(text.length);
    const lines = lineLengths(text);
    return chance(0.5) ? { line: lines.length + int(5), character: int(10) } : { line: int(lines.length), character: 200 + int(50) };
  };

  const randomQuery = async (focus: SoakFile) => {
    const file = chance(0.7) ? focus : pick(files);
    const textDocument = { uri: file.uri };
    const name = weighted([
      ['hover', 14],
      ['completion', 12],
      ['definition', 10],
      ['references', 8],
      ['prepareRename', 6],
      ['rename', 4],
      ['codeAction', 8],
      ['documentSymbol', 6],
      ['formatting', 5],
      ['semanticTokens', 8],
      ['diagram', 6],
      ['foldingRange', 3],
      ['workspaceSymbol', 2],
    ] as const);
    const position = randomPosition(file);
    const cancel = chance(0.1) ? pick(['before', 'at-once', 'next-tick'] as const) : 'no';
    let params: unknown;
    switch (name) {
      case 'hover':
      case 'definition':
      case 'prepareRename':
        params = { textDocument, position };
        break;
      case 'completion':
        params = { textDocument, position, context: chance(0.3) ? { triggerKind: 2, triggerCharacter: pick(['>', ':', '[']) } : { triggerKind: 1 } };
        break;
      case 'references':
        params = { textDocument, position, context: { includeDeclaration: chance(0.5) } };
        break;
      case 'rename':
        params = { textDocument, position, newName: newName(file) };
        break;
      case 'codeAction':
        params = codeActionParams(file, position);
        break;
      case 'documentSymbol':
      case 'semanticTokens':
      case 'foldingRange':
        params = { textDocument };
        break;
      case 'formatting':
        params = { textDocument, options: { tabSize: 2, insertSpaces: true } };
        break;
      case 'workspaceSymbol':
        params = { query: chance(0.3) ? '' : someName(file).slice(0, 1 + int(4)) };
        break;
      case 'diagram':
        params = diagramParams(file);
        break;
    }
    await fire(name, params, cancel);
  };

  const newName = (file: SoakFile) => {
    const r = random();
    if (r < 0.7) return `Renamed${++fresh}`;
    if (r < 0.85) return someName(file);
    return pick(['', '1abc', 'service', 'group', 'a b', 'x-y', 'Ünïcode', '_']);
  };

  /**
   * A code action request as the light bulb sends it: a range (a whole line, a name, the
   * cursor, or any span) and the published diagnostics it overlaps. The range comes from the
   * text, not from the diagnostics, which arrive when they arrive: a replay must not depend on timing.
   */
  const codeActionParams = (file: SoakFile, position: Position) => {
    const text = textOf(file);
    const doc = TextDocument.create(file.uri, 'topo', 0, text);
    let range: Range;
    const r = random();
    if (r < 0.5) {
      const line = int(doc.lineCount);
      range = { start: { line, character: 0 }, end: doc.positionAt(doc.offsetAt({ line: line + 1, character: 0 }) - (line + 1 < doc.lineCount ? 1 : 0)) };
    } else if (r < 0.8) {
      const names = namesOf(treeOf(file));
      const name = names.length ? pick(names) : { start: 0, end: 0 };
      range = { start: doc.positionAt(name.start), end: doc.positionAt(name.end) };
    } else {
      const end = chance(0.5) ? position : doc.positionAt(randomOffset(text));
      range = before(position, end) ? { start: position, end } : { start: end, end: position };
    }
    const overlapping = (client.diagnostics.get(file.uri) ?? []).filter((d) => before(range.start, d.range.end) && before(d.range.start, range.end));
    const context: Record<string, unknown> = { diagnostics: overlapping, triggerKind: chance(0.5) ? 1 : 2 };
    if (chance(0.2)) context['only'] = pick([['quickfix'], ['refactor'], ['source.organizeImports'], ['']]);
    return { textDocument: { uri: file.uri }, range, context };
  };

  const diagramParams = (file: SoakFile) => {
    const view = weighted([
      ['topology', 3],
      ['focus', 4],
      ['sequence', 3],
      ['nonsense', 0.2],
    ] as const);
    const params: Record<string, unknown> = { uri: file.uri, view };
    if (chance(0.6)) params['offset'] = randomOffset(textOf(file));
    if (chance(0.4)) params['element'] = someName(file);
    if (view === 'focus' && chance(0.7)) params['depth'] = chance(0.9) ? 1 + int(5) : pick([0, 6, 2.5, -1]);
    return params;
  };

  /** The user renames through the server: prepareRename, then rename, then the editor applies the edit to every file. */
  const serverRename = async (file: SoakFile) => {
    const names = namesOf(treeOf(file));
    const position = names.length ? TextDocument.create(file.uri, 'topo', 0, textOf(file)).positionAt(pick(names).start + 1) : randomPosition(file);
    const textDocument = { uri: file.uri };
    const prepared = await send('prepareRename', { textDocument, position });
    if (prepared.kind !== 'result' || !prepared.value) return;
    const renamed = await send('rename', { textDocument, position, newName: chance(0.85) ? `Renamed${++fresh}` : newName(file) });
    if (renamed.kind === 'result' && renamed.value) await applyWorkspaceEdit(renamed.value as WorkspaceEdit, 'server-rename');
  };

  /** The user applies a quick fix from the light bulb. */
  const applyCodeAction = async (file: SoakFile) => {
    const params = codeActionParams(file, randomPosition(file));
    const outcome = await send('codeAction', params);
    if (outcome.kind !== 'result' || !Array.isArray(outcome.value)) return;
    const actions = (outcome.value as { edit?: WorkspaceEdit; title: string }[]).filter((action) => action.edit);
    if (!actions.length) return;
    const action = pick(actions);
    trace(`apply code action ${clip(action.title)}`);
    await applyWorkspaceEdit(action.edit!, 'code-action');
  };

  /** White space added after white space (tokens stay whole): work for the formatter. */
  const spoilLayout = async (file: SoakFile) => {
    const text = textOf(file);
    const changes: Change[] = [];
    let shift = 0;
    const spaces: number[] = [];
    for (let i = text.indexOf(' '); i >= 0; i = text.indexOf(' ', i + 1)) spaces.push(i + 1);
    if (!spaces.length) return;
    const chosen = Array.from({ length: 1 + int(3) }, () => pick(spaces)).sort((a, b) => a - b);
    for (const at of chosen) {
      const inserted = pick(['   ', '\n', '\n\n', '\t', ' \n  ']);
      changes.push({ start: at + shift, end: at + shift, text: inserted });
      shift += inserted.length;
    }
    await applyChanges(file, changes, 'spoil-layout');
  };

  /** The user formats the document; formatting the result again must change nothing. */
  const applyFormatting = async (file: SoakFile) => {
    await open(file);
    const params = { textDocument: { uri: file.uri }, options: { tabSize: 2, insertSpaces: true } };
    const first = await send('formatting', params);
    if (first.kind !== 'result' || !Array.isArray(first.value) || first.value.length === 0) return;
    await applyTextEdits(file, first.value as TextEdit[], 'format');
    const formatted = textOf(file);
    const second = await send('formatting', params);
    if (second.kind !== 'result' || !Array.isArray(second.value) || second.value.length === 0) return;
    const doc = TextDocument.create(file.uri, 'topo', 0, formatted);
    const again = TextDocument.applyEdits(doc, second.value as TextEdit[]);
    if (again !== formatted) fail('formatting-not-idempotent', `formatting ${file.name} twice changed it again: ${clip(JSON.stringify(second.value), 400)}`);
  };

  // ---- checks --------------------------------------------------------------------------------

  /** What is wrong with an answer, given the texts it was computed on; undefined when nothing is. */
  function checkAnswer(name: RequestName, params: unknown, value: unknown, texts: Map<string, string>): string | undefined {
    const p = (params ?? {}) as { textDocument?: { uri: string }; position?: Position; uri?: string };
    const own = texts.get(p.textDocument?.uri ?? p.uri ?? '');
    const location = (l: { uri: string; range: Range }) => {
      const problem = rangeProblem(texts.get(l.uri), l.range);
      return problem && `location ${l.uri} ${problem}`;
    };
    const workspaceEdit = (edit: WorkspaceEdit) => {
      for (const [uri, edits] of Object.entries(edit.changes ?? {})) {
        for (const e of edits) {
          const problem = rangeProblem(texts.get(uri), e.range);
          if (problem) return `edit of ${uri} ${problem}`;
        }
      }
      return undefined;
    };
    switch (name) {
      case 'hover': {
        if (value === null) return undefined;
        const hover = value as { contents?: unknown; range?: Range };
        if (!hover.contents) return 'has no contents';
        return hover.range ? rangeProblem(own, hover.range) : undefined;
      }
      case 'completion': {
        const list = value as { items?: { label: string; textEdit?: { range?: Range; insert?: Range } }[] } | { label: string }[] | null;
        const items = Array.isArray(list) ? list : (list?.items ?? []);
        for (const item of items as { label: string; textEdit?: { range?: Range; insert?: Range } }[]) {
          const range = item.textEdit?.range ?? item.textEdit?.insert;
          if (!range) continue;
          const problem = rangeProblem(own, range);
          if (problem) return `item ${clip(item.label)}: ${problem}`;
          // VS Code drops an item whose range spans lines or does not contain the cursor.
          if (range.start.line !== range.end.line) return `item ${clip(item.label)}: range ${show(range)} spans lines`;
          if (p.position && positionInside(lineLengths(own ?? ''), p.position) && !contains(range, { start: p.position, end: p.position })) return `item ${clip(item.label)}: range ${show(range)} does not contain the cursor ${p.position.line + 1}:${p.position.character + 1}`;
        }
        return undefined;
      }
      case 'definition': {
        if (value === null) return undefined;
        const list = Array.isArray(value) ? value : [value];
        for (const l of list as { uri: string; range: Range }[]) {
          const problem = location(l);
          if (problem) return problem;
        }
        return undefined;
      }
      case 'references':
      case 'workspaceSymbol': {
        if (!Array.isArray(value)) return 'is not a list';
        for (const item of value as { uri?: string; range?: Range; location?: { uri: string; range: Range } }[]) {
          const problem = location(item.location ?? (item as { uri: string; range: Range }));
          if (problem) return problem;
        }
        return undefined;
      }
      case 'prepareRename': {
        if (value === null) return undefined;
        const answer = value as { range?: Range; placeholder?: string; start?: Position };
        const range = answer.range ?? (answer as Range);
        const problem = rangeProblem(own, range);
        if (problem) return problem;
        if (answer.placeholder !== undefined && own !== undefined) {
          const doc = TextDocument.create('x', 'topo', 0, own);
          const at = doc.getText(range);
          if (at !== answer.placeholder) return `placeholder ${clip(answer.placeholder)} is not the text of its range (${clip(at)})`;
        }
        return undefined;
      }
      case 'rename':
        return value === null ? undefined : workspaceEdit(value as WorkspaceEdit);
      case 'codeAction': {
        if (!Array.isArray(value)) return 'is not a list';
        for (const action of value as { title?: string; edit?: WorkspaceEdit }[]) {
          if (!action.title) return 'has an action without a title';
          const problem = action.edit && workspaceEdit(action.edit);
          if (problem) return `action ${clip(action.title)}: ${problem}`;
        }
        return undefined;
      }
      case 'documentSymbol': {
        if (!Array.isArray(value)) return 'is not a list';
        const visit = (symbols: { name: string; range: Range; selectionRange: Range; children?: unknown[] }[]): string | undefined => {
          for (const symbol of symbols) {
            const problem = rangeProblem(own, symbol.range) ?? rangeProblem(own, symbol.selectionRange);
            if (problem) return `symbol ${clip(symbol.name)}: ${problem}`;
            // VS Code rejects the whole outline when a selection range lies outside its symbol's range.
            if (!contains(symbol.range, symbol.selectionRange)) return `symbol ${clip(symbol.name)}: selectionRange ${show(symbol.selectionRange)} is not inside range ${show(symbol.range)}`;
            if (!symbol.name) return 'has a symbol with an empty name';
            const inner = visit((symbol.children ?? []) as typeof symbols);
            if (inner) return inner;
          }
          return undefined;
        };
        return visit(value as { name: string; range: Range; selectionRange: Range }[]);
      }
      case 'formatting': {
        if (!Array.isArray(value)) return 'is not a list';
        for (const edit of value as TextEdit[]) {
          const problem = rangeProblem(own, edit.range);
          if (problem) return problem;
        }
        return undefined;
      }
      case 'semanticTokens': {
        const data = (value as { data?: number[] } | null)?.data;
        if (!Array.isArray(data) || data.length % 5 !== 0) return 'has no data in fives';
        const lines = lineLengths(own ?? '');
        let line = 0;
        let character = 0;
        for (let i = 0; i < data.length; i += 5) {
          const [deltaLine, deltaStart, length, type, modifiers] = data.slice(i, i + 5) as [number, number, number, number, number];
          line += deltaLine;
          character = deltaLine ? deltaStart : character + deltaStart;
          if (line >= lines.length || length <= 0 || character + length > lines[line]!) return `token ${i / 5} at ${line + 1}:${character + 1} (length ${length}) is not inside one line`;
          if (type >= TOKEN_TYPES.length || modifiers >> TOKEN_MODIFIERS.length !== 0) return `token ${i / 5} has type ${type} and modifiers ${modifiers}, outside the legend`;
        }
        return undefined;
      }
      case 'foldingRange': {
        if (!Array.isArray(value)) return 'is not a list';
        const count = lineLengths(own ?? '').length;
        for (const range of value as { startLine: number; endLine: number }[]) {
          if (!(range.startLine >= 0 && range.startLine < range.endLine && range.endLine < count)) return `range ${range.startLine}-${range.endLine} is not inside the document (${count} lines)`;
        }
        return undefined;
      }
      case 'diagram': {
        const answer = value as { ok?: boolean; text?: string; error?: string; nodes?: { id: string; uri: string; range: Range; name: string }[] };
        if (answer?.ok === false) return typeof answer.error === 'string' && answer.error ? undefined : 'refuses without saying why';
        if (answer?.ok !== true || typeof answer.text !== 'string' || !Array.isArray(answer.nodes)) return 'is neither ok nor a refusal';
        for (const node of answer.nodes) {
          if (!/^[A-Za-z0-9_]+$/.test(node.id)) return `node ${clip(node.name)} has the id ${clip(node.id)}, outside [A-Za-z0-9_]`;
          const problem = location(node);
          if (problem) return `node ${clip(node.name)}: ${problem}`;
        }
        return undefined;
      }
      case 'stats':
        return typeof (value as { parseCount?: unknown })?.parseCount === 'number' ? undefined : 'has no parseCount';
    }
  }

  /**
   * A diagnostic as a line of text, exactly (rule, severity, 1-based range, message, related
   * locations with their messages) and loosely (without characters, end positions and related
   * messages: what KNOWN_ISSUES['stale-publication'] lets go stale).
   */
  interface Entry {
    exact: string;
    loose: string;
  }
  interface Spot {
    start: { line: number; column: number };
    end: { line: number; column: number };
  }
  const entry = (rule: string, severity: string, range: Spot, message: string, related: { path: string; range: Spot; message: string }[]): Entry => {
    const spot = (r: Spot) => `${r.start.line}:${r.start.column}-${r.end.line}:${r.end.column}`;
    return {
      exact: `${rule} ${severity} ${spot(range)} ${message}${related.length ? ` | related: ${related.map((r) => `${r.path}@${spot(r.range)} ${r.message}`).join('; ')}` : ''}`,
      loose: `${rule} ${severity} ${range.start.line} ${message}${related.length ? ` | related: ${related.map((r) => `${r.path}@${r.range.start.line}`).join('; ')}` : ''}`,
    };
  };
  const severityName = (severity: number | undefined) => (severity === 1 ? 'error' : severity === 2 ? 'warning' : severity === 3 ? 'info' : `severity ${severity}`);
  const spotOf = (range: Range): Spot => ({ start: { line: range.start.line + 1, column: range.start.character + 1 }, end: { line: range.end.line + 1, column: range.end.character + 1 } });
  const fromServer = (diagnostic: Diagnostic): Entry =>
    entry(
      String(diagnostic.code),
      severityName(diagnostic.severity),
      spotOf(diagnostic.range),
      typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value,
      (diagnostic.relatedInformation ?? []).map((r) => ({ path: byUri.get(r.location.uri)?.name ?? r.location.uri, range: spotOf(r.location.range), message: r.message })),
    );
  type Mismatches = Map<string, { server: Entry[]; cli: Entry[] }>;
  const same = (a: readonly string[], b: readonly string[]) => {
    const x = [...a].sort();
    const y = [...b].sort();
    return x.length === y.length && x.every((line, i) => line === y[i]);
  };

  /**
   * Diagnostics per file, as the server published them and as `topo lint --format json` sees
   * the same texts (written to a copy of the project): the built CLI (the copy taken when the
   * server started) spawned, or its lint command run in this process. Returns the files where
   * they differ.
   */
  const compareWithCli = (how: 'spawn' | 'in-process'): Mismatches => {
    for (const file of files) writeFileSync(join(copy, file.name), textOf(file));
    const run =
      how === 'spawn'
        ? (({ stdout, stderr, status }) => ({ stdout, stderr, status }))(
            spawnSync(process.execPath, [cli, 'lint', '.', '--format', 'json'], { cwd: copy, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 256 * 1024 * 1024 }),
          )
        : (({ stdout, stderr, exitCode }) => ({ stdout, stderr, status: exitCode }))(
            runLint({ paths: ['.'], format: 'json', maxWarnings: undefined, config: undefined, rules: [], baseline: undefined, writeBaseline: undefined, color: false, cwd: copy, toolVersion: 'soak' }),
          );
    const mismatches: Mismatches = new Map();
    if (run.status !== 0 && run.status !== 1) {
      fail('cli-failed', `topo lint exited ${run.status}: ${run.stderr.slice(0, 1000)}`);
      return mismatches;
    }
    const json = JSON.parse(run.stdout) as {
      files: { path: string; findings: { ruleId: string; severity: string; message: string; range: Spot; related: { path: string; message: string; range: Spot }[] }[] }[];
    };
    const cliByFile = new Map(json.files.map((item) => [item.path, item.findings]));
    for (const file of files) {
      const cli = (cliByFile.get(file.name) ?? []).map((f) => entry(f.ruleId, f.severity, f.range, f.message, f.related));
      const server = (client.diagnostics.get(file.uri) ?? []).map(fromServer);
      report.checkpoints.diagnosticsCompared += cli.length;
      if (!same(cli.map((e) => e.exact), server.map((e) => e.exact))) mismatches.set(file.name, { server, cli });
    }
    return mismatches;
  };

  const describeMismatch = (mismatches: Mismatches) =>
    [...mismatches]
      .map(([name, { server, cli }]) => {
        const published = server.map((e) => e.exact);
        const linted = cli.map((e) => e.exact);
        const onlyServer = published.filter((line) => !linted.includes(line));
        const onlyCli = linted.filter((line) => !published.includes(line));
        return `${name}: ${server.length} published, ${cli.length} from the CLI\n    only published: ${onlyServer.slice(0, 4).join('\n                    ') || '-'}\n    only CLI:       ${onlyCli.slice(0, 4).join('\n                    ') || '-'}`;
      })
      .join('\n  ');

  /**
   * Tells apart, for diagnostics that differ from the CLI's: a late publication (one more round
   * trip fixes it), a stale one (the server did not republish a file whose diagnostics changed:
   * an edit that changes the file's length makes it republish), and a wrong one (neither).
   */
  const explainMismatch = async (label: string, mismatches: Mismatches) => {
    const detail = `at ${label}:\n  ${describeMismatch(mismatches)}`;
    await settle();
    if (compareWithCli('spawn').size === 0) return fail('diagnostics-late', `published late, after a round trip more, ${detail}`);
    const loose = [...mismatches.values()].every(({ server, cli }) => same(server.map((e) => e.loose), cli.map((e) => e.loose)));
    for (const name of mismatches.keys()) await touch(files.find((file) => file.name === name)!);
    await settle();
    if (compareWithCli('spawn').size !== 0) return fail('diagnostics-differ', `published diagnostics differ from \`topo lint\` ${detail}`);
    if (loose) return known('stale-publication', detail);
    fail('diagnostics-stale', `published diagnostics were stale (not republished until the file's length changed) ${detail}`);
  };

  /** Makes the server republish a file's diagnostics: opening it, or an edit there and back that changes its length meanwhile. */
  const touch = async (file: SoakFile) => {
    if (!file.doc) return open(file);
    const end = textOf(file).length;
    await applyChanges(file, [{ start: end, end, text: ' ' }], 'touch', { undo: false, counted: false });
    await applyChanges(file, [{ start: end, end: end + 1, text: '' }], 'touch', { undo: false, counted: false });
  };

  /** Every request answered; then one more round trip, after which everything the edits caused has been published. */
  const settle = async () => {
    await drain();
    // The server handles messages in order and validates (then publishes) in the event-loop turn
    // after each change, before it reads the next message: once this is answered, the
    // publications of every earlier edit have been written before the answer.
    await send('stats', undefined);
  };

  const sampleHeap = async () => {
    const stats = await client.connection.sendRequest(StatsRequest, { collectGarbage: true });
    if (!stats.collected) return fail('heap-not-collected', 'topo/stats did not collect garbage although the server runs with --expose-gc');
    const kb = Math.round(stats.memory.heapUsed / 1024);
    report.heap.samples.push({ edits: report.editsApplied, kb });
    report.heap.maxKb = Math.max(report.heap.maxKb ?? 0, kb);
    if (report.heap.warmUpKb === undefined && report.editsApplied >= warmUpEdits) report.heap.warmUpKb = kb;
  };

  const sampleMemory = (label: string) => {
    const memory = client.residentSetKb();
    if (!memory) return undefined;
    report.memory.samples.push({ edits: report.editsApplied, kb: memory.rss });
    report.memory.maxSampleKb = Math.max(report.memory.maxSampleKb ?? 0, memory.rss);
    report.memory.peakKb = memory.peak;
    options.progress?.(`${label}: ${report.editsApplied} edits, RSS ${(memory.rss / 1024).toFixed(1)} MB, ${Math.round(performance.now() - started) / 1000} s`);
    return memory.rss;
  };

  const checkpoint = async (label: string) => {
    await settle();
    if (dead) return;
    report.checkpoints.compared++;
    trace(`checkpoint ${label}`);
    const mismatches = compareWithCli('spawn');
    if (mismatches.size === 0) {
      report.checkpoints.equal++;
    } else {
      await explainMismatch(label, mismatches);
    }
    await sampleHeap();
    const rss = sampleMemory(label);
    if (rss !== undefined && report.memory.warmUpKb === undefined && report.editsApplied >= warmUpEdits) {
      report.memory.warmUpKb = rss;
      report.memory.warmUpAtEdits = report.editsApplied;
    }
  };

  /**
   * The same comparison with the lint command in this process. Its verdict on a difference is
   * the spawned CLI's (a checkpoint right away): this process runs the sources, the server
   * the build, and they may differ while someone edits the sources.
   */
  const quickCheck = async () => {
    await settle();
    if (dead) return;
    report.checkpoints.quick++;
    trace('quick check');
    if (compareWithCli('in-process').size === 0) report.checkpoints.quickEqual++;
    else await checkpoint(`a quick check after ${report.editsApplied} edits`);
  };

  // ---- the run --------------------------------------------------------------------------------

  try {
    await client.initialize(root);
    // Two files open from the start, as in an editor; the others open when first edited.
    await open(files[0]!);
    await open(files[1]!);
    await checkpoint('start');
    let nextCheckpoint = checkpointEvery;
    while (report.editsApplied < options.edits && !dead) {
      report.steps++;
      const file = pick(files);
      const action = weighted([
        ['edit', 85],
        ['server-rename', 3],
        ['code-action', 5],
        ['format', 2],
        ['close', 1.5],
        ['save', 1.5],
        ['query-only', 2],
      ] as const);
      switch (action) {
        case 'edit':
          await randomEdit(file);
          break;
        case 'server-rename':
          await serverRename(file);
          break;
        case 'code-action':
          await applyCodeAction(file);
          break;
        case 'format': {
          // The formatter refuses a file with syntax errors: format one that parses, if any does.
          const parsing = files.filter((candidate) => treeOf(candidate).diagnostics.length === 0);
          const target = parsing.length ? pick(parsing) : file;
          if (chance(0.7)) await spoilLayout(target);
          await applyFormatting(target);
          break;
        }
        case 'close':
          if (file.doc) {
            // Closed without saving: the server reads the file from disk again.
            report.documents.closed++;
            trace(`close ${file.name}`);
            file.doc = undefined;
            file.undo = [];
            await client.close(file.path);
          }
          break;
        case 'save':
          if (file.doc) {
            report.documents.saved++;
            trace(`save ${file.name}`);
            file.disk = file.doc.getText();
            writeFileSync(file.path, file.disk);
            await client.watched([{ path: file.path, type: 'changed' }]);
          }
          break;
        case 'query-only':
          break;
      }
      for (let k = int(4); k > 0; k--) await randomQuery(file);
      if (chance(quickCheckShare)) await quickCheck();
      if (report.editsApplied >= nextCheckpoint) {
        await checkpoint(`checkpoint after ${report.editsApplied} edits`);
        while (nextCheckpoint <= report.editsApplied) nextCheckpoint += checkpointEvery;
      }
    }
    await checkpoint('end');
    report.memory.endKb = report.memory.samples[report.memory.samples.length - 1]?.kb;
    if (report.memory.warmUpKb === undefined && report.memory.samples.length) {
      const first = report.memory.samples[Math.min(1, report.memory.samples.length - 1)]!;
      report.memory.warmUpKb = first.kb;
      report.memory.warmUpAtEdits = first.edits;
    }
    if (report.memory.warmUpKb !== undefined && report.memory.endKb !== undefined) {
      report.memory.boundKb = memoryBoundKb(report.memory.warmUpKb);
      if (report.memory.endKb > report.memory.boundKb) {
        fail('memory-grew', `RSS ${(report.memory.endKb / 1024).toFixed(1)} MB at the end is above 2 × ${(report.memory.warmUpKb / 1024).toFixed(1)} MB (after warm-up) + 50 MB`);
      }
    } else {
      report.notes.push('no /proc/<pid>/status here: memory not measured');
    }
    report.heap.endKb = report.heap.samples[report.heap.samples.length - 1]?.kb;
    report.heap.warmUpKb ??= report.heap.samples[Math.min(1, report.heap.samples.length - 1)]?.kb;
    if (report.heap.warmUpKb !== undefined && report.heap.endKb !== undefined) {
      report.heap.boundKb = heapBoundKb(report.heap.warmUpKb);
      if (report.heap.endKb > report.heap.boundKb) {
        fail('heap-grew', `the heap after a collection is ${(report.heap.endKb / 1024).toFixed(1)} MB at the end, above 1.5 × ${(report.heap.warmUpKb / 1024).toFixed(1)} MB (after warm-up) + 16 MB`);
      }
    }
  } catch (error) {
    fail('soak-error', `the soak itself failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  } finally {
    await drain();
    if (!dead) {
      shuttingDown = true;
      let shutDown = false;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([client.shutdown().then(() => (shutDown = true)), new Promise((resolve) => (timer = setTimeout(resolve, requestTimeoutMs)))]);
      clearTimeout(timer);
      if (!shutDown) {
        fail('shutdown-hang', 'the server did not exit after shutdown and exit');
        client.process.kill();
      }
    }
    const stderr = client.stderr.join('');
    if (/uncaught|exception|error|^\s+at .+:\d+:\d+\)?$/im.test(stderr)) fail('stderr', `the server wrote to stderr: ${stderr.slice(0, 2000)}`);
    else if (stderr.trim()) report.notes.push(`server stderr (no exception): ${stderr.slice(0, 500)}`);
    for (const log of logs) {
      if (log.type === 1) fail('server-logged-error', log.message.slice(0, 1500));
    }
    const warnings = logs.filter((log) => log.type === 2);
    if (warnings.length) report.notes.push(`${warnings.length} warnings logged by the server, e.g. ${clip(warnings[0]!.message, 300)}`);
    rmSync(root, { recursive: true, force: true });
    rmSync(copy, { recursive: true, force: true });
    rmSync(bin, { recursive: true, force: true });
    report.wallMs = performance.now() - started;
  }
  return report;
}

const mb = (kb: number | undefined) => (kb === undefined ? 'n/a' : `${(kb / 1024).toFixed(1)} MB`);

/** The report scripts/soak.ts prints and the test shows when it fails. */
export function formatReport(report: SoakReport): string {
  const lines: string[] = [];
  const pad = (label: string) => label.padEnd(22);
  lines.push(`topo server soak: seed ${report.seed}, ${report.elements} generated elements in ${report.files} files`);
  const kinds = Object.entries(report.editsByKind)
    .sort((a, b) => b[1] - a[1])
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');
  lines.push(`${pad('edits applied')}${report.editsApplied} didChange notifications in ${report.steps} steps`);
  lines.push(`${pad('')}${kinds}`);
  lines.push(`${pad('documents')}${report.documents.opened} opened, ${report.documents.closed} closed unsaved, ${report.documents.saved} saved`);
  const all = Object.values(report.requests);
  const total = (key: keyof RequestCounts) => all.reduce((sum, c) => sum + c[key], 0);
  lines.push(`${pad('requests')}${total('sent')} sent: ${total('answered')} answered with a result, ${total('cancelled')} RequestCancelled, ${total('refused')} rename refusals, ${total('failed')} failed`);
  for (const [name, c] of Object.entries(report.requests).sort((a, b) => b[1].sent - a[1].sent)) {
    const extra = [c.cancelled ? `${c.cancelled} cancelled` : '', c.refused ? `${c.refused} refused` : '', c.failed ? `${c.failed} FAILED` : ''].filter(Boolean).join(', ');
    lines.push(`  ${name.padEnd(20)}${String(c.sent).padStart(6)} sent, ${String(c.answered).padStart(6)} answered${extra ? `, ${extra}` : ''}`);
  }
  const c = report.cancellations;
  lines.push(`${pad('cancellations')}${c.sent} sent: ${c.answeredCancelled} answered RequestCancelled, ${c.answeredNormally} answered normally (the server got there first)`);
  const k = report.checkpoints;
  lines.push(`${pad('checkpoints')}${k.compared} compared with \`topo lint --format json\` (spawned): ${k.equal} equal; ${k.quick} quick checks (its lint in-process): ${k.quickEqual} equal; ${k.diagnosticsCompared} diagnostics compared in all`);
  const m = report.memory;
  const later = m.samples.filter((sample) => m.warmUpAtEdits !== undefined && sample.edits >= m.warmUpAtEdits).map((sample) => sample.kb);
  lines.push(`${pad('server RSS')}after warm-up ${mb(m.warmUpKb)} (at ${m.warmUpAtEdits ?? '?'} edits), at the end ${mb(m.endKb)}; bound ${mb(m.boundKb)} (2 × warm-up + 50 MB)`);
  const h = report.heap;
  lines.push(`${pad('server heap')}after a collection: after warm-up ${mb(h.warmUpKb)}, at the end ${mb(h.endKb)}, largest ${mb(h.maxKb)} over ${h.samples.length} samples; bound ${mb(h.boundKb)} (1.5 × warm-up + 16 MB)`);
  if (later.length) lines.push(`${pad('')}${later.length} samples since warm-up: ${mb(Math.min(...later))} to ${mb(Math.max(...later))}; peak (VmHWM) ${mb(m.peakKb)}`);
  lines.push(`${pad('wall time')}${(report.wallMs / 1000).toFixed(1)} s`);
  for (const note of report.notes) lines.push(`${pad('note')}${note}`);
  for (const [id, seen] of Object.entries(report.knownIssues)) {
    lines.push(`${pad('known issue')}${id} ×${seen.count}: ${KNOWN_ISSUES[id]}`);
    lines.push(`  first at step ${seen.step}, edit ${seen.edits} (replay: --seed ${report.seed} --trace): ${seen.first}`);
  }
  const kindsFailed = Object.entries(report.failureCounts);
  if (kindsFailed.length === 0) {
    lines.push(`${pad('failures')}none`);
  } else {
    lines.push(`${pad('failures')}${kindsFailed.map(([kind, n]) => `${kind} ×${n}`).join(', ')}`);
    for (const failure of report.failures) lines.push(`  [${failure.kind}] at step ${failure.step}, edit ${failure.edits}: ${failure.detail}`);
    lines.push(`  the steps before the first failure (replay with --seed ${report.seed} --trace):`);
    for (const step of report.firstFailureContext) lines.push(`    ${step}`);
  }
  return lines.join('\n');
}
