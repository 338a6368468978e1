// The language server over real JSON-RPC (dist/server.js, through the tests' LspClient):
// the latency from didChange to the publishDiagnostics that reflects it, and of completion
// and hover requests, measured at the client, so transport and serialisation are included.

import { join } from 'node:path';
import { CompletionRequest, HoverRequest, type CompletionItem, type CompletionList, type Diagnostic, type Position } from 'vscode-languageserver-protocol';
import type { Statement } from '../../server/src/language/syntax/ast';
import { parse } from '../../server/src/language/syntax/parser';
import { LineIndex } from '../../server/src/language/util/lineIndex';
import { LspClient, uriOf } from '../../server/test/helpers/lspClient';
import { StatsRequest } from '../../server/src/lsp/protocol';
import { writeProject, type BenchProject } from './projects';
import { summarise, type Summary } from './stats';

/** Uncounted edits and requests first: the server's first ones compile its code paths. */
const WARM_UPS = 10;
/** Generous: a slow server is a result to report, not a reason to abort the run. */
const TIMEOUT_MS = 300_000;

export interface RequestFigures extends Summary {
  /** Per kind of position: the median, and how many results the server gave at the first such position (completion items; 1 or 0 for hover). */
  byPosition: Record<string, { medianMs: number; results: number }>;
}

export interface ServerResult {
  elements: number;
  files: number;
  /** The edited file, which also holds the completion and hover positions. */
  target: string;
  /** didOpen of the target → its first diagnostics: loading and linting the whole project (one sample). */
  openMs: number;
  didChange: Summary;
  /**
   * didChange → every file's diagnostics out: the server publishes the edited file at once and
   * the others (whose related locations moved) when edits pause; topo/stats sends those first.
   */
  settled: Summary;
  /** What each measured edit made the server send: publications (files) per edit, and the edited file's diagnostics (count, JSON size). */
  published: { perEdit: number; targetDiagnostics: number; targetKB: number };
  completion: RequestFigures | undefined;
  hover: RequestFigures | undefined;
}

interface Probe {
  /** What is at the position: statement start, link target, property key… */
  kind: string;
  position: Position;
}

/** Visits every statement of a file, groups' bodies included. */
function eachStatement(statements: readonly Statement[], visit: (statement: Statement) => void): void {
  for (const statement of statements) {
    visit(statement);
    if (statement.type === 'group') eachStatement(statement.body, visit);
  }
}

/**
 * `count` positions spread evenly over the file, taking the kinds of place in turn. The
 * offsets come from the parser, so they are the places the server's features handle:
 * completion at the end of the word being typed, hover inside a name, an arrow, a property.
 */
function probes(text: string, count: number, kinds: readonly string[], offsetsOf: (statement: Statement) => [string, number][]): Probe[] {
  const byKind = new Map<string, number[]>(kinds.map((kind) => [kind, []]));
  eachStatement(parse(text).statements, (statement) => {
    for (const [kind, offset] of offsetsOf(statement)) byKind.get(kind)?.push(offset);
  });
  const lines = new LineIndex(text);
  const result: Probe[] = [];
  for (let i = 0; i < count; i++) {
    const kind = kinds[i % kinds.length]!;
    const offsets = byKind.get(kind)!;
    if (offsets.length === 0) throw new Error(`the generated file has no ${kind}`);
    // The k-th probe of this kind, spread over the file from its start to its end.
    const k = Math.floor(i / kinds.length);
    const perKind = Math.ceil(count / kinds.length);
    result.push({ kind, position: lines.positionAt(offsets[Math.floor((k * offsets.length) / perKind)]!) });
  }
  return result;
}

const COMPLETION_KINDS = ['statement start', 'link target', 'property key', 'property value'] as const;

function completionOffsets(statement: Statement): [string, number][] {
  const found: [string, number][] = [];
  if (statement.type === 'element') found.push(['statement start', statement.kindSpan.end]);
  if (statement.type === 'link') {
    found.push(['statement start', statement.names[0]!.end]);
    // After an arrow the server offers every declared name: the largest completion list.
    found.push(['link target', statement.names[1]!.end]);
  }
  if (statement.type !== 'group' && statement.props) {
    const first = statement.props.properties[0];
    if (first) found.push(['property key', first.key.end]);
    // Strings are not completed; every other generated value is a word (duration, percent, name, boolean, number).
    const value = statement.props.properties.find((property) => property.value && property.value.type !== 'string')?.value;
    if (value) found.push(['property value', value.end]);
  }
  return found;
}

const HOVER_KINDS = ['declared name', 'kind keyword', 'link source', 'link target', 'arrow', 'property'] as const;

function hoverOffsets(statement: Statement): [string, number][] {
  const middle = (span: { start: number; end: number }) => (span.start + span.end) >> 1;
  const found: [string, number][] = [];
  if (statement.type === 'element') {
    found.push(['declared name', middle(statement.name)], ['kind keyword', middle(statement.kindSpan)]);
  }
  if (statement.type === 'link') {
    found.push(['link source', middle(statement.names[0]!)], ['link target', middle(statement.names[1]!)], ['arrow', statement.arrows[0]!.start]);
  }
  if (statement.type !== 'group' && statement.props?.properties[0]) found.push(['property', middle(statement.props.properties[0].key)]);
  return found;
}

async function timeRequests<R>(requests: readonly Probe[], send: (position: Position) => Promise<R>, results: (answer: R) => number): Promise<RequestFigures> {
  for (const probe of requests.slice(0, WARM_UPS)) await send(probe.position);
  const times: number[] = [];
  const byKind = new Map<string, { times: number[]; results: number }>();
  for (const probe of requests) {
    const started = performance.now();
    const answer = await send(probe.position);
    const elapsed = performance.now() - started;
    times.push(elapsed);
    const entry = byKind.get(probe.kind) ?? { times: [], results: results(answer) };
    entry.times.push(elapsed);
    byKind.set(probe.kind, entry);
  }
  const byPosition = Object.fromEntries([...byKind].map(([kind, entry]) => [kind, { medianMs: summarise(entry.times).medianMs, results: entry.results }]));
  return { ...summarise(times), byPosition };
}

function messageOf(diagnostic: Diagnostic): string {
  return typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
}

function completionCount(answer: CompletionList | CompletionItem[] | null): number {
  if (!answer) return 0;
  return Array.isArray(answer) ? answer.length : answer.items.length;
}

/**
 * Opens one file of the project (the server reads the others from disk), then times
 * `edits` edits of it and `requests` completion and hover requests in it (none when 0).
 * Each pair of edits inserts a link to an undeclared name in the middle of the file and
 * removes it, so every edit changes the file's diagnostics and must be published.
 */
export async function measureServer(project: BenchProject, options: { edits: number; requests: number }): Promise<ServerResult> {
  const { root, remove } = writeProject(project);
  const targetName = Object.keys(project.files).sort()[0]!;
  const target = join(root, targetName);
  const uri = uriOf(target);
  const text = project.files[targetName]!;
  const file = parse(text);
  let source: string | undefined;
  eachStatement(file.statements, (statement) => {
    if (!source && statement.type === 'element' && statement.kind === 'service') source = statement.name.text;
  });
  if (!source) throw new Error(`${targetName} declares no service`);
  const at: Position = { line: Math.floor(new LineIndex(text).lineCount / 2), character: 0 };

  const client = new LspClient();
  try {
    // Completion as VS Code asks for it (vscode-languageclient 11): item defaults allowed.
    await client.initialize(root, {
      textDocument: { completion: { completionItem: { snippetSupport: true }, completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] } } },
    });
    const opened = performance.now();
    await client.open(target, text);
    await client.waitForDiagnostics(uri, () => true, false, TIMEOUT_MS);
    const openMs = performance.now() - opened;

    const times: number[] = [];
    let publications = 0;
    const totalPublications = () => [...client.publishCount.values()].reduce((sum, count) => sum + count, 0);
    const pairs = Math.ceil(options.edits / 2);
    for (let pair = -WARM_UPS / 2; pair < pairs; pair++) {
      const missing = `NoSuchElement${pair + WARM_UPS / 2}`;
      const line = `${source} -> ${missing}\n`;
      const names = (d: Diagnostic) => d.code === 'unknown-element' && messageOf(d).includes(`'${missing}'`);
      const edits = [
        { range: { start: at, end: at }, text: line, shown: (d: Diagnostic[]) => d.some(names) },
        { range: { start: at, end: { line: at.line + 1, character: 0 } }, text: '', shown: (d: Diagnostic[]) => !d.some(names) },
      ];
      for (const edit of edits) {
        const published = client.waitForDiagnostics(uri, edit.shown, true, TIMEOUT_MS);
        const before = totalPublications();
        const started = performance.now();
        await client.change(target, [{ range: edit.range, text: edit.text }]);
        await published;
        if (pair >= 0) {
          times.push(performance.now() - started);
          publications += totalPublications() - before;
        }
      }
    }

    // The same edits, each followed by topo/stats, which answers after every publication is out.
    const settledTimes: number[] = [];
    for (let pair = 0; pair < Math.ceil(pairs / 2); pair++) {
      const missing = `NoSuchElementSettled${pair}`;
      const edits = [
        { range: { start: at, end: at }, text: `${source} -> ${missing}\n` },
        { range: { start: at, end: { line: at.line + 1, character: 0 } }, text: '' },
      ];
      for (const edit of edits) {
        const started = performance.now();
        await client.change(target, [{ range: edit.range, text: edit.text }]);
        await client.connection.sendRequest(StatsRequest, null);
        settledTimes.push(performance.now() - started);
      }
    }

    // The text is the original again: every edit was undone.
    const textDocument = { uri };
    const completion =
      options.requests > 0
        ? await timeRequests(
            probes(text, options.requests, COMPLETION_KINDS, completionOffsets),
            (position) => client.connection.sendRequest(CompletionRequest.type, { textDocument, position }),
            completionCount,
          )
        : undefined;
    const hover =
      options.requests > 0
        ? await timeRequests(
            probes(text, options.requests, HOVER_KINDS, hoverOffsets),
            (position) => client.connection.sendRequest(HoverRequest.type, { textDocument, position }),
            (answer) => (answer ? 1 : 0),
          )
        : undefined;
    const targetDiagnostics = client.diagnostics.get(uri) ?? [];
    const published = {
      perEdit: publications / times.length,
      targetDiagnostics: targetDiagnostics.length,
      targetKB: Buffer.byteLength(JSON.stringify(targetDiagnostics)) / 1024,
    };
    return { elements: project.elements, files: Object.keys(project.files).length, target: targetName, openMs, didChange: summarise(times), settled: summarise(settledTimes), published, completion, hover };
  } finally {
    await client.shutdown();
    remove();
  }
}
