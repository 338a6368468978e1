// The default, human output, in the manner of ESLint's stylish formatter.

import { createColors } from 'picocolors';
import { LintReport, countFindings, lineColumn, plural } from '../report';

export function formatStylish(report: LintReport, color: boolean): string {
  const c = createColors(color);
  const out: string[] = [];
  for (const file of report.files) {
    if (file.findings.length === 0) continue;
    out.push('', c.underline(file.path));
    const rows = file.findings.map((finding) => {
      const { line, column } = lineColumn(file, finding.start);
      return { where: `${line}:${column}`, finding };
    });
    const whereWidth = Math.max(...rows.map((row) => row.where.length));
    for (const { where, finding } of rows) {
      const severity =
        finding.severity === 'error' ? c.red('error  ') : finding.severity === 'warning' ? c.yellow('warning') : c.blue('info   ');
      out.push(`  ${c.dim(where.padEnd(whereWidth))}  ${severity}  ${finding.message}  ${c.dim(finding.ruleId)}`);
    }
  }
  const counts = countFindings(report.files);
  const total = counts.errors + counts.warnings + counts.infos;
  const baselined = report.baselined > 0 ? ` — ${plural(report.baselined, 'known problem')} hidden by the baseline` : '';
  if (total === 0) {
    out.push(`${c.green('✔')} ${plural(report.files.length, 'file')} checked, no problems${baselined}`);
  } else {
    const summary = `${counts.errors > 0 ? '✖' : '⚠'} ${plural(total, 'problem')} (${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}, ${plural(counts.infos, 'info')}) in ${plural(report.files.length, 'file')}${baselined}`;
    out.push('', counts.errors > 0 ? c.red(c.bold(summary)) : c.yellow(c.bold(summary)));
  }
  return out.join('\n').replace(/^\n/, '') + '\n';
}
