// What a lint run hands to the output formatters: findings per file, with
// line/column computed here, at the edge.

import { createHash } from 'node:crypto';
import type { Figures } from '../language/model/figures';
import type { Model } from '../language/model/model';
import type { Finding, Rule } from '../language/rules/types';
import type { LineIndex } from '../language/util/lineIndex';

export interface FileReport {
  /** Path relative to the scan root (the working directory), with '/' separators. */
  path: string;
  text: string;
  lines: LineIndex;
  findings: Finding[];
}

export interface ProjectReport {
  /** Project root relative to the scan root ('.' for the scan root itself). */
  root: string;
  model: Model;
  figures: Figures;
  /** Maps a document path (relative to the project root) to its path relative to the scan root. */
  pathOf(docPath: string): string;
}

export interface LintReport {
  /** Absolute path of the scan root. */
  scanRoot: string;
  files: FileReport[];
  projects: ProjectReport[];
  rules: readonly Rule[];
  /** Files whose findings are reported (by relative path), for lookups of related locations. */
  fileByPath: ReadonlyMap<string, FileReport>;
  /** Findings a baseline hid. */
  baselined: number;
  toolVersion: string;
}

export interface Counts {
  errors: number;
  warnings: number;
  infos: number;
}

export function countFindings(files: readonly FileReport[]): Counts {
  const counts: Counts = { errors: 0, warnings: 0, infos: 0 };
  for (const file of files) {
    for (const finding of file.findings) {
      if (finding.severity === 'error') counts.errors++;
      else if (finding.severity === 'warning') counts.warnings++;
      else counts.infos++;
    }
  }
  return counts;
}

/** 1-based line and column of an offset. */
export function lineColumn(file: FileReport, offset: number): { line: number; column: number } {
  const position = file.lines.positionAt(offset);
  return { line: position.line + 1, column: position.character + 1 };
}

/**
 * A fingerprint of a finding that survives edits elsewhere in the file: the rule,
 * the file, the trimmed text of its first line and the text it covers. Used by
 * baselines and as SARIF's primaryLocationLineHash (with an occurrence count).
 */
export function findingHash(file: FileReport, finding: Finding): string {
  const line = file.lines.lineText(file.lines.lineOf(finding.start)).trim();
  const covered = file.text.slice(finding.start, Math.min(finding.end, finding.start + 200));
  return createHash('sha256').update(`${finding.ruleId}\0${file.path}\0${line}\0${covered}`).digest('hex').slice(0, 16);
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
