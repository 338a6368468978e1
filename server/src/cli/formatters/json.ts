// Machine-readable output for scripts: findings with 1-based positions, fixes as
// edits, and the figures of DESIGN section 2 for every element.

import { LintReport, countFindings, lineColumn } from '../report';
import type { Finding } from '../../language/rules/types';
import { lazyList, prettyJson } from './pieces';

function range(report: LintReport, path: string, start: number, end: number) {
  const file = report.fileByPath.get(path);
  if (!file) return undefined;
  return { start: lineColumn(file, start), end: lineColumn(file, end) };
}

function roundMs(value: number | undefined): number | null {
  return value === undefined ? null : Math.round(value * 1000) / 1000;
}

/**
 * The report as the text of `JSON.stringify(report, null, 2)` and a newline, in pieces: the
 * entry of each file and of each element is made when its piece is asked for, so a report of
 * tens of thousands of findings never exists whole, neither as objects nor as one string.
 */
export function formatJson(report: LintReport): Iterable<string> {
  const findingJson = (path: string, finding: Finding) => ({
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    range: range(report, path, finding.start, finding.end),
    related: finding.related.map((related) => ({ path: related.path, message: related.message, range: range(report, related.path, related.start, related.end) })),
    fixes: finding.fixes.map((fix) => ({
      title: fix.title,
      ...(fix.suppression ? { suppression: true } : {}),
      edits: fix.edits.map((edit) => ({ path: edit.path, range: range(report, edit.path, edit.start, edit.end), newText: edit.newText })),
    })),
  });
  const projects = lazyList(report.projects, (project) => {
    const { model, figures } = project;
    return {
      root: project.root,
      elements: lazyList(
        model.elements.filter((element) => model.byName.get(element.name) === element),
        (element) => {
          const entry = element.kindClass === 'entry';
          return {
            name: element.name,
            kind: element.kind,
            path: project.pathOf(element.doc.path),
            userFacing: figures.isUserFacing(element),
            responseTimeMs: roundMs(figures.responseTime(element)),
            syncDepth: figures.syncDepth(element),
            chainStart: !model.incoming[element.id]!.some((link) => link.sync),
            ...(entry
              ? {
                  requests: model.syncCalls(element).map((link) => ({
                    to: link.to!.name,
                    responseTimeMs: roundMs(figures.linkCost(link)),
                    missingLatencies: figures.missingLatencies(link.to!).map((missing) => missing.name),
                    availability: Math.round(figures.availability(link.to!).value * 1e8) / 1e6,
                  })),
                }
              : {}),
          };
        },
      ),
    };
  });
  const counts = countFindings(report.files);
  return (function* () {
    yield* prettyJson({
      version: 1,
      tool: { name: 'topo', version: report.toolVersion },
      summary: { files: report.files.length, ...counts, baselined: report.baselined },
      files: lazyList(report.files, (file) => ({ path: file.path, findings: file.findings.map((finding) => findingJson(file.path, finding)) })),
      projects,
    });
    yield '\n';
  })();
}
