// JUnit XML for CI test reporters: one test suite per file, one test case per
// finding. Errors and warnings are failures; an info is a passing test case that
// carries its message in <system-out>: infos never fail a build (DESIGN section 4),
// and <skipped> would claim a check did not run when it did. A file without
// findings gets one passing test case, so that its suite is not empty.

import { ruleDocsUrl } from '../../language/rules/types';
import type { Finding } from '../../language/rules/types';
import { FileReport, LintReport, countFindings, lineColumn } from '../report';

// Characters XML 1.0 forbids anywhere, even escaped: C0 controls other than tab, LF and
// CR, lone surrogates, U+FFFE and U+FFFF. (With the u flag a lone surrogate is one code point.)
const FORBIDDEN = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * Text content: forbidden characters removed, markup characters escaped, and CR as a
 * character reference, which a parser's end-of-line handling would otherwise drop.
 */
export function xmlText(value: string): string {
  return value.replace(FORBIDDEN, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/**
 * An attribute value (always written between double quotes): as text, plus both quotes,
 * and tab and LF as character references, which attribute-value normalization would
 * otherwise turn into spaces.
 */
export function xmlAttribute(value: string): string {
  return xmlText(value)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;');
}

function attributes(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([name, value]) => ` ${name}="${xmlAttribute(String(value))}"`)
    .join('');
}

function where(report: LintReport, path: string, offset: number): string {
  const file = report.fileByPath.get(path);
  if (!file) return path;
  const { line, column } = lineColumn(file, offset);
  return `${path}:${line}:${column}`;
}

function details(report: LintReport, file: FileReport, finding: Finding): string {
  const lines = [finding.message, `at ${where(report, file.path, finding.start)} (${finding.severity}, ${finding.ruleId})`];
  for (const related of finding.related) lines.push(`related: ${where(report, related.path, related.start)}: ${related.message}`);
  lines.push(`rule: ${ruleDocsUrl(finding.ruleId)}`);
  return lines.join('\n');
}

function testSuite(report: LintReport, file: FileReport): string[] {
  const counts = countFindings([file]);
  const tests = Math.max(1, file.findings.length);
  const out = [`  <testsuite${attributes({ name: file.path, tests, failures: counts.errors + counts.warnings, errors: 0, skipped: 0, time: 0 })}>`];
  if (file.findings.length === 0) {
    out.push(`    <testcase${attributes({ classname: file.path, name: 'no problems', time: 0 })}/>`);
  }
  const seen = new Map<string, number>();
  for (const finding of file.findings) {
    const { line, column } = lineColumn(file, finding.start);
    let name = `${finding.ruleId} at ${line}:${column}`;
    // Reporters key test cases by class and name: number a repeated one rather than merge it.
    const repeat = (seen.get(name) ?? 0) + 1;
    seen.set(name, repeat);
    if (repeat > 1) name += ` (${repeat})`;
    out.push(`    <testcase${attributes({ classname: file.path, name, time: 0 })}>`);
    const body = xmlText(details(report, file, finding));
    if (finding.severity === 'info') {
      out.push(`      <system-out>${body}</system-out>`);
    } else {
      out.push(`      <failure${attributes({ message: finding.message, type: finding.ruleId })}>${body}</failure>`);
    }
    out.push('    </testcase>');
  }
  out.push('  </testsuite>');
  return out;
}

export function formatJunit(report: LintReport): string {
  const counts = countFindings(report.files);
  const tests = report.files.reduce((sum, file) => sum + Math.max(1, file.findings.length), 0);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes({ name: 'topo lint', tests, failures: counts.errors + counts.warnings, errors: 0, skipped: 0, time: 0 })}>`,
  ];
  for (const file of report.files) out.push(...testSuite(report, file));
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
