// GitHub Actions workflow commands: one annotation per finding on the file and
// range it concerns, then a plain summary line for the log.

import { LintReport, countFindings, lineColumn, plural } from '../report';
import type { Severity } from '../../language/rules/types';

const COMMAND: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', info: 'notice' };

/** The message part of a workflow command ('::…::DATA'). '%' first, so that an escape is not escaped again. */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value ('file=VALUE,…'): as data, plus the ':' and ',' that delimit properties. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(report: LintReport): string {
  const out: string[] = [];
  for (const file of report.files) {
    for (const finding of file.findings) {
      const start = lineColumn(file, finding.start);
      const end = lineColumn(file, Math.max(finding.start, finding.end));
      const properties: [string, string | number][] = [
        ['file', file.path],
        ['line', start.line],
        // GitHub takes columns only for a range on one line; endColumn is exclusive, as in SARIF.
        ...(start.line === end.line ? ([['col', start.column]] as const) : []),
        ['endLine', end.line],
        ...(start.line === end.line ? ([['endColumn', end.column]] as const) : []),
        ['title', finding.ruleId],
      ];
      const list = properties.map(([name, value]) => `${name}=${escapeProperty(String(value))}`).join(',');
      out.push(`::${COMMAND[finding.severity]} ${list}::${escapeData(finding.message)}`);
    }
  }
  const counts = countFindings(report.files);
  const total = counts.errors + counts.warnings + counts.infos;
  const baselined = report.baselined > 0 ? `; ${plural(report.baselined, 'known problem')} hidden by the baseline` : '';
  out.push(
    total === 0
      ? `topo: ${plural(report.files.length, 'file')} checked, no problems${baselined}`
      : `topo: ${plural(total, 'problem')} (${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}, ${plural(counts.infos, 'info')}) in ${plural(report.files.length, 'file')}${baselined}`,
  );
  return out.join('\n') + '\n';
}
