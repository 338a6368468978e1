// `topo lint --format sarif|junit|github`, end to end: the real bundle (dist/cli.js)
// lints a project written to a temporary folder, and each format's output is
// checked precisely — SARIF against the official schema and GitHub's rules, JUnit
// by parsing the XML, workflow commands line by line. `--format json` of the same
// run is the oracle for positions and messages, so that a rule's wording can change
// without breaking these tests; the escaping cases are spelled out literally.
// A few cases that no real project produces (a message with control characters, a
// result with 1,200 related locations) format a hand-built report in process.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv2020 from 'ajv/dist/2020';
import { run } from '../src/cli/main';
import { escapeData, escapeProperty, formatGithub } from '../src/cli/formatters/github';
import { formatJunit, xmlAttribute, xmlText } from '../src/cli/formatters/junit';
import { formatSarif, MAX_LOCATIONS_PER_RESULT, MAX_RESULTS_PER_RUN, pascalCase } from '../src/cli/formatters/sarif';
import { formatJson } from '../src/cli/formatters/json';
import { FORMATTERS } from '../src/cli/formatters';
import type { FileReport, LintReport } from '../src/cli/report';
import { RULES } from '../src/language/rules/registry';
import { ruleDocsUrl } from '../src/language/rules/types';
import type { Finding } from '../src/language/rules/types';
import { LineIndex } from '../src/language/util/lineIndex';
import packageJson from '../../package.json';

const REPO = join(__dirname, '..', '..');
const CLI = join(REPO, 'dist', 'cli.js');

// ---------------------------------------------------------------------------
// The project under test

/** A file name with every character the formats must escape: space, < & > " % , : ' and a non-ASCII letter. */
const ODD = `specs/odd <&> "100%", a:b 'é'.topo`;

const FILES: Record<string, string> = {
  // sync-chain-depth raised to error with maxDepth 2; orphan-element off, so that the odd file's findings are language checks only.
  'topo.json': '{ "rules": { "sync-chain-depth": ["error", { "maxDepth": 2 }], "orphan-element": "off" } }\n',
  'specs/main.topo': [
    '// checkout: sync where the user waits, async for the rest',
    'actor Customer "Shopper <&> \\"VIP\\" 100%, a:b\\n" { budget: 800ms }',
    'gateway Api { latency: 5ms }',
    'service Orders { latency: 40ms, outbox: true }',
    'service Inventory { latency: 20ms, critical: 50% }',
    'queue PaymentRequests',
    'worker Payments { idempotent: true }',
    'Customer -> Api "Place <order> & pay, 100%: now\\n" { timeout: 2s }',
    'Api -> Orders { timeout: 1s }',
    'Orders -> Inventory { timeout: 300ms }',
    'Orders -> OrdersDb { timeout: 200ms }',
    'Orders ~> PaymentRequests "charge"',
    'PaymentRequests ~> Payments',
    'Ledger -> Billing { timeout: 1s }',
    '',
  ].join('\n'),
  // The cycle's first link is here (files in path order); its other link, in main.topo, is a related location in another file.
  'specs/cycle.topo': 'service Billing { latency: 10ms }\nservice Ledger { latency: 10ms }\nBilling -> Ledger { timeout: 1s }\n',
  // Declares what main.topo uses and has nothing to report.
  'specs/clean.topo': '// the store behind Orders: nothing to report here\ndatabase OrdersDb { latency: 8ms }\n',
  [ODD]: [
    'service Odd <&%>',
    'service Quote "unterminated',
    // 🚀 is two UTF-16 code units: SARIF's columnKind is utf16CodeUnits.
    'service Rocket "🚀 <launch> & \\"go\\"" { latency: fast }',
    // Two identical findings on identical lines: one primaryLocationLineHash, told apart by ':1' and ':2'.
    '<',
    '<',
    '',
  ].join('\n'),
};

interface JsonRange {
  start: { line: number; column: number };
  end: { line: number; column: number };
}
interface JsonFinding {
  ruleId: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  range: JsonRange;
  related: { path: string; message: string; range: JsonRange }[];
  fixes: { title: string; edits: { path: string; range: JsonRange; newText: string }[] }[];
}
interface JsonReport {
  files: { path: string; findings: JsonFinding[] }[];
}

let project = '';
let json: JsonReport;
const temporaryFolders: string[] = [];

function temporaryFolder(): string {
  // realpath: the CLI's working directory is the resolved path (macOS's /var is a link to /private/var).
  const folder = realpathSync(mkdtempSync(join(tmpdir(), 'topo-formats-')));
  temporaryFolders.push(folder);
  return folder;
}

function writeProject(folder: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(folder, path, '..'), { recursive: true });
    writeFileSync(join(folder, path), text);
  }
}

function newestSource(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds dist/cli.js unless it is newer than every source (as after `npm test`'s own build). */
function ensureBuilt(): void {
  const sources = Math.max(newestSource(join(REPO, 'server', 'src')), statSync(join(REPO, 'package.json')).mtimeMs);
  if (existsSync(CLI) && statSync(CLI).mtimeMs >= sources) return;
  execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build', '--silent'], { cwd: REPO, stdio: 'pipe' });
}

function topo(args: string[], cwd = project) {
  const result = spawnSync(process.execPath, [CLI, 'lint', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 256 * 1024 * 1024,
  });
  assert.equal(result.error, undefined);
  return { stdout: result.stdout, stderr: result.stderr, exitCode: result.status };
}

/** Lints the project with the real CLI: exit 1 (it has errors), nothing on stderr. */
function lint(format: string, cwd = project): string {
  const result = topo(['specs', '--format', format], cwd);
  assert.equal(result.stderr, '');
  assert.equal(result.exitCode, 1);
  return result.stdout;
}

before(() => {
  ensureBuilt();
  project = temporaryFolder();
  writeProject(project, FILES);
  json = JSON.parse(lint('json')) as JsonReport;
  // The project is what these tests assume: four files in path order, one of them clean, every severity present.
  assert.deepEqual(
    json.files.map((file) => file.path),
    ['specs/clean.topo', 'specs/cycle.topo', 'specs/main.topo', ODD],
  );
  assert.equal(json.files[0]!.findings.length, 0);
  const severities = new Set(json.files.flatMap((file) => file.findings.map((finding) => finding.severity)));
  assert.deepEqual([...severities].sort(), ['error', 'info', 'warning']);
});

after(() => {
  for (const folder of temporaryFolders) rmSync(folder, { recursive: true, force: true });
});

const allFindings = () => json.files.flatMap((file) => file.findings.map((finding) => ({ path: file.path, finding })));
const oddLine = (line: number) => FILES[ODD]!.split('\n')[line - 1]!;
const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
/**
 * A substring check that names what it looked for. Every assert.ok here carries a message:
 * without one, Node re-parses the (transpiled, very long) source line to describe a failure,
 * which can take minutes.
 */
function includes(text: string, part: string): void {
  assert.ok(text.includes(part), `expected to find ${JSON.stringify(part)}`);
}

// ---------------------------------------------------------------------------
// A report built by hand, for cases the language cannot produce

function fileReport(path: string, text: string, findings: Omit<Finding, 'path'>[]): FileReport {
  return { path, text, lines: new LineIndex(text), findings: findings.map((finding) => ({ ...finding, path })) };
}

function handReport(files: FileReport[], extra: Partial<LintReport> = {}): LintReport {
  return {
    scanRoot: '/work/repo',
    files,
    projects: [],
    rules: RULES,
    fileByPath: new Map(files.map((file) => [file.path, file])),
    baselined: 0,
    toolVersion: '9.9.9',
    ...extra,
  };
}

const finding = (ruleId: string, severity: Finding['severity'], message: string, start: number, end: number): Omit<Finding, 'path'> => ({
  ruleId,
  severity,
  message,
  start,
  end,
  related: [],
  fixes: [],
});

// ---------------------------------------------------------------------------
// SARIF

type Sarif = {
  $schema: string;
  version: string;
  runs: SarifRun[];
};
type SarifRegion = { startLine: number; startColumn: number; endLine: number; endColumn: number };
type SarifArtifactLocation = { uri: string; uriBaseId?: string; index?: number };
type SarifPhysical = { artifactLocation: SarifArtifactLocation; region: SarifRegion };
type SarifResult = {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: SarifPhysical }[];
  relatedLocations?: { id: number; physicalLocation: SarifPhysical; message: { text: string } }[];
  partialFingerprints: { primaryLocationLineHash: string };
  fixes?: { description: { text: string }; artifactChanges: { artifactLocation: SarifArtifactLocation; replacements: { deletedRegion: SarifRegion; insertedContent?: { text: string } }[] }[] }[];
};
type SarifRule = {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri: string;
  defaultConfiguration: { level?: string; enabled?: boolean; parameters?: Record<string, number> };
  properties: { tags: string[]; category: string };
};
type SarifRun = {
  tool: { driver: { name: string; informationUri: string; semanticVersion: string; rules: SarifRule[] } };
  automationDetails: { id: string };
  invocations: { executionSuccessful: boolean; toolExecutionNotifications?: { level: string; message: { text: string } }[] }[];
  originalUriBaseIds: Record<string, { uri: string }>;
  artifacts: { location: SarifArtifactLocation; roles?: string[] }[];
  columnKind: string;
  results: SarifResult[];
};

// The vendored schema: `sarif-2.1.0.json` from the npm package @microsoft/sarif-multitool-linux@5.7.0
// (Microsoft's SARIF SDK), MIT license; see fixtures/sarif-schema-2.1.0.NOTICE.md for its origin,
// checksum and how it differs from the OASIS draft-04 file.
const validateSarif = (() => {
  const schema = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'sarif-schema-2.1.0.json'), 'utf8')) as object;
  // strict: false — the schema's anyOf branches name required properties declared beside them, which Ajv's
  // strict mode rejects as a style matter; it changes nothing in what is valid.
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  // The formats the schema uses, without the ajv-formats package: RFC 3986 syntax, checked strictly.
  const uriCharacters = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#[\]]|%[0-9A-Fa-f]{2})*$/;
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:/;
  ajv.addFormat('uri', (value: string) => scheme.test(value) && uriCharacters.test(value));
  ajv.addFormat('uri-reference', (value: string) => uriCharacters.test(value));
  ajv.addFormat('date-time', (value: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/.test(value));
  ajv.addFormat('uuid', (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value));
  const validate = ajv.compile(schema);
  // What this copy of the schema leaves out (see the NOTICE): a region needs its startLine. Ours
  // always give line and column, and end no earlier than they start.
  const checkRegions = (value: unknown, path: string): void => {
    if (Array.isArray(value)) value.forEach((item, i) => checkRegions(item, `${path}[${i}]`));
    else if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (key === 'region' || key === 'deletedRegion') {
          const region = item as SarifRegion;
          assert.ok(Number.isInteger(region.startLine) && region.startLine >= 1 && region.startColumn >= 1, `${path}.${key} starts at a line and column`);
          assert.ok(region.endLine > region.startLine || (region.endLine === region.startLine && region.endColumn >= region.startColumn), `${path}.${key} ends after it starts`);
        }
        checkRegions(item, `${path}.${key}`);
      }
    }
  };
  return (log: unknown) => {
    const valid = validate(log);
    assert.ok(valid, `not valid SARIF 2.1.0:\n${JSON.stringify(validate.errors?.slice(0, 5), null, 2)}`);
    checkRegions(log, '$');
  };
})();

const decodeUri = (uri: string) => uri.split('/').map(decodeURIComponent).join('/');
const regionOf = (range: JsonRange): SarifRegion => ({
  startLine: range.start.line,
  startColumn: range.start.column,
  endLine: range.end.line,
  endColumn: range.end.column,
});
const LEVELS: Record<string, string> = { error: 'error', warning: 'warning', info: 'note' };

/** Every artifactLocation anywhere in a run. */
function artifactLocations(run: SarifRun): SarifArtifactLocation[] {
  return run.results.flatMap((result) => [
    ...result.locations.map((location) => location.physicalLocation.artifactLocation),
    ...(result.relatedLocations ?? []).map((location) => location.physicalLocation.artifactLocation),
    ...(result.fixes ?? []).flatMap((fix) => fix.artifactChanges.map((change) => change.artifactLocation)),
  ]);
}

describe('topo lint --format sarif', () => {
  let sarif: Sarif;
  let run0: SarifRun;
  before(() => {
    sarif = JSON.parse(lint('sarif')) as Sarif;
    run0 = sarif.runs[0]!;
  });

  test('is valid against the SARIF 2.1.0 schema', () => {
    validateSarif(sarif);
    assert.equal(sarif.version, '2.1.0');
    assert.match(sarif.$schema, /^https:\/\/.+sarif-2\.1\.0\.json$/);
    assert.equal(sarif.runs.length, 1);
  });

  test('describes the tool and every rule as GitHub code scanning requires', () => {
    const driver = run0.tool.driver;
    assert.equal(driver.name, 'topo');
    assert.equal(driver.semanticVersion, packageJson.version);
    assert.match(driver.informationUri, /^https:\/\/github\.com\/[^/]+\/[^/]+$/);
    assert.deepEqual(
      driver.rules.map((rule) => rule.id),
      RULES.map((rule) => rule.meta.id),
    );
    for (const [index, rule] of driver.rules.entries()) {
      const meta = RULES[index]!.meta;
      assert.equal(rule.name, pascalCase(meta.id));
      assert.match(rule.name, /^[A-Z][A-Za-z0-9]*$/);
      assert.equal(rule.shortDescription.text, meta.description);
      assert.ok(rule.fullDescription.text.startsWith(meta.description) && rule.fullDescription.text.length > meta.description.length, rule.id);
      assert.equal(rule.helpUri, ruleDocsUrl(meta.id));
      assert.ok(rule.help.text.includes(ruleDocsUrl(meta.id)), rule.id);
      assert.ok(rule.help.markdown.includes(`](${ruleDocsUrl(meta.id)})`), rule.id);
      const level = meta.category === 'language' ? 'error' : meta.defaultSeverity;
      assert.deepEqual(rule.defaultConfiguration.level, level === 'off' ? undefined : LEVELS[level]);
      assert.equal(rule.properties.category, meta.category);
      assert.ok(rule.properties.tags.includes(meta.category) && rule.properties.tags.length <= 10, rule.id);
      for (const [option, spec] of Object.entries(meta.options)) {
        assert.equal(rule.defaultConfiguration.parameters?.[option], spec.default);
        assert.ok(rule.fullDescription.text.includes(option), `${rule.id} documents ${option}`);
      }
    }
    assert.equal(pascalCase('sync-chain-depth'), 'SyncChainDepth');
    const chainDepth = driver.rules.find((rule) => rule.id === 'sync-chain-depth')!;
    assert.deepEqual(chainDepth.defaultConfiguration, { level: 'warning', parameters: { maxDepth: 3 } });
    assert.deepEqual(driver.rules.find((rule) => rule.id === 'missing-retry')!.defaultConfiguration, { level: 'note' });
  });

  test('has one result per finding, in order, with level, message and exact region', () => {
    const expected = allFindings();
    assert.equal(run0.results.length, expected.length);
    for (const [index, result] of run0.results.entries()) {
      const { path, finding } = expected[index]!;
      assert.equal(result.ruleId, finding.ruleId);
      assert.equal(run0.tool.driver.rules[result.ruleIndex]!.id, finding.ruleId);
      assert.equal(result.level, LEVELS[finding.severity]);
      assert.equal(result.message.text, finding.message);
      assert.equal(result.locations.length, 1);
      const { artifactLocation, region } = result.locations[0]!.physicalLocation;
      assert.equal(decodeUri(artifactLocation.uri), path);
      assert.deepEqual(region, regionOf(finding.range));
    }
    // The configured severity wins over the rule's default (topo.json raises sync-chain-depth to error).
    assert.equal(run0.results.find((result) => result.ruleId === 'sync-chain-depth')!.level, 'error');
    assert.equal(run0.results.find((result) => result.ruleId === 'missing-retry')!.level, 'note');
  });

  test('regions are 1-based, end-exclusive and counted in UTF-16 code units', () => {
    assert.equal(run0.columnKind, 'utf16CodeUnits');
    const rocket = run0.results.find((result) => result.ruleId === 'invalid-property' && decodeUri(result.locations[0]!.physicalLocation.artifactLocation.uri) === ODD)!;
    const line = oddLine(3);
    const column = line.indexOf('fast') + 1;
    assert.equal([...line.slice(0, column - 1)].length + 1, column - 1, 'the rocket makes code points and UTF-16 columns differ');
    assert.deepEqual(rocket.locations[0]!.physicalLocation.region, { startLine: 3, startColumn: column, endLine: 3, endColumn: column + 'fast'.length });
    const stray = run0.results.filter((result) => result.message.text.startsWith("unexpected character '<'")).map((result) => result.locations[0]!.physicalLocation.region);
    assert.deepEqual(stray, [
      { startLine: 1, startColumn: 13, endLine: 1, endColumn: 14 },
      { startLine: 4, startColumn: 1, endLine: 4, endColumn: 2 },
      { startLine: 5, startColumn: 1, endLine: 5, endColumn: 2 },
    ]);
  });

  test('URIs are relative to %SRCROOT%, percent-encoded, and %SRCROOT% is the scan root', () => {
    assert.deepEqual(run0.originalUriBaseIds, { '%SRCROOT%': { uri: `${pathToFileURL(project).href}/` } });
    const locations = artifactLocations(run0);
    assert.ok(locations.length > run0.results.length, 'related locations and fixes add locations');
    for (const location of [...locations, ...run0.artifacts.map((artifact) => artifact.location)]) {
      assert.equal(location.uriBaseId, '%SRCROOT%');
      assert.doesNotMatch(location.uri, /^[A-Za-z][A-Za-z0-9+.-]*:|^\//, `${location.uri} is relative`);
      assert.doesNotMatch(location.uri, /[ <>"]/);
      assert.ok(existsSync(join(project, decodeUri(location.uri))), location.uri);
    }
    const odd = run0.artifacts[3]!.location.uri;
    assert.equal(odd, "specs/odd%20%3C%26%3E%20%22100%25%22%2C%20a%3Ab%20'%C3%A9'.topo");
    assert.equal(decodeUri(odd), ODD);
  });

  test('lists the linted files as artifacts, and every location points at its artifact', () => {
    assert.deepEqual(
      run0.artifacts.map((artifact) => ({ path: decodeUri(artifact.location.uri), roles: artifact.roles })),
      json.files.map((file) => ({ path: file.path, roles: ['analysisTarget'] })),
    );
    for (const location of artifactLocations(run0)) {
      assert.equal(run0.artifacts[location.index!]!.location.uri, location.uri);
    }
  });

  test('has a primaryLocationLineHash for every result, numbered where identical in one file', () => {
    const hashes = run0.results.map((result) => result.partialFingerprints.primaryLocationLineHash);
    for (const hash of hashes) assert.match(hash, /^[0-9a-f]{16}:[1-9][0-9]*$/);
    assert.equal(new Set(hashes).size, hashes.length);
    const stray = run0.results.filter((result) => result.message.text.startsWith("unexpected character '<'") && result.locations[0]!.physicalLocation.region.startColumn === 1);
    const [first, second] = stray.map((result) => result.partialFingerprints.primaryLocationLineHash);
    assert.equal(first!.replace(/:1$/, ':2'), second);
    assert.match(first!, /:1$/);
  });

  test('keeps fingerprints when lines move, so a moved line is not a new alert', () => {
    const moved = temporaryFolder();
    cpSync(project, moved, { recursive: true });
    writeFileSync(join(moved, 'specs', 'main.topo'), `// a new heading\n\n${FILES['specs/main.topo']}`);
    const movedRun = (JSON.parse(lint('sarif', moved)) as Sarif).runs[0]!;
    const inMain = (results: SarifResult[]) => results.filter((result) => result.locations[0]!.physicalLocation.artifactLocation.uri === 'specs/main.topo');
    const before = inMain(run0.results);
    const after = inMain(movedRun.results);
    assert.ok(before.length >= 4, 'main.topo has several results');
    assert.deepEqual(
      after.map((result) => [result.partialFingerprints.primaryLocationLineHash, result.locations[0]!.physicalLocation.region.startLine]),
      before.map((result) => [result.partialFingerprints.primaryLocationLineHash, result.locations[0]!.physicalLocation.region.startLine + 2]),
    );
  });

  test('related locations carry ids, messages and their own files', () => {
    for (const [index, result] of run0.results.entries()) {
      const { finding } = allFindings()[index]!;
      assert.deepEqual(
        (result.relatedLocations ?? []).map((related) => ({ id: related.id, path: decodeUri(related.physicalLocation.artifactLocation.uri), region: related.physicalLocation.region, message: related.message.text })),
        finding.related.map((related, i) => ({ id: i + 1, path: related.path, region: regionOf(related.range), message: related.message })),
      );
    }
    // The cycle is reported in cycle.topo; its other link lives in main.topo.
    const cycle = run0.results.find((result) => result.ruleId === 'sync-cycle')!;
    assert.equal(cycle.locations[0]!.physicalLocation.artifactLocation.uri, 'specs/cycle.topo');
    assert.equal(cycle.relatedLocations!.length, 1);
    assert.equal(cycle.relatedLocations![0]!.physicalLocation.artifactLocation.uri, 'specs/main.topo');
    assert.equal(cycle.relatedLocations![0]!.physicalLocation.region.startLine, 14);
    assert.ok(run0.results.find((result) => result.ruleId === 'sync-chain-depth')!.relatedLocations!.length >= 2, 'the chain lists its hops');
  });

  test('fixes are the findings\' own fixes as line/column replacements, never "Suppress …"', () => {
    let fixed = 0;
    for (const [index, result] of run0.results.entries()) {
      const { finding } = allFindings()[index]!;
      const own = finding.fixes.filter((fix) => !fix.title.startsWith('Suppress '));
      assert.deepEqual(
        (result.fixes ?? []).map((fix) => ({
          title: fix.description.text,
          edits: fix.artifactChanges.flatMap((change) =>
            change.replacements.map((replacement) => ({ path: decodeUri(change.artifactLocation.uri), region: replacement.deletedRegion, newText: replacement.insertedContent?.text ?? '' })),
          ),
        })),
        own.map((fix) => ({ title: fix.title, edits: fix.edits.map((edit) => ({ path: edit.path, region: regionOf(edit.range), newText: edit.newText })) })),
      );
      fixed += result.fixes?.length ?? 0;
      for (const fix of result.fixes ?? []) assert.doesNotMatch(fix.description.text, /^Suppress /);
    }
    // missing-dlq's fix edits two places of one file: one artifactChange with two replacements.
    const dlq = run0.results.find((result) => result.ruleId === 'missing-dlq')!;
    assert.equal(dlq.fixes!.length, 1);
    assert.equal(dlq.fixes![0]!.artifactChanges.length, 1);
    assert.equal(dlq.fixes![0]!.artifactChanges[0]!.replacements.length, 2);
    assert.ok(fixed >= 2, 'missing-dlq and missing-retry bring fixes');
    // Every finding of a risk rule has a "Suppress" fix in the core; none of them reached SARIF.
    assert.ok(allFindings().some(({ finding }) => finding.fixes.some((fix) => fix.title.startsWith('Suppress '))), 'the core offers Suppress fixes');
  });

  test('names the run for code scanning and reports a successful execution', () => {
    assert.deepEqual(run0.automationDetails, { id: 'topo/' });
    assert.deepEqual(run0.invocations, [{ executionSuccessful: true }]);
  });

  test('a baseline hides known findings and says so in a notification', () => {
    const folder = temporaryFolder();
    cpSync(project, folder, { recursive: true });
    const written = topo(['specs', '--write-baseline', 'baseline.json'], folder);
    assert.equal(written.exitCode, 0);
    const result = topo(['specs', '--baseline', 'baseline.json', '--format', 'sarif'], folder);
    assert.equal(result.exitCode, 0);
    const log = JSON.parse(result.stdout) as Sarif;
    validateSarif(log);
    assert.deepEqual(log.runs[0]!.results, []);
    assert.deepEqual(log.runs[0]!.invocations, [
      { executionSuccessful: true, toolExecutionNotifications: [{ level: 'note', message: { text: `${count(allFindings().length, 'known problem')} are hidden by the baseline.` } }] },
    ]);
  });

  test('files outside the scan root get absolute file URIs', () => {
    const inner = join(project, 'elsewhere');
    mkdirSync(inner, { recursive: true });
    const result = run(['lint', '../specs/cycle.topo', '--format', 'sarif'], inner);
    assert.equal(result.stderr, '');
    const log = JSON.parse(result.stdout) as Sarif;
    validateSarif(log);
    const [location] = artifactLocations(log.runs[0]!);
    assert.deepEqual(location, { uri: pathToFileURL(join(project, 'specs', 'cycle.topo')).href, index: 0 });
  });

  test(`keeps the first ${MAX_RESULTS_PER_RUN} results of a larger run and says so`, () => {
    const folder = temporaryFolder();
    const count = MAX_RESULTS_PER_RUN + 3;
    writeProject(folder, { 'big.topo': Array.from({ length: count }, (_, i) => `service S${i}`).join('\n') + '\n' });
    const result = run(['lint', '--format', 'sarif'], folder);
    assert.equal(result.stderr, '');
    assert.equal(result.exitCode, 0);
    const big = (JSON.parse(result.stdout) as Sarif).runs[0]!;
    assert.equal(big.results.length, MAX_RESULTS_PER_RUN);
    assert.ok(big.results.every((r) => r.ruleId === 'orphan-element'), 'only orphan-element results');
    assert.equal(big.results.at(-1)!.locations[0]!.physicalLocation.region.startLine, MAX_RESULTS_PER_RUN);
    assert.deepEqual(big.invocations, [
      {
        executionSuccessful: true,
        toolExecutionNotifications: [
          {
            level: 'warning',
            message: { text: `topo found ${count} problems, more than the ${MAX_RESULTS_PER_RUN} results GitHub code scanning accepts in one run: only the first ${MAX_RESULTS_PER_RUN} (in file order) are included.` },
          },
        ],
      },
    ]);
  });

  test(`keeps at most ${MAX_LOCATIONS_PER_RESULT} locations a result and says so`, () => {
    const text = 'service A\n'.repeat(1300);
    const many = {
      ...finding('sync-cycle', 'error', 'a long cycle', 0, 9),
      related: Array.from({ length: 1200 }, (_, i) => ({ path: 'big.topo', start: (i + 1) * 10, end: (i + 1) * 10 + 9, message: `hop ${i + 2}` })),
    };
    const log = JSON.parse([...formatSarif(handReport([fileReport('big.topo', text, [many])]))].join('')) as Sarif;
    validateSarif(log);
    const [result] = log.runs[0]!.results;
    assert.equal(result!.relatedLocations!.length, MAX_LOCATIONS_PER_RESULT - 1);
    assert.deepEqual(result!.relatedLocations!.at(-1)!.physicalLocation.region, { startLine: 1000, startColumn: 1, endLine: 1000, endColumn: 10 });
    assert.deepEqual(log.runs[0]!.invocations[0]!.toolExecutionNotifications, [
      { level: 'warning', message: { text: `1 result had more related locations than GitHub code scanning accepts: only the first ${MAX_LOCATIONS_PER_RESULT - 1} of each are included.` } },
    ]);
  });
});

// ---------------------------------------------------------------------------
// JUnit

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const XML_FORBIDDEN = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function decodeEntities(raw: string, where: string): string {
  return raw.replace(/&([^;]*);?/g, (match, body: string) => {
    assert.ok(match.endsWith(';'), `unterminated reference in ${where}: ${JSON.stringify(raw)}`);
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
    if (body in named) return named[body]!;
    const numeric = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(body);
    assert.ok(numeric, `unknown reference &${body}; in ${where}`);
    const code = numeric[1] !== undefined ? parseInt(numeric[1], 16) : Number(numeric[2]);
    const char = String.fromCodePoint(code);
    assert.doesNotMatch(char, XML_FORBIDDEN, `&${body}; is not allowed in XML 1.0`);
    return char;
  });
}

/**
 * A small, strict XML 1.0 reader for what the JUnit formatter writes: the declaration,
 * elements, double-quoted attributes, text. It fails on anything not well-formed: an
 * unbalanced or mismatched tag, a raw '<' or '&' in text or in an attribute, a raw '"'
 * inside an attribute, a duplicate attribute, a character XML forbids, ']]>' in text.
 */
function parseXml(xml: string): XmlElement {
  assert.doesNotMatch(xml, XML_FORBIDDEN);
  const declaration = '<?xml version="1.0" encoding="UTF-8"?>';
  assert.ok(xml.startsWith(declaration), 'starts with the XML declaration');
  let at = declaration.length;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const name = /[A-Za-z_][A-Za-z0-9_.-]*/y;
  while (at < xml.length) {
    if (xml[at] !== '<') {
      const end = xml.indexOf('<', at) < 0 ? xml.length : xml.indexOf('<', at);
      const raw = xml.slice(at, end);
      assert.doesNotMatch(raw, /]]>/);
      const text = decodeEntities(raw, 'text');
      if (stack.length) stack.at(-1)!.text += text;
      else assert.match(text, /^\s*$/, 'only white space outside the root element');
      at = end;
      continue;
    }
    if (xml.startsWith('</', at)) {
      name.lastIndex = at + 2;
      const match = name.exec(xml);
      assert.ok(match, `a tag name at ${at}`);
      const open = stack.pop();
      assert.equal(match[0], open?.name, `closing tag matches the open one at ${at}`);
      at = name.lastIndex;
      assert.equal(xml[at], '>');
      at++;
      continue;
    }
    name.lastIndex = at + 1;
    const match = name.exec(xml);
    assert.ok(match, `a tag name at ${at}`);
    const element: XmlElement = { name: match[0], attributes: {}, children: [], text: '' };
    at = name.lastIndex;
    const attribute = /\s+([A-Za-z_][A-Za-z0-9_.-]*)="([^"]*)"/y;
    for (;;) {
      attribute.lastIndex = at;
      const pair = attribute.exec(xml);
      if (!pair) break;
      assert.ok(!(pair[1]! in element.attributes), `duplicate attribute ${pair[1]}`);
      assert.doesNotMatch(pair[2]!, /</, `raw '<' in attribute ${pair[1]}`);
      element.attributes[pair[1]!] = decodeEntities(pair[2]!, `attribute ${pair[1]}`);
      at = attribute.lastIndex;
    }
    const selfClosing = xml.startsWith('/>', at);
    assert.ok(selfClosing || xml[at] === '>', `end of tag <${element.name}> at ${at}: ${JSON.stringify(xml.slice(at, at + 20))}`);
    at += selfClosing ? 2 : 1;
    if (stack.length) stack.at(-1)!.children.push(element);
    else {
      assert.equal(root, undefined, 'one root element');
      root = element;
    }
    if (!selfClosing) stack.push(element);
  }
  assert.equal(stack.length, 0, 'every tag is closed');
  assert.ok(root, 'a root element');
  return root;
}

describe('topo lint --format junit', () => {
  let xml: string;
  let suites: XmlElement;
  before(() => {
    xml = lint('junit');
    suites = parseXml(xml);
  });

  test('has <testsuites> with the totals', () => {
    const findings = allFindings();
    const failures = findings.filter(({ finding }) => finding.severity !== 'info').length;
    assert.equal(suites.name, 'testsuites');
    assert.deepEqual(suites.attributes, {
      name: 'topo lint',
      tests: String(findings.length + 1), // + the clean file's passing test case
      failures: String(failures),
      errors: '0',
      skipped: '0',
      time: '0',
    });
  });

  test('has one <testsuite> per file and one <testcase> per finding', () => {
    assert.deepEqual(
      suites.children.map((suite) => suite.name + ' ' + suite.attributes['name']),
      json.files.map((file) => `testsuite ${file.path}`),
    );
    for (const [index, suite] of suites.children.entries()) {
      const file = json.files[index]!;
      const failing = file.findings.filter((finding) => finding.severity !== 'info').length;
      assert.deepEqual(suite.attributes, { name: file.path, tests: String(Math.max(1, file.findings.length)), failures: String(failing), errors: '0', skipped: '0', time: '0' });
      if (file.findings.length === 0) {
        assert.deepEqual(suite.children, [{ name: 'testcase', attributes: { classname: file.path, name: 'no problems', time: '0' }, children: [], text: '' }]);
        continue;
      }
      assert.equal(suite.children.length, file.findings.length);
      for (const [i, testcase] of suite.children.entries()) {
        const finding = file.findings[i]!;
        const where = `${finding.range.start.line}:${finding.range.start.column}`;
        assert.equal(testcase.name, 'testcase');
        assert.deepEqual(testcase.attributes, { classname: file.path, name: `${finding.ruleId} at ${where}`, time: '0' });
        const body = [
          finding.message,
          `at ${file.path}:${where} (${finding.severity}, ${finding.ruleId})`,
          ...finding.related.map((related) => `related: ${related.path}:${related.range.start.line}:${related.range.start.column}: ${related.message}`),
          `rule: ${ruleDocsUrl(finding.ruleId)}`,
        ].join('\n');
        assert.equal(testcase.children.length, 1);
        const [child] = testcase.children;
        if (finding.severity === 'info') {
          // Infos never fail a build: a passing test case whose output carries the finding.
          assert.deepEqual(child, { name: 'system-out', attributes: {}, children: [], text: body });
        } else {
          assert.deepEqual(child, { name: 'failure', attributes: { message: finding.message, type: finding.ruleId }, children: [], text: body });
        }
      }
    }
  });

  test('escapes markup in names, messages and bodies', () => {
    includes(xml, `<testsuite name="specs/odd &lt;&amp;&gt; &quot;100%&quot;, a:b &apos;é&apos;.topo"`);
    includes(xml, `<failure message="unexpected character &apos;&lt;&apos;`);
    includes(xml, `>unexpected character '&lt;'`);
    assert.match(xml, /<failure message="unterminated string[^"]*&apos;&quot;&apos;[^"]*" type="syntax-error">unterminated string[^<]*'"'/);
    includes(xml, `>unexpected character '&amp;'`);
    // A related location's message ('Ledger' -> 'Billing' …) in the failure's body.
    const cycle = suites.children.find((suite) => suite.attributes['name'] === 'specs/cycle.topo')!.children[0]!.children[0]!;
    assert.match(cycle.text, /\nrelated: specs\/main\.topo:14:1: [^\n]*'Ledger' -> 'Billing'/);
    includes(xml, "'Ledger' -&gt; 'Billing'");
    assert.doesNotMatch(xml.replace(/<\/?[a-z-]+(?: [a-z]+="[^"]*")*\/?>|<\?xml[^>]*\?>/g, ''), /[<>]/, 'no raw < or > outside tags');
  });

  test('strips characters XML forbids and keeps line breaks in attributes', () => {
    const message = 'bad\u0000 \u0001\u000b\u001f\ud800 \uffff end\r\nsecond line\tand "quotes" & <tags> \u{1F680}';
    const report = handReport([fileReport('a.topo', 'service A\n', [finding('missing-timeout', 'warning', message, 0, 7), finding('missing-timeout', 'warning', 'again', 0, 7), finding('missing-retry', 'info', 'an info', 0, 7)])]);
    const out = formatJunit(report);
    const root = parseXml(out);
    const [first, second, info] = root.children[0]!.children;
    const clean = 'bad   end\r\nsecond line\tand "quotes" & <tags> \u{1F680}';
    assert.equal(first!.children[0]!.attributes['message'], clean);
    includes(out, 'message="bad   end&#13;&#10;second line&#9;and &quot;quotes&quot; &amp; &lt;tags&gt; \u{1F680}"');
    includes(out, '>bad   end&#13;\nsecond line\tand "quotes" &amp; &lt;tags&gt; \u{1F680}\nat a.topo:1:1 (warning, missing-timeout)\n');
    assert.equal(first!.children[0]!.text.split('\n').slice(0, 2).join('\n'), clean);
    // A repeated rule at one position is numbered, not merged by reporters.
    assert.deepEqual([first!.attributes['name'], second!.attributes['name'], info!.attributes['name']], ['missing-timeout at 1:1', 'missing-timeout at 1:1 (2)', 'missing-retry at 1:1']);
    assert.equal(info!.children[0]!.name, 'system-out');
    assert.deepEqual(root.attributes, { name: 'topo lint', tests: '3', failures: '2', errors: '0', skipped: '0', time: '0' });
    assert.equal(xmlText('a\u0008b <&> "\''), 'ab &lt;&amp;&gt; "\'');
    assert.equal(xmlAttribute('a\u0008b <&> "\'\n'), 'ab &lt;&amp;&gt; &quot;&apos;&#10;');
  });
});

// ---------------------------------------------------------------------------
// GitHub workflow commands

describe('topo lint --format github', () => {
  test('prints one exact annotation per finding and a summary', () => {
    const out = lint('github');
    // Positions and messages come from `--format json`; the escaping is spelled out: the odd
    // file's name escaped as a property, and '%' (the only character of these messages that
    // needs it) as data.
    const fileProperty = (path: string) => (path === ODD ? `specs/odd <&> "100%25"%2C a%3Ab 'é'.topo` : path);
    const expected = json.files.flatMap((file) =>
      file.findings.map((finding) => {
        const { start, end } = finding.range;
        const command = { error: 'error', warning: 'warning', info: 'notice' }[finding.severity];
        assert.doesNotMatch(finding.message, /[\r\n]/);
        assert.equal(start.line, end.line);
        const message = finding.message.replace(/%/g, '%25');
        return `::${command} file=${fileProperty(file.path)},line=${start.line},col=${start.column},endLine=${end.line},endColumn=${end.column},title=${finding.ruleId}::${message}`;
      }),
    );
    const counts = { error: 0, warning: 0, info: 0 };
    for (const { finding } of allFindings()) counts[finding.severity]++;
    const total = counts.error + counts.warning + counts.info;
    assert.equal(out, [...expected, `topo: ${count(total, 'problem')} (${count(counts.error, 'error')}, ${count(counts.warning, 'warning')}, ${count(counts.info, 'info')}) in 4 files`, ''].join('\n'));

    // Anchors that do not depend on the oracle.
    const lines = out.split('\n');
    const hasLine = (prefix: string, contains = '') =>
      assert.ok(lines.some((line) => line.startsWith(prefix) && line.includes(contains)), `a line starting ${JSON.stringify(prefix)}${contains ? ` with ${JSON.stringify(contains)}` : ''}`);
    const odd = `file=specs/odd <&> "100%25"%2C a%3Ab 'é'.topo`;
    hasLine(`::error ${odd},line=1,col=13,endLine=1,endColumn=14,title=syntax-error::unexpected character '<'`);
    hasLine(`::error ${odd},line=1,col=15,endLine=1,endColumn=16,title=syntax-error::unexpected character '%25'`);
    hasLine(`::error ${odd},line=2,col=15,endLine=2,endColumn=28,title=syntax-error::unterminated string`, `'"'`);
    const rocket = oddLine(3).indexOf('fast') + 1;
    hasLine(`::error ${odd},line=3,col=${rocket},endLine=3,endColumn=${rocket + 4},title=invalid-property::`);
    hasLine('::error file=specs/main.topo,line=5,', "'50%25'");
    hasLine('::warning file=specs/main.topo,');
    hasLine('::notice file=specs/main.topo,');
    assert.equal(lines.filter((line) => line.startsWith('::')).length, total);
  });

  test('escapes data and properties as the runner expects', () => {
    assert.equal(escapeData('100% done\r\nnext: a, b'), '100%25 done%0D%0Anext: a, b');
    assert.equal(escapeProperty('100% done\r\nnext: a, b'), '100%25 done%0D%0Anext%3A a%2C b');
    assert.equal(escapeData('%0A'), '%250A');
    const text = 'service A\nA -> B\n';
    const report = handReport([
      fileReport('dir,x/a:b.topo', text, [
        finding('missing-timeout', 'warning', 'line one\nline two: 100%', 10, 16),
        // A range over two lines: GitHub takes columns only on one line, so none are given.
        finding('sync-cycle', 'error', 'spans lines', 0, 16),
        finding('missing-retry', 'info', 'just so', 0, 0),
      ]),
    ]);
    assert.equal(
      formatGithub(report),
      [
        '::warning file=dir%2Cx/a%3Ab.topo,line=2,col=1,endLine=2,endColumn=7,title=missing-timeout::line one%0Aline two: 100%25',
        '::error file=dir%2Cx/a%3Ab.topo,line=1,endLine=2,title=sync-cycle::spans lines',
        '::notice file=dir%2Cx/a%3Ab.topo,line=1,col=1,endLine=1,endColumn=1,title=missing-retry::just so',
        'topo: 3 problems (1 error, 1 warning, 1 info) in 1 file',
        '',
      ].join('\n'),
    );
    assert.equal(formatGithub(handReport([fileReport('a.topo', text, [])], { baselined: 2 })), 'topo: 1 file checked, no problems; 2 known problems hidden by the baseline\n');
  });
});

test('the three formats are registered for --format', () => {
  assert.deepEqual(Object.keys(FORMATTERS).sort(), ['github', 'json', 'junit', 'sarif', 'stylish']);
  const help = run(['lint', '--help']);
  assert.match(help.stdout.replace(/\s+/g, ' '), /choices: "stylish", "json", "sarif", "junit", "github"/);
});

test('the json report is written entry by entry, and reads exactly as JSON.stringify(report, null, 2) would write it', () => {
  const text = lint('json');
  assert.equal(text, `${JSON.stringify(JSON.parse(text), null, 2)}\n`);
  // Empty lists, an empty project and no projects at all.
  const empty = [...formatJson(handReport([fileReport("empty.topo", "", [])]))].join("");
  assert.equal(empty, `${JSON.stringify(JSON.parse(empty), null, 2)}\n`);
  assert.deepEqual((JSON.parse(empty) as JsonReport).files, [{ path: 'empty.topo', findings: [] }]);
  assert.deepEqual((JSON.parse(empty) as { projects: unknown[] }).projects, []);
});
