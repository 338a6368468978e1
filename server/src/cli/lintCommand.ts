// `topo lint`: discovery, configuration, the core's lint, baselines and output.

import { relative, resolve, sep } from 'node:path';
import { applyRuleSetting, ConfigError, defaultConfig, parseConfig, RuleSetting } from '../language/config/config';
import { lintDocuments, relocateFindings } from '../language/lint';
import { parseDocument } from '../language/model/model';
import { RULES } from '../language/rules/registry';
import { LineIndex } from '../language/util/lineIndex';
import { timed } from '../language/timing';
import { applyBaseline, writeBaseline } from './baseline';
import { discoverProjects } from './discovery';
import { CliError, EXIT_FINDINGS, EXIT_OK } from './errors';
import { readSourceFile } from './files';
import { FORMATTERS } from './formatters';
import { countFindings, FileReport, LintReport, plural, ProjectReport } from './report';

export interface LintOptions {
  paths: string[];
  format: string;
  maxWarnings: number | undefined;
  config: string | undefined;
  rules: string[];
  baseline: string | undefined;
  writeBaseline: string | undefined;
  color: boolean;
  cwd: string;
  toolVersion: string;
  /** Leave a report made in pieces as `CommandResult.stream`, to be written as it is made (otherwise it is joined into stdout). */
  stream?: boolean;
}

export interface CommandResult {
  stdout: string;
  /** Written after `stdout`, piece by piece, each made as it is asked for (a big report). */
  stream?: Iterable<string>;
  stderr: string;
  exitCode: number;
}

export function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

export function scanRelative(cwd: string, absolute: string): string {
  return toPosix(relative(cwd, absolute)) || '.';
}

/** The rule settings of a topo.json (defaults when there is none), with --rule overrides; a broken file is a CliError naming it. */
export function loadConfig(path: string | undefined, cwd: string, overrides: readonly [string, string][] = []): Map<string, RuleSetting> {
  let config: Map<string, RuleSetting>;
  if (path !== undefined) {
    const shown = scanRelative(cwd, path);
    const text = readSourceFile(path, shown);
    try {
      config = parseConfig(text, RULES);
    } catch (error) {
      if (error instanceof ConfigError) {
        const at = error.line ? `:${error.line}:${error.column}` : '';
        throw new CliError(`${shown}${at}: ${error.key ? `${error.key}: ` : ''}${error.message}`);
      }
      throw error;
    }
  } else {
    config = defaultConfig(RULES);
  }
  for (const [id, severity] of overrides) {
    try {
      applyRuleSetting(config, RULES, id, severity, id);
    } catch (error) {
      if (error instanceof ConfigError) throw new CliError(`--rule ${id}=${severity}: ${error.message}`);
      throw error;
    }
  }
  return config;
}

function parseRuleOverrides(values: readonly string[]): [string, string][] {
  return values.map((value) => {
    const at = value.indexOf('=');
    if (at <= 0 || at === value.length - 1) throw new CliError(`--rule expects ID=SEVERITY (for example --rule missing-dlq=error), got '${value}'`);
    return [value.slice(0, at).trim(), value.slice(at + 1).trim()];
  });
}

export function runLint(options: LintOptions): CommandResult {
  const formatter = FORMATTERS[options.format];
  if (!formatter) {
    throw new CliError(`unknown format '${options.format}': use ${Object.keys(FORMATTERS).join(', ')}`);
  }
  const overrides = parseRuleOverrides(options.rules);
  const { cwd } = options;
  const projects = discoverProjects(options.paths, cwd);
  const sharedConfig = options.config !== undefined ? loadConfig(resolve(cwd, options.config), cwd, overrides) : undefined;

  const files: FileReport[] = [];
  const fileByPath = new Map<string, FileReport>();
  const projectReports: ProjectReport[] = [];
  for (const project of projects) {
    const config = sharedConfig ?? loadConfig(project.configPath, cwd, overrides);
    const documents = timed('read and parse', () => project.files.map((file) => parseDocument(toPosix(relative(project.root, file)), readSourceFile(file, scanRelative(cwd, file)))));
    const result = lintDocuments(documents, config);
    // A project has a handful of files and tens of thousands of paths to map: map each file once.
    const scanPaths = new Map<string, string>();
    const pathOf = (docPath: string): string => {
      let path = scanPaths.get(docPath);
      if (path === undefined) scanPaths.set(docPath, (path = scanRelative(cwd, `${project.root}${sep}${docPath}`)));
      return path;
    };
    const byDoc = new Map<string, FileReport>();
    for (const doc of result.model.documents) {
      const report: FileReport = { path: pathOf(doc.path), text: doc.text, lines: new LineIndex(doc.text), findings: [] };
      byDoc.set(doc.path, report);
      fileByPath.set(report.path, report);
    }
    for (const finding of result.findings) byDoc.get(finding.path)!.findings.push(finding);
    relocateFindings(result.findings, pathOf);
    for (const file of project.files) {
      if (project.requested.has(file)) files.push(fileByPath.get(scanRelative(cwd, file))!);
    }
    projectReports.push({ root: scanRelative(cwd, project.root), model: result.model, figures: result.figures, pathOf });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  if (options.writeBaseline !== undefined) {
    const count = writeBaseline(options.writeBaseline, files);
    return { stdout: '', stderr: `topo: wrote ${plural(count, 'finding')} to ${options.writeBaseline}\n`, exitCode: EXIT_OK };
  }
  const baselined = options.baseline !== undefined ? applyBaseline(options.baseline, files) : 0;

  const report: LintReport = { scanRoot: cwd, files, projects: projectReports, rules: RULES, fileByPath, baselined, toolVersion: options.toolVersion };
  const output = timed(`report (${options.format})`, () => formatter(report, options.color));
  const stream = typeof output === 'string' || !options.stream ? undefined : output;
  const stdout = typeof output === 'string' ? output : stream ? '' : [...output].join('');
  const counts = countFindings(files);
  let stderr = '';
  let exitCode = counts.errors > 0 ? EXIT_FINDINGS : EXIT_OK;
  if (options.maxWarnings !== undefined && options.maxWarnings >= 0 && counts.warnings > options.maxWarnings) {
    stderr = `topo: too many warnings (${counts.warnings}, --max-warnings is ${options.maxWarnings})\n`;
    exitCode = EXIT_FINDINGS;
  }
  return stream ? { stdout, stream, stderr, exitCode } : { stdout, stderr, exitCode };
}
