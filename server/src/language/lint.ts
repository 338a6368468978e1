// Runs the language checks and the rules over a project model and returns the
// findings: the one place findings are computed, for the CLI and the server alike.

import { defaultConfig, ResolvedConfig } from './config/config';
import { Figures } from './model/figures';
import { Model, ModelCache, TopoDocument, sameExports, type FileSymbols } from './model/model';
import { RULES, RULE_BY_ID } from './rules/registry';
import { parseSuppressions, Suppression } from './rules/suppressions';
import { Finding, Fix, RelatedLocation, Rule, RuleContext, Severity } from './rules/types';
import { LineIndex, lineBreakLength, lineEndAt, lineStartAt } from './util/lineIndex';
import { closest } from './util/strings';
import type { Comment } from './syntax/ast';
import { timed } from './timing';
import { lastStartingBefore } from './util/search';

export interface LintResult {
  model: Model;
  figures: Figures;
  /** Sorted by path, then offset. */
  findings: Finding[];
}

export const DEFAULT_CONFIG: ResolvedConfig = defaultConfig(RULES);

/**
 * What a host that lints the same project after every edit (the language server) keeps
 * between runs: per-document symbols and line tables, and the last result. The result of
 * a run made with a cache is valid until the next run with it: that run takes over its
 * symbols and may take over its findings.
 */
export class LintCache {
  readonly model = new ModelCache();
  private readonly lines = new WeakMap<TopoDocument, LineIndex>();
  private last: { documents: readonly TopoDocument[]; config: ResolvedConfig; findings: LintFinding[]; model: Model; figures: Figures } | undefined;
  /** Runs that re-checked one edited file and kept the other files' findings: tests count them. */
  focusedRuns = 0;

  linesOf(doc: TopoDocument): LineIndex {
    let lines = this.lines.get(doc);
    if (!lines) this.lines.set(doc, (lines = new LineIndex(doc.text)));
    return lines;
  }

  /**
   * The one document an edit changed, when the rest of the project cannot tell the
   * difference (see sameExports): then only findings located in it need computing, and the
   * others stay, with their places in it moved along.
   */
  focusOf(model: Model, config: ResolvedConfig): Focus | undefined {
    const last = this.last;
    if (!last || last.config !== config || !model.reusedElements || last.documents.length !== model.documents.length) return undefined;
    let changed = -1;
    for (let i = 0; i < model.documents.length; i++) {
      const doc = model.documents[i]!;
      const before = last.documents[i]!;
      if (doc.path !== before.path) return undefined;
      if (doc === before) continue;
      if (changed >= 0) return undefined;
      changed = i;
    }
    if (changed < 0) return undefined;
    const doc = model.documents[changed]!;
    const before = this.model.priorSymbols(doc.path);
    if (!before) return undefined;
    const position = offsetMaps(last.documents[changed]!.text, doc.text).find((candidate) => sameExports(before, model.files[changed]!, candidate));
    if (!position) return undefined;
    return { doc, index: changed, position, findings: last.findings, figures: last.figures, linkIds: movedLinkIds(last.model, model, changed, before) };
  }

  remember(result: LintResult, config: ResolvedConfig): void {
    this.last = { documents: result.model.documents, config, findings: result.findings as LintFinding[], model: result.model, figures: result.figures };
  }
}

interface Focus {
  doc: TopoDocument;
  /** Its index in the model's documents. */
  index: number;
  /** Where an offset of its old text is in the new one (-1: in the part the edit replaced). */
  position: (offset: number) => number;
  /** The last run's findings and figures, and where each of its link ids went. */
  findings: readonly LintFinding[];
  figures: Figures;
  linkIds: Int32Array;
}

/**
 * The new id of each link of the model before (-1: gone). The files keep their links in
 * order; in the edited one, the links between known elements are the same ones in the same
 * order (see sameExports), and they are the only ones figures know.
 */
function movedLinkIds(before: Model, after: Model, edited: number, old: FileSymbols): Int32Array {
  const ids = new Int32Array(before.links.length).fill(-1);
  for (let f = 0; f < after.files.length; f++) {
    const oldStart = before.fileLinkStart[f]!;
    const newStart = after.fileLinkStart[f]!;
    if (f !== edited) {
      const count = after.files[f]!.links.length;
      for (let i = 0; i < count; i++) ids[oldStart + i] = newStart + i;
      continue;
    }
    const fresh = after.files[f]!;
    let j = 0;
    for (let i = 0; i < old.links.length; i++) {
      if (old.linkFrom![i]! < 0 || old.linkTo![i]! < 0) continue;
      while (fresh.linkFrom![j]! < 0 || fresh.linkTo![j]! < 0) j++;
      ids[oldStart + i] = newStart + j++;
    }
  }
  return ids;
}

/**
 * Maps offsets of one text to another (-1: in the part that changed): what the two share at
 * the start and at the end stays, with the end shifted. An insertion or a deletion of text
 * that repeats what is beside it could have happened at several places (a line inserted
 * before a line that starts like it): both the latest and the earliest such place are
 * candidates, the caller keeps the one its places agree with.
 */
function offsetMaps(before: string, after: string): ((offset: number) => number)[] {
  const shorter = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < shorter - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  const shift = after.length - before.length;
  const map = (start: number, removed: number) => (offset: number) => (offset <= start ? offset : offset >= start + removed ? offset + shift : -1);
  const removed = before.length - suffix - prefix;
  const latest = map(prefix, removed);
  const inserted = after.length - suffix - prefix;
  if (removed !== 0 && inserted !== 0) return [latest];
  // A pure insertion or deletion: slide it back while the character before it is also its last one.
  let start = prefix;
  if (removed === 0) while (start > 0 && before.charCodeAt(start - 1) === after.charCodeAt(start - 1 + inserted)) start--;
  else while (start > 0 && before.charCodeAt(start - 1) === before.charCodeAt(start - 1 + removed)) start--;
  return start === prefix ? [latest] : [latest, map(start, removed)];
}

export function lintDocuments(documents: readonly TopoDocument[], config: ResolvedConfig = DEFAULT_CONFIG, cache?: LintCache): LintResult {
  const model = timed('model', () => new Model(documents, cache?.model));
  const focus = cache?.focusOf(model, config);
  // After an edit the rest of the project cannot see, every figure is the same: carried over.
  const figures = timed('figures', () => new Figures(model, focus ? { figures: focus.figures, linkIds: focus.linkIds } : undefined));
  const findings = timed('rules', () => (focus ? lintFocused(model, figures, config, cache!, focus) : lintAll(model, figures, config, cache)));
  if (focus) cache!.focusedRuns++;
  const result = { model, figures, findings };
  cache?.remember(result, config);
  return result;
}

export function lintModel(model: Model, figures: Figures, config: ResolvedConfig = DEFAULT_CONFIG, cache?: LintCache): Finding[] {
  return lintAll(model, figures, config, cache);
}

function lintAll(model: Model, figures: Figures, config: ResolvedConfig, cache: LintCache | undefined): LintFinding[] {
  const findings: LintFinding[] = [];
  const everything: Scope = { linkRange: [0, model.links.length], elementRange: [0, model.elements.length], wants: () => true };
  for (const rule of RULES) {
    const severity = severityOf(rule, config);
    if (!severity || rule.meta.id === 'unused-suppression') continue;
    runRule(rule, severity, model, figures, config, everything, findings);
  }
  const kept = finishFindings(model.documents, findings, config, cache);
  kept.sort(byPlace);
  return kept;
}

/**
 * The findings of a project after an edit to one document that the rest of the project
 * cannot tell apart from the one before (LintCache.focusOf): the rules run for that
 * document alone, and the other documents keep their findings, with places in the
 * edited document moved along.
 */
function lintFocused(model: Model, figures: Figures, config: ResolvedConfig, cache: LintCache, focus: Focus): LintFinding[] {
  const file = model.files[focus.index]!;
  const firstElement = model.fileElementStart[focus.index]!;
  const firstLink = model.fileLinkStart[focus.index]!;
  const scope: Scope = {
    linkRange: [firstLink, firstLink + file.links.length],
    elementRange: [firstElement, firstElement + file.elements.length],
    wants: (doc) => doc === focus.doc,
  };
  const found: LintFinding[] = [];
  for (const rule of RULES) {
    const severity = severityOf(rule, config);
    if (!severity || rule.meta.id === 'unused-suppression') continue;
    runRule(rule, severity, model, figures, config, scope, found);
  }
  const local = finishFindings([focus.doc], found, config, cache);
  local.sort(byPlace);
  const path = focus.doc.path;
  const findings: LintFinding[] = [];
  let placed = false;
  for (const finding of focus.findings) {
    if (finding.path === path) continue;
    if (!placed && finding.path > path) {
      for (const mine of local) findings.push(mine);
      placed = true;
    }
    finding.carryOver(path, focus.position);
    findings.push(finding);
  }
  if (!placed) for (const mine of local) findings.push(mine);
  return findings;
}

function byPlace(a: Finding, b: Finding): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : a.start - b.start || a.end - b.end || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}

/** Suppressions of the given documents applied to the findings (all located in them), and "suppress" fixes attached. */
function finishFindings(documents: readonly TopoDocument[], findings: LintFinding[], config: ResolvedConfig, cache: LintCache | undefined): LintFinding[] {
  const lineIndexes = new Map<string, LineIndex>();
  const linesOf = (doc: TopoDocument): LineIndex => {
    if (cache) return cache.linesOf(doc);
    let lines = lineIndexes.get(doc.path);
    if (!lines) lineIndexes.set(doc.path, (lines = new LineIndex(doc.text)));
    return lines;
  };
  const suppressions = new Map<string, Suppression[]>();
  for (const doc of documents) {
    if (doc.file.comments.length) suppressions.set(doc.path, parseSuppressions(doc, linesOf(doc)));
  }
  const kept = applySuppressions(documents, findings, config, suppressions, linesOf);
  // Every risk finding can be suppressed on its line: the fix is made when it is first asked for.
  const contexts = new Map<string, SuppressContext>();
  for (const doc of documents) contexts.set(doc.path, { doc, linesOf, suppressions: suppressions.get(doc.path) ?? NO_SUPPRESSIONS });
  for (let i = 0; i < kept.length; i++) {
    const finding = kept[i]!;
    if (finding.ruleId === 'unused-suppression' || RULE_BY_ID.get(finding.ruleId)?.meta.category !== 'risk') continue;
    finding.suppressible(contexts.get(finding.path)!);
  }
  return kept;
}

/** Which subjects a run of the rules is about: all, or those of one edited document. */
interface Scope {
  linkRange: readonly [number, number];
  elementRange: readonly [number, number];
  wants(doc: TopoDocument): boolean;
}

const NO_SUPPRESSIONS: readonly Suppression[] = [];

function relocateFixes(fixes: readonly Fix[], pathOf: (path: string) => string): Fix[] {
  return fixes.map((fix) => ({ ...fix, edits: fix.edits.map((edit) => ({ ...edit, path: pathOf(edit.path) })) }));
}

/**
 * Renames the paths of findings — their own, their related locations' and their fixes'
 * edits' — for a host that names files differently from the documents (the CLI: relative
 * to where it runs). In place; fixes not made yet are renamed when they are.
 */
export function relocateFindings(findings: readonly Finding[], pathOf: (path: string) => string): void {
  for (const finding of findings) {
    finding.path = pathOf(finding.path);
    if (finding instanceof LintFinding) {
      // Its related locations are its own objects.
      for (const related of finding.related) related.path = pathOf(related.path);
      finding.relocate(pathOf);
    } else {
      finding.related = finding.related.map((related) => ({ ...related, path: pathOf(related.path) }));
      finding.fixes = relocateFixes(finding.fixes, pathOf);
    }
  }
}

/** What the "suppress on this line" fix of a file's findings needs. */
interface SuppressContext {
  doc: TopoDocument;
  linesOf: (doc: TopoDocument) => LineIndex;
  suppressions: readonly Suppression[];
}

/**
 * A finding whose fixes are made on first use: a big project has tens of thousands of
 * findings, and the CLI's default output and the editor's diagnostics never read a fix.
 * Reading `fixes` gives the same array every time; `toJSON` keeps the plain-object form.
 */
class LintFinding implements Finding {
  /** The rule's fixes, or what makes them. */
  #own: Fix[] | (() => Fix[]);
  #suppress: SuppressContext | undefined;
  #pathOf: ((path: string) => string) | undefined;
  /** The fixes, once made. */
  #fixes: Fix[] | undefined;

  constructor(
    public ruleId: string,
    public severity: Severity,
    public message: string,
    public path: string,
    public start: number,
    public end: number,
    public related: RelatedLocation[],
    fixes: Fix[] | (() => Fix[]),
  ) {
    this.#own = fixes;
  }

  /** Adds the "suppress on this line" fix after the finding's own. */
  suppressible(context: SuppressContext): void {
    this.#suppress = context;
  }

  /** Paths of the fixes' edits as the host names them (see relocateFindings). */
  relocate(pathOf: (path: string) => string): void {
    const earlier = this.#pathOf;
    this.#pathOf = earlier ? (path) => pathOf(earlier(path)) : pathOf;
    this.#fixes = undefined;
  }

  /**
   * The finding stays in the next run, after an edit to another document: related places
   * in that document move along, and fixes are made again (they may edit it).
   */
  carryOver(editedPath: string, position: (offset: number) => number): void {
    this.#fixes = undefined;
    for (let i = 0; i < this.related.length; i++) {
      const related = this.related[i]!;
      if (related.path !== editedPath) continue;
      const start = position(related.start);
      const end = position(related.end);
      if (start === related.start && end === related.end) continue;
      this.related = this.related.map((item) =>
        item.path === editedPath ? { path: item.path, start: position(item.start), end: position(item.end), message: item.message } : item,
      );
      return;
    }
  }

  get fixes(): Fix[] {
    let fixes = this.#fixes;
    if (fixes) return fixes;
    const own = this.#own;
    fixes = typeof own === 'function' ? own() : own;
    const context = this.#suppress;
    if (context) fixes = [...fixes, suppressFix(context.doc, context.linesOf(context.doc), context.suppressions, this)];
    if (this.#pathOf) fixes = relocateFixes(fixes, this.#pathOf);
    return (this.#fixes = fixes);
  }

  set fixes(fixes: Fix[]) {
    this.#own = fixes;
    this.#suppress = undefined;
    this.#pathOf = undefined;
    this.#fixes = fixes;
  }

  toJSON(): Finding {
    const { ruleId, severity, message, path, start, end, related, fixes } = this;
    return { ruleId, severity, message, path, start, end, related, fixes };
  }
}

function severityOf(rule: Rule, config: ResolvedConfig): Severity | undefined {
  if (rule.meta.category === 'language') return 'error';
  const severity = config.get(rule.meta.id)?.severity ?? rule.meta.defaultSeverity;
  return severity === 'off' ? undefined : severity;
}

function runRule(rule: Rule, severity: Severity, model: Model, figures: Figures, config: ResolvedConfig, scope: Scope, findings: LintFinding[]): void {
  const options: Record<string, number> = {};
  for (const [name, spec] of Object.entries(rule.meta.options)) options[name] = spec.default;
  Object.assign(options, config.get(rule.meta.id)?.options);
  const ruleId = rule.meta.id;
  const context: RuleContext = {
    model,
    figures,
    options,
    linkRange: scope.linkRange,
    elementRange: scope.elementRange,
    wants: scope.wants,
    report(report) {
      if (!scope.wants(report.doc)) return;
      const related: RelatedLocation[] = [];
      if (report.related) {
        for (const item of report.related) related.push({ path: item.doc.path, start: item.span.start, end: item.span.end, message: item.message });
      }
      findings.push(new LintFinding(ruleId, severity, report.message, report.doc.path, report.span.start, report.span.end, related, report.fixes ?? []));
    },
  };
  timed(`rule:${ruleId}`, () => rule.check(context));
}

function applySuppressions(
  documents: readonly TopoDocument[],
  findings: LintFinding[],
  config: ResolvedConfig,
  byPath: ReadonlyMap<string, Suppression[]>,
  linesOf: (doc: TopoDocument) => LineIndex,
): LintFinding[] {
  if (![...byPath.values()].some((list) => list.length > 0)) return findings;
  const docByPath = new Map(documents.map((doc) => [doc.path, doc]));
  const kept = findings.filter((finding) => {
    const suppressions = byPath.get(finding.path);
    if (!suppressions?.length || RULE_BY_ID.get(finding.ruleId)?.meta.category === 'language') return true;
    const line = linesOf(docByPath.get(finding.path)!).lineOf(finding.start);
    let suppressed = false;
    for (const suppression of suppressions) {
      if (suppression.scope === 'next-line' && suppression.line !== line) continue;
      for (const item of suppression.entries) {
        if (item.ruleId === finding.ruleId) {
          item.used = true;
          suppressed = true;
        }
      }
    }
    return !suppressed;
  });
  const severity = severityOf(RULE_BY_ID.get('unused-suppression')!, config);
  if (!severity) return kept;
  for (const doc of documents) {
    for (const suppression of byPath.get(doc.path) ?? []) {
      const directive = suppression.scope === 'file' ? 'topo-ignore-file' : 'topo-ignore-next-line';
      if (suppression.entries.length === 0) {
        kept.push(unused(doc.path, suppression.comment.start, suppression.comment.end, severity, `'${directive}' names no rule: write the rule ids to silence, e.g. // ${directive} missing-dlq -- reason`));
        continue;
      }
      for (const item of suppression.entries) {
        const rule = RULE_BY_ID.get(item.ruleId);
        let message: string | undefined;
        if (!rule) {
          const suggestion = closest(item.ruleId, RULE_BY_ID.keys());
          message = `unknown rule '${item.ruleId}' in '${directive}'${suggestion ? `: did you mean '${suggestion}'?` : ''}`;
        } else if (rule.meta.category === 'language') {
          message = `'${item.ruleId}' is a language check and cannot be suppressed: fix the problem instead`;
        } else if (!item.used) {
          message =
            suppression.scope === 'file'
              ? `unused suppression: '${item.ruleId}' reports nothing in this file`
              : `unused suppression: '${item.ruleId}' reports nothing on the next line`;
        }
        if (message) kept.push(unused(doc.path, item.start, item.end, severity, message, removeSuppressionFix(doc, suppression, item)));
      }
    }
  }
  return kept;
}

function unused(path: string, start: number, end: number, severity: Severity, message: string, fix?: Fix): LintFinding {
  return new LintFinding('unused-suppression', severity, message, path, start, end, [], fix ? [fix] : []);
}

function removeSuppressionFix(doc: TopoDocument, suppression: Suppression, item: { ruleId: string; start: number; end: number }): Fix {
  if (suppression.entries.length === 1) {
    // Remove the whole comment line when the comment is alone on it.
    const text = doc.text;
    const lineStart = lineStartAt(text, suppression.comment.start);
    const before = text.slice(lineStart, suppression.comment.start);
    if (before.trim() === '') {
      const next = lineEndAt(text, suppression.comment.end);
      return { title: 'Remove the unused suppression', edits: [{ path: doc.path, start: lineStart, end: next + lineBreakLength(text, next), newText: '' }] };
    }
    return { title: 'Remove the unused suppression', edits: [{ path: doc.path, start: suppression.comment.start, end: suppression.comment.end, newText: '' }] };
  }
  // Remove the id and the separator that joins it to its neighbour.
  const index = suppression.entries.indexOf(suppression.entries.find((entry) => entry.start === item.start)!);
  const neighbour = index > 0 ? suppression.entries[index - 1]! : suppression.entries[index + 1]!;
  const [start, end] = index > 0 ? [neighbour.end, item.end] : [item.start, neighbour.start];
  return { title: `Remove '${item.ruleId}' from the suppression`, edits: [{ path: doc.path, start, end, newText: '' }] };
}

/** The first `topo-ignore-next-line` comment with entries for each line, made once per list (a fix is made per finding). */
const nextLineByList = new WeakMap<readonly Suppression[], Map<number, Suppression>>();

function nextLineSuppressions(suppressions: readonly Suppression[]): Map<number, Suppression> {
  let byLine = nextLineByList.get(suppressions);
  if (!byLine) {
    byLine = new Map();
    for (const suppression of suppressions) {
      if (suppression.scope === 'next-line' && suppression.entries.length > 0 && !byLine.has(suppression.line)) byLine.set(suppression.line, suppression);
    }
    nextLineByList.set(suppressions, byLine);
  }
  return byLine;
}

/** Whether `offset` lies inside a block comment: the comments come in order and do not overlap, so only the last one starting before it can. */
function insideBlockComment(comments: readonly Comment[], offset: number): boolean {
  const last = lastStartingBefore(comments, offset);
  const comment = last >= 0 ? comments[last]! : undefined;
  return comment !== undefined && comment.block && comment.end > offset;
}

/** "Suppress on this line": a `topo-ignore-next-line` comment above the finding's line, or the rule added to one already there. */
export function suppressFix(doc: TopoDocument, lines: LineIndex, suppressions: readonly Suppression[], finding: Finding): Fix {
  const title = `Suppress '${finding.ruleId}' on this line`;
  const line = lines.lineOf(finding.start);
  const above = nextLineSuppressions(suppressions).get(line);
  if (above) {
    const at = above.entries.at(-1)!.end;
    return { title, suppression: true, edits: [{ path: doc.path, start: at, end: at, newText: `, ${finding.ruleId}` }] };
  }
  const start = lines.lineStart(line);
  const comment = `// topo-ignore-next-line ${finding.ruleId} -- reason`;
  // The line begins inside a block comment: a comment line above would land inside it; break the line before the finding instead.
  if (insideBlockComment(doc.file.comments, start)) {
    return { title, suppression: true, edits: [{ path: doc.path, start: finding.start, end: finding.start, newText: `\n${comment}\n` }] };
  }
  const indent = /^[ \t]*/.exec(lines.lineText(line))![0];
  return { title, suppression: true, edits: [{ path: doc.path, start, end: start, newText: `${indent}${comment}\n` }] };
}
