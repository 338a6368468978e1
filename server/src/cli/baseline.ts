// Baselines let a large repository adopt the linter: --write-baseline records
// today's findings; --baseline reports only findings that are not recorded.

import { readFileSync } from 'node:fs';
import { CliError, describeIoError } from './errors';
import { FileReport, findingHash } from './report';
import { writeFileAtomic } from './files';

interface BaselineEntry {
  ruleId: string;
  path: string;
  hash: string;
  /** For the reader of the file; matching ignores it. */
  message: string;
}

interface BaselineFile {
  version: 1;
  findings: BaselineEntry[];
}

function key(entry: { ruleId: string; path: string; hash: string }): string {
  return `${entry.ruleId}\0${entry.path}\0${entry.hash}`;
}

export function writeBaseline(path: string, files: readonly FileReport[]): number {
  const findings: BaselineEntry[] = [];
  for (const file of files) {
    for (const finding of file.findings) {
      findings.push({ ruleId: finding.ruleId, path: file.path, hash: findingHash(file, finding), message: finding.message });
    }
  }
  const content: BaselineFile = { version: 1, findings };
  writeFileAtomic(path, JSON.stringify(content, null, 2) + '\n');
  return findings.length;
}

/** Removes the findings recorded in the baseline (as many of each as it records); returns how many it removed. */
export function applyBaseline(path: string, files: FileReport[]): number {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`${path}: cannot read the baseline: ${describeIoError(error)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CliError(`${path}: the baseline is not valid JSON; write a new one with --write-baseline`);
  }
  const entries = (parsed as BaselineFile | null)?.findings;
  if ((parsed as BaselineFile | null)?.version !== 1 || !Array.isArray(entries)) {
    throw new CliError(`${path}: not a Topo baseline (expected { "version": 1, "findings": [...] })`);
  }
  const remaining = new Map<string, number>();
  for (const entry of entries) {
    if (typeof entry?.ruleId !== 'string' || typeof entry.path !== 'string' || typeof entry.hash !== 'string') {
      throw new CliError(`${path}: a baseline entry lacks "ruleId", "path" or "hash"`);
    }
    remaining.set(key(entry), (remaining.get(key(entry)) ?? 0) + 1);
  }
  let removed = 0;
  for (const file of files) {
    file.findings = file.findings.filter((finding) => {
      const k = key({ ruleId: finding.ruleId, path: file.path, hash: findingHash(file, finding) });
      const left = remaining.get(k) ?? 0;
      if (left === 0) return true;
      remaining.set(k, left - 1);
      removed++;
      return false;
    });
  }
  return removed;
}
