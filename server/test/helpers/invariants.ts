// The checks that hold for every input, whatever it is: nothing throws, every range lies
// inside its document, the formatter is idempotent and keeps the model, every diagram is
// valid. Shared by the property tests (fuzz.test.ts, format.test.ts,
// services/robustness.test.ts) and the replay of the fuzz regression corpus
// (fuzz-regressions.test.ts), so that a saved counterexample is held to exactly what the
// property that found it asserted.

import assert from 'node:assert/strict';
import type { SourceFile, Statement, PropertyBlock, Value } from '../../src/language/syntax/ast';
import { parse } from '../../src/language/syntax/parser';
import { groupsOf, Model, parseDocument } from '../../src/language/model/model';
import { lintDocuments, type LintResult } from '../../src/language/lint';
import { commentText, formatEdits, formatText, type FormatEdit } from '../../src/language/format/formatter';
import { generateDiagram, type DiagramRequest } from '../../src/language/diagram';
import { hover } from '../../src/language/services/hover';
import { complete } from '../../src/language/services/completion';
import { definition, prepareRename, references, rename } from '../../src/language/services/navigation';
import { documentSymbols, workspaceSymbols, type DocumentSymbol } from '../../src/language/services/symbols';
import { semanticTokens } from '../../src/language/services/semanticTokens';
import { foldingRanges } from '../../src/language/services/folding';
import { checkTokens } from '../services/fixture';
import { assertValidDiagram } from './diagramValidity';

// ---- parse and lint ------------------------------------------------------------------

/** Every diagnostic and every statement of a parsed file lies inside its text. */
export function checkSpans(file: SourceFile): void {
  const length = file.text.length;
  const inside = (start: number, end: number, what: string) => {
    assert.ok(start >= 0 && start <= end && end <= length, `${what} span ${start}-${end} outside 0-${length}`);
  };
  for (const d of file.diagnostics) inside(d.start, d.end, `diagnostic "${d.message}"`);
  const stack: Statement[] = [...file.statements];
  while (stack.length) {
    const statement = stack.pop()!;
    inside(statement.start, statement.end, statement.type);
    if (statement.type === 'group') stack.push(...statement.body);
    if (statement.type === 'link') for (const name of statement.names) inside(name.start, name.end, 'link name');
  }
}

/**
 * Parses and lints the texts as one project: nothing throws, every finding, related place
 * and fix edit lies inside its document, every figure of every element can be computed.
 */
export function checkLint(texts: Record<string, string>): LintResult {
  const documents = Object.entries(texts).map(([path, text]) => parseDocument(path, text));
  for (const doc of documents) checkSpans(doc.file);
  const result = lintDocuments(documents);
  const { findings, figures, model } = result;
  const lengths = new Map(documents.map((doc) => [doc.path, doc.text.length]));
  const inside = (location: { path: string; start: number; end: number }, what: string) => {
    const length = lengths.get(location.path);
    assert.ok(length !== undefined, `${what} in unknown file ${location.path}`);
    assert.ok(location.start >= 0 && location.start <= location.end && location.end <= length, `${what} ${location.start}-${location.end} outside 0-${length}`);
  };
  for (const finding of findings) {
    inside(finding, `${finding.ruleId} range`);
    for (const related of finding.related) inside(related, `${finding.ruleId} related place`);
    for (const fix of finding.fixes) {
      for (const edit of fix.edits) inside(edit, `${finding.ruleId} fix edit`);
    }
  }
  for (const element of model.elements) {
    figures.responseTime(element);
    figures.availability(element);
    figures.missingLatencies(element);
    figures.syncDepth(element);
  }
  return result;
}

// ---- the editor's services -------------------------------------------------------------

/** Every offset of a text, from before its start to past its end. */
export function everyOffset(text: string): number[] {
  return Array.from({ length: text.length + 1 }, (_, offset) => offset);
}

/**
 * Every service at the given offsets of every document (and at two offsets outside it)
 * returns normally, and every range it returns lies inside its document.
 */
export function checkServices(result: LintResult, query: string, offsetsOf: (text: string) => Iterable<number> = everyOffset): void {
  const lengths = new Map(result.model.documents.map((doc) => [doc.path, doc.text.length]));
  const inside = (location: { path: string; start: number; end: number }, what: string): void => {
    const length = lengths.get(location.path);
    assert.ok(length !== undefined, `${what}: unknown file ${location.path}`);
    assert.ok(0 <= location.start && location.start <= location.end && location.end <= length, `${what}: ${location.start}-${location.end} outside 0-${length}`);
  };
  for (const symbol of workspaceSymbols(result, query)) inside(symbol, 'workspace symbol');
  for (const doc of result.model.documents) {
    const local = (start: number, end: number, what: string): void => inside({ path: doc.path, start, end }, what);
    checkTokens(doc.text, semanticTokens(doc, result));
    checkTokens(doc.text, semanticTokens(doc));
    for (const range of foldingRanges(doc)) local(range.start, range.end, 'folding range');
    const stack: DocumentSymbol[] = [...documentSymbols(doc)];
    while (stack.length > 0) {
      const symbol = stack.pop()!;
      assert.ok(symbol.name.length > 0, 'a symbol has a name');
      local(symbol.start, symbol.end, 'symbol');
      local(symbol.selectionStart, symbol.selectionEnd, 'symbol selection');
      assert.ok(symbol.start <= symbol.selectionStart && symbol.selectionEnd <= symbol.end, 'the selection lies in the symbol');
      stack.push(...symbol.children);
    }
    for (const offset of [-1, doc.text.length + 3]) {
      hover(result, doc, offset);
      complete(result, doc, offset);
      definition(result, doc, offset);
      references(result, doc, offset, true);
      prepareRename(result, doc, offset);
      rename(result, doc, offset, 'Renamed');
    }
    for (const offset of offsetsOf(doc.text)) {
      const shown = hover(result, doc, offset);
      if (shown) {
        local(shown.start, shown.end, 'hover');
        assert.ok(shown.start <= offset && offset <= shown.end, 'the hover covers the cursor');
        assert.ok(shown.markdown.length > 0, 'a hover says something');
      }
      for (const item of complete(result, doc, offset).items) {
        local(item.replaceStart, item.replaceEnd, `completion ${item.label}`);
        assert.ok(item.replaceStart <= offset && offset <= item.replaceEnd, 'the completion range holds the cursor');
      }
      const target = definition(result, doc, offset);
      if (target) inside(target, 'definition');
      for (const location of references(result, doc, offset, true)) inside(location, 'reference');
      const prepared = prepareRename(result, doc, offset);
      if ('error' in prepared) assert.ok(prepared.error.length > 0);
      else {
        local(prepared.start, prepared.end, 'prepareRename');
        const renamed = rename(result, doc, offset, `${prepared.placeholder}2`);
        if ('edits' in renamed) {
          const seen = new Map<string, { start: number; end: number }[]>();
          for (const edit of renamed.edits) {
            inside(edit, 'rename edit');
            const list = seen.get(edit.path) ?? [];
            assert.ok(!list.some((other) => other.start < edit.end && edit.start < other.end), 'rename edits do not overlap');
            list.push(edit);
            seen.set(edit.path, list);
          }
        }
      }
    }
  }
}

// ---- the formatter -------------------------------------------------------------------------

/** Applies a formatter's edits (sorted, not overlapping, inside the text) to the text. */
export function applyFormatEdits(text: string, edits: readonly FormatEdit[]): string {
  let out = '';
  let at = 0;
  for (const edit of edits) {
    assert.ok(edit.start >= at && edit.end >= edit.start && edit.end <= text.length, 'edits are sorted, inside the text and do not overlap');
    out += text.slice(at, edit.start) + edit.newText;
    at = edit.end;
  }
  return out + text.slice(at);
}

/**
 * The formatter on any text: it refuses a file only for a syntax error or groups nested too
 * deep (never for its own "internal error"); when it formats, formatting again changes
 * nothing, the model and the comments are kept, and its edits give the same text.
 * Returns whether it formatted.
 */
export function checkFormatting(text: string): boolean {
  const result = formatText(text);
  if (!result.ok) {
    assert.ok(result.syntaxError !== undefined || /^groups are nested \d+ deep/.test(result.reason), `refused for no good reason: ${result.reason}`);
    if (result.syntaxError) assert.ok(parse(text).diagnostics.length > 0, 'refused for a syntax error the parser reports');
    assert.equal(formatEdits(text).ok, false, 'no edits for a file the formatter refuses');
    return false;
  }
  const once = result.text;
  const again = formatText(once);
  assert.ok(again.ok, `the formatted text is refused: ${again.ok ? '' : again.reason}`);
  assert.equal(again.text, once, 'formatting is idempotent');
  assert.deepEqual(modelSnapshot(once), modelSnapshot(text), 'formatting keeps the model and the comments');
  const edits = formatEdits(text);
  assert.ok(edits.ok, 'edits for a file the formatter formats');
  assert.equal(applyFormatEdits(text, edits.edits), once, 'the edits give the formatted text');
  return true;
}

/** What formatting must keep: elements, links and groups as the model sees them, and the comments in order (their line breaks read as LF: the formatter gives a file one kind of line break). */
export function modelSnapshot(text: string): unknown {
  const doc = parseDocument('a.topo', text);
  assert.deepEqual(doc.file.diagnostics, [], 'parses without errors');
  const model = new Model([doc]);
  const groups: string[] = [];
  const walk = (statements: readonly Statement[], path: string): void => {
    for (const statement of statements) {
      if (statement.type !== 'group') continue;
      const here = `${path}/${statement.name.text}:${statement.label?.value ?? ''}`;
      groups.push(here);
      walk(statement.body, here);
    }
  };
  walk(doc.file.statements, '');
  return {
    elements: model.elements.map((element) => ({
      name: element.name,
      kind: element.kind,
      label: element.node.label?.value,
      groups: groupsOf(element).map((group) => group.name.text),
      props: propsOf(element.node.props),
    })),
    links: model.links.map((link) => ({
      from: link.fromName.text,
      to: link.toName.text,
      arrow: link.sync ? '->' : '~>',
      label: link.node.label?.value,
      props: propsOf(link.node.props),
    })),
    groups,
    comments: doc.file.comments.map((comment) => commentText(comment)),
  };
}

function propsOf(block: PropertyBlock | undefined): unknown {
  return block ? block.properties.map((property) => [property.key.text, valueOf(property.value!)]) : null;
}

function valueOf(value: Value): unknown {
  switch (value.type) {
    case 'string':
      return ['string', value.value];
    case 'duration':
      return ['duration', value.raw, value.ms];
    case 'percent':
    case 'number':
      return [value.type, value.raw];
    case 'boolean':
      return value.value;
    case 'name':
      return ['name', value.text];
    case 'list':
      return value.items.map(valueOf);
  }
}

// ---- diagrams --------------------------------------------------------------------------------

/** At most `limit` items, spread evenly over the list (all of them when it is short). */
function spread<T>(items: readonly T[], limit: number): T[] {
  if (items.length <= limit) return [...items];
  return Array.from({ length: limit }, (_, i) => items[Math.floor((i * items.length) / limit)]!);
}

/**
 * Every view of a linted project is valid Mermaid per the escaping rules: the topology
 * (with and without its legend), the focus view of up to `limit` elements at depths 0 to 3,
 * the request path of up to `limit` entries. A view the project cannot give (an unknown
 * element) is an error, never an exception. Returns how many diagrams were checked.
 */
export function checkDiagrams(result: LintResult, limit = 12): number {
  const requests: DiagramRequest[] = [{ view: 'topology' }, { view: 'topology', legend: false }];
  const named = result.model.elements.filter((element) => result.model.byName.get(element.name) === element);
  spread(named, limit).forEach((element, i) => requests.push({ view: 'focus', element: element.name, depth: i % 4 }));
  for (const entry of spread(named.filter((element) => element.kindClass === 'entry'), limit)) requests.push({ view: 'sequence', entry: entry.name });
  let checked = 0;
  for (const request of requests) {
    const generated = generateDiagram(result, request);
    assert.ok(generated.ok, `${request.view}: ${generated.ok ? '' : generated.error}`);
    assertValidDiagram(generated.diagram);
    checked++;
  }
  for (const request of [
    { view: 'focus', element: 'NoSuchElement_', depth: 1 },
    { view: 'sequence', entry: 'NoSuchEntry_' },
  ] as const) {
    const refused = generateDiagram(result, request);
    assert.ok(!refused.ok && refused.error.length > 0, `${request.view} of an unknown name is an error`);
  }
  return checked;
}
