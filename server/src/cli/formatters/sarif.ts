// SARIF 2.1.0 for GitHub code scanning (DESIGN section 7): every rule with the
// descriptions and help GitHub shows, results with a primaryLocationLineHash so a
// moved line is not a new alert, URIs relative to %SRCROOT%, and GitHub's limits.

import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DOCS_BASE_URL, ruleDocsUrl } from '../../language/rules/types';
import type { Finding, Rule, Severity, TextEdit } from '../../language/rules/types';
import { FileReport, LintReport, findingHash, lineColumn, plural } from '../report';
import { lazyList, lazyValue, prettyJson } from './pieces';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SRCROOT = '%SRCROOT%';
/** GitHub rejects a run with more results than this. */
export const MAX_RESULTS_PER_RUN = 25_000;
/** GitHub rejects a result with more locations than this (the primary one included). */
export const MAX_LOCATIONS_PER_RESULT = 1_000;
/** The code scanning category: distinct per tool, so that other uploads of the repository do not replace ours. */
export const AUTOMATION_ID = 'topo/';

// The repository the rule docs live in: https://github.com/OWNER/NAME.
const INFORMATION_URI = DOCS_BASE_URL.replace(/\/blob\/.*$/, '');

type Level = 'error' | 'warning' | 'note';

interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
  index?: number;
}

interface PhysicalLocation {
  artifactLocation: ArtifactLocation;
  region: Region;
}

const LEVEL: Readonly<Record<Severity, Level>> = { error: 'error', warning: 'warning', info: 'note' };

/** 'sync-chain-depth' → 'SyncChainDepth': SARIF's rule name is an identifier-like, human-readable name. */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

/** A relative path as a relative URI reference: each segment percent-encoded (spaces, '%', ':', '#', non-ASCII…). */
export function relativeUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** The scan root as an absolute file URI ending in '/', as SARIF requires of a uriBaseId's value. */
function rootUri(scanRoot: string): string {
  const href = pathToFileURL(scanRoot).href;
  return href.endsWith('/') ? href : `${href}/`;
}

function ruleDescriptor(rule: Rule) {
  const { id, description, category, defaultSeverity, options, fixable } = rule.meta;
  const docs = ruleDocsUrl(id);
  const optionList = Object.entries(options);
  const optionText = optionList.map(([name, spec]) => `${name} (default ${spec.default}): ${spec.description}`);
  const severityText =
    category === 'language'
      ? 'A language check: always an error; it cannot be configured or suppressed.'
      : `Default severity: ${defaultSeverity}; set it in topo.json under "rules".`;
  const fullDescription = [description, severityText, ...(optionText.length ? [`Options: ${optionText.join('; ')}.`] : [])].join(' ');
  const markdownOptions = optionList.map(([name, spec]) => `- \`${name}\` (default \`${spec.default}\`): ${spec.description}`);
  const defaultLevel = category === 'language' ? 'error' : defaultSeverity;
  return {
    id,
    name: pascalCase(id),
    shortDescription: { text: description },
    fullDescription: { text: fullDescription },
    help: {
      text: `${description}\n\n${severityText}${optionText.length ? `\n\nOptions:\n${optionText.map((line) => `- ${line}`).join('\n')}` : ''}\n\nDocumentation: ${docs}`,
      markdown: `${description}\n\n${severityText}${markdownOptions.length ? `\n\nOptions:\n\n${markdownOptions.join('\n')}` : ''}\n\nSee [the documentation of \`${id}\`](${docs}) for why it matters, examples and fixes.`,
    },
    helpUri: docs,
    defaultConfiguration: {
      ...(defaultLevel === 'off' ? { enabled: false } : { level: LEVEL[defaultLevel] }),
      ...(optionList.length ? { parameters: Object.fromEntries(optionList.map(([name, spec]) => [name, spec.default])) } : {}),
    },
    properties: {
      tags: fixable ? [category, 'fixable'] : [category],
      category,
    },
  };
}

/**
 * The SARIF log, in pieces (see `prettyJson`): each result is made as it is written. The run
 * lists its results before the artifacts and the invocation, whose contents (files that
 * related locations and fixes point into, truncation notices) are known once every result
 * is made.
 */
export function formatSarif(report: LintReport): Iterable<string> {
  const ruleIndex = new Map(report.rules.map((rule, index) => [rule.meta.id, index]));

  // Artifacts: the linted files, then any other file a related location or a fix points into.
  const artifacts: { location: ArtifactLocation; roles?: string[]; sourceLanguage: string }[] = [];
  const artifactIndex = new Map<string, number>();
  const artifactLocation = (path: string, analysisTarget = false): ArtifactLocation => {
    let index = artifactIndex.get(path);
    if (index === undefined) {
      index = artifacts.length;
      artifactIndex.set(path, index);
      artifacts.push({ location: uriOf(path), ...(analysisTarget ? { roles: ['analysisTarget'] } : {}), sourceLanguage: 'topo' });
    }
    return { ...uriOf(path), index };
  };
  // A path inside the scan root is relative to %SRCROOT%; one outside it (a folder linted by
  // a '../' path) can only be named by an absolute file URI.
  const uriOf = (path: string): ArtifactLocation =>
    path.startsWith('../') || path === '..' || isAbsolute(path)
      ? { uri: pathToFileURL(resolve(report.scanRoot, path)).href }
      : { uri: relativeUri(path), uriBaseId: SRCROOT };
  for (const file of report.files) artifactLocation(file.path, true);

  const region = (file: FileReport, start: number, end: number): Region => {
    const from = lineColumn(file, start);
    const to = lineColumn(file, Math.max(start, end));
    // SARIF's endColumn is exclusive, like our end offset: the column just past the last character.
    return { startLine: from.line, startColumn: from.column, endLine: to.line, endColumn: to.column };
  };
  const physicalLocation = (path: string, start: number, end: number): PhysicalLocation | undefined => {
    const file = report.fileByPath.get(path);
    return file ? { artifactLocation: artifactLocation(path), region: region(file, start, end) } : undefined;
  };

  const total = report.files.reduce((sum, file) => sum + file.findings.length, 0);
  const included: { file: FileReport; finding: Finding }[] = [];
  for (const file of report.files) {
    for (const finding of file.findings) {
      if (included.length >= MAX_RESULTS_PER_RUN) break;
      included.push({ file, finding });
    }
  }
  let truncatedRelated = 0;
  let occurrences = new Map<string, number>();
  let occurrencesOf: FileReport | undefined;
  // Made in order, once each, as they are written.
  const results = lazyList(included, ({ file, finding }) => {
    if (file !== occurrencesOf) {
      occurrencesOf = file;
      occurrences = new Map();
    }
    // Identical hashes in one file are told apart by their order, as GitHub's own fingerprints are.
    const hash = findingHash(file, finding);
    const occurrence = (occurrences.get(hash) ?? 0) + 1;
    occurrences.set(hash, occurrence);
    const related = relatedLocations(finding, physicalLocation);
    if (related.length > MAX_LOCATIONS_PER_RESULT - 1) {
      truncatedRelated++;
      related.length = MAX_LOCATIONS_PER_RESULT - 1;
    }
    const fixes = sarifFixes(finding, report, artifactLocation, region);
    const index = ruleIndex.get(finding.ruleId);
    return {
      ruleId: finding.ruleId,
      ...(index !== undefined ? { ruleIndex: index } : {}),
      level: LEVEL[finding.severity],
      message: { text: finding.message },
      locations: [{ physicalLocation: physicalLocation(file.path, finding.start, finding.end)! }],
      ...(related.length ? { relatedLocations: related } : {}),
      partialFingerprints: { primaryLocationLineHash: `${hash}:${occurrence}` },
      ...(fixes.length ? { fixes } : {}),
    };
  });

  const invocation = () => {
    const notifications: { level: Level; message: { text: string } }[] = [];
    if (total > included.length) {
      notifications.push({
        level: 'warning',
        message: {
          text: `topo found ${total} problems, more than the ${MAX_RESULTS_PER_RUN} results GitHub code scanning accepts in one run: only the first ${included.length} (in file order) are included.`,
        },
      });
    }
    if (truncatedRelated > 0) {
      notifications.push({
        level: 'warning',
        message: {
          text: `${plural(truncatedRelated, 'result')} had more related locations than GitHub code scanning accepts: only the first ${MAX_LOCATIONS_PER_RESULT - 1} of each are included.`,
        },
      });
    }
    if (report.baselined > 0) {
      const verb = report.baselined === 1 ? 'is' : 'are';
      notifications.push({ level: 'note', message: { text: `${plural(report.baselined, 'known problem')} ${verb} hidden by the baseline.` } });
    }
    return { executionSuccessful: true, ...(notifications.length ? { toolExecutionNotifications: notifications } : {}) };
  };

  const run = {
    tool: {
      driver: {
        name: 'topo',
        informationUri: INFORMATION_URI,
        semanticVersion: report.toolVersion,
        rules: report.rules.map(ruleDescriptor),
      },
    },
    automationDetails: { id: AUTOMATION_ID },
    originalUriBaseIds: { [SRCROOT]: { uri: rootUri(report.scanRoot) } },
    columnKind: 'utf16CodeUnits',
    results,
    // After the results: what they found out.
    invocations: lazyValue(() => [invocation()]),
    artifacts: lazyValue(() => artifacts),
  };
  // A list of one, so that the run is written in pieces too.
  const sarif = { $schema: SARIF_SCHEMA, version: '2.1.0', runs: lazyList([run], (item) => item) };
  return (function* () {
    yield* prettyJson(sarif);
    yield '\n';
  })();
}

function relatedLocations(finding: Finding, physicalLocation: (path: string, start: number, end: number) => PhysicalLocation | undefined) {
  const related: { id: number; physicalLocation: PhysicalLocation; message: { text: string } }[] = [];
  for (const location of finding.related) {
    const physical = physicalLocation(location.path, location.start, location.end);
    if (physical) related.push({ id: related.length + 1, physicalLocation: physical, message: { text: location.message } });
  }
  return related;
}

/** The finding's own fixes as SARIF fixes; "Suppress …" is an editor convenience, not a fix of the problem. */
function sarifFixes(
  finding: Finding,
  report: LintReport,
  artifactLocation: (path: string) => ArtifactLocation,
  region: (file: FileReport, start: number, end: number) => Region,
) {
  const fixes = [];
  for (const fix of finding.fixes) {
    if (fix.suppression || fix.edits.length === 0) continue;
    // A fix is all or nothing: one whose edits reach a file we cannot locate is left out.
    if (!fix.edits.every((edit) => report.fileByPath.has(edit.path))) continue;
    const byPath = new Map<string, TextEdit[]>();
    for (const edit of fix.edits) byPath.set(edit.path, [...(byPath.get(edit.path) ?? []), edit]);
    fixes.push({
      description: { text: fix.title },
      artifactChanges: [...byPath].map(([path, edits]) => ({
        artifactLocation: artifactLocation(path),
        replacements: edits.map((edit) => ({
          deletedRegion: region(report.fileByPath.get(path)!, edit.start, edit.end),
          ...(edit.newText ? { insertedContent: { text: edit.newText } } : {}),
        })),
      })),
    });
  }
  return fixes;
}
