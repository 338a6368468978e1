// Runs the language checks and the rules over a project model and returns the
// findings: the one place findings are computed, for the CLI and the server alike.

import { defaultConfig, ResolvedConfig } from './config/config';
import { Figures } from './model/figures';
import { Model, TopoDocument } from './model/model';
import { RULES, RULE_BY_ID } from './rules/registry';
import { parseSuppressions, Suppression } from './rules/suppressions';
import { Finding, Fix, Rule, RuleContext, Severity } from './rules/types';
import { LineIndex } from './util/lineIndex';
import { closest } from './util/strings';

export interface LintResult {
  model: Model;
  figures: Figures;
  /** Sorted by path, then offset. */
  findings: Finding[];
}

export const DEFAULT_CONFIG: ResolvedConfig = defaultConfig(RULES);

export function lintDocuments(documents: readonly TopoDocument[], config: ResolvedConfig = DEFAULT_CONFIG): LintResult {
  const model = new Model(documents);
  const figures = new Figures(model);
  return { model, figures, findings: lintModel(model, figures, config) };
}

export function lintModel(model: Model, figures: Figures, config: ResolvedConfig = DEFAULT_CONFIG): Finding[] {
  const findings: Finding[] = [];
  for (const rule of RULES) {
    const severity = severityOf(rule, config);
    if (!severity || rule.meta.id === 'unused-suppression') continue;
    runRule(rule, severity, model, figures, config, findings);
  }
  const lineIndexes = new Map<string, LineIndex>();
  const linesOf = (doc: TopoDocument): LineIndex => {
    let lines = lineIndexes.get(doc.path);
    if (!lines) lineIndexes.set(doc.path, (lines = new LineIndex(doc.text)));
    return lines;
  };
  const suppressions = new Map<string, Suppression[]>();
  for (const doc of model.documents) {
    if (doc.file.comments.length) suppressions.set(doc.path, parseSuppressions(doc, linesOf(doc)));
  }
  const kept = applySuppressions(model, findings, config, suppressions, linesOf);
  const docByPath = new Map(model.documents.map((doc) => [doc.path, doc]));
  for (const finding of kept) {
    const rule = RULE_BY_ID.get(finding.ruleId);
    if (rule?.meta.category === 'risk' && finding.ruleId !== 'unused-suppression') {
      const doc = docByPath.get(finding.path)!;
      finding.fixes.push(suppressFix(doc, linesOf(doc), suppressions.get(doc.path) ?? [], finding));
    }
  }
  kept.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.start - b.start || a.end - b.end || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)));
  return kept;
}

function severityOf(rule: Rule, config: ResolvedConfig): Severity | undefined {
  if (rule.meta.category === 'language') return 'error';
  const severity = config.get(rule.meta.id)?.severity ?? rule.meta.defaultSeverity;
  return severity === 'off' ? undefined : severity;
}

function runRule(rule: Rule, severity: Severity, model: Model, figures: Figures, config: ResolvedConfig, findings: Finding[]): void {
  const options: Record<string, number> = {};
  for (const [name, spec] of Object.entries(rule.meta.options)) options[name] = spec.default;
  Object.assign(options, config.get(rule.meta.id)?.options);
  const context: RuleContext = {
    model,
    figures,
    options,
    report(report) {
      findings.push({
        ruleId: rule.meta.id,
        severity,
        message: report.message,
        path: report.doc.path,
        start: report.span.start,
        end: report.span.end,
        related: (report.related ?? []).map((related) => ({
          path: related.doc.path,
          start: related.span.start,
          end: related.span.end,
          message: related.message,
        })),
        fixes: report.fixes ?? [],
      });
    },
  };
  rule.check(context);
}

function applySuppressions(
  model: Model,
  findings: Finding[],
  config: ResolvedConfig,
  byPath: ReadonlyMap<string, Suppression[]>,
  linesOf: (doc: TopoDocument) => LineIndex,
): Finding[] {
  if (![...byPath.values()].some((list) => list.length > 0)) return findings;
  const docByPath = new Map(model.documents.map((doc) => [doc.path, doc]));
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
  for (const doc of model.documents) {
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

function unused(path: string, start: number, end: number, severity: Severity, message: string, fix?: Fix): Finding {
  return { ruleId: 'unused-suppression', severity, message, path, start, end, related: [], fixes: fix ? [fix] : [] };
}

function removeSuppressionFix(doc: TopoDocument, suppression: Suppression, item: { ruleId: string; start: number; end: number }): Fix {
  if (suppression.entries.length === 1) {
    // Remove the whole comment line when the comment is alone on it.
    const text = doc.text;
    const lineStart = text.lastIndexOf('\n', suppression.comment.start - 1) + 1;
    const before = text.slice(lineStart, suppression.comment.start);
    if (before.trim() === '') {
      const next = text.indexOf('\n', suppression.comment.end);
      return { title: 'Remove the unused suppression', edits: [{ path: doc.path, start: lineStart, end: next < 0 ? text.length : next + 1, newText: '' }] };
    }
    return { title: 'Remove the unused suppression', edits: [{ path: doc.path, start: suppression.comment.start, end: suppression.comment.end, newText: '' }] };
  }
  // Remove the id and the separator that joins it to its neighbour.
  const index = suppression.entries.indexOf(suppression.entries.find((entry) => entry.start === item.start)!);
  const neighbour = index > 0 ? suppression.entries[index - 1]! : suppression.entries[index + 1]!;
  const [start, end] = index > 0 ? [neighbour.end, item.end] : [item.start, neighbour.start];
  return { title: `Remove '${item.ruleId}' from the suppression`, edits: [{ path: doc.path, start, end, newText: '' }] };
}

/** "Suppress on this line": a `topo-ignore-next-line` comment above the finding's line, or the rule added to one already there. */
export function suppressFix(doc: TopoDocument, lines: LineIndex, suppressions: readonly Suppression[], finding: Finding): Fix {
  const title = `Suppress '${finding.ruleId}' on this line`;
  const line = lines.lineOf(finding.start);
  const above = suppressions.find((s) => s.scope === 'next-line' && s.line === line && s.entries.length > 0);
  if (above) {
    const at = above.entries.at(-1)!.end;
    return { title, suppression: true, edits: [{ path: doc.path, start: at, end: at, newText: `, ${finding.ruleId}` }] };
  }
  const start = lines.lineStart(line);
  const comment = `// topo-ignore-next-line ${finding.ruleId} -- reason`;
  // The line begins inside a block comment: a comment line above would land inside it; break the line before the finding instead.
  if (doc.file.comments.some((c) => c.block && c.start < start && c.end > start)) {
    return { title, suppression: true, edits: [{ path: doc.path, start: finding.start, end: finding.start, newText: `\n${comment}\n` }] };
  }
  const indent = /^[ \t]*/.exec(lines.lineText(line))![0];
  return { title, suppression: true, edits: [{ path: doc.path, start, end: start, newText: `${indent}${comment}\n` }] };
}
