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
      // GitHub takes columns only for a range on one line; endColumn is exclusive, as in SARIF.
      const oneLine = start.line === end.line;
      const properties: Record<string, string | number | undefined> = {
        file: file.path,
        line: start.line,
        col: oneLine ? start.column : undefined,
        endLine: end.line,
        endColumn: oneLine ? end.column : undefined,
        title: finding.ruleId,
      };
      const list = Object.entries(properties)
        .filter(([, value]) => value !== undefined)
        .map(([name, value]) => `${name}=${escapeProperty(String(value))}`)
        .join(',');
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
