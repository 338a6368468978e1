// The `topo` command line. Every failure ends in one line on stderr and a
// documented exit code: 0 clean, 1 errors or too many warnings, 2 usage or I/O.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { createColors } from 'picocolors';
import { RULES, RULE_BY_ID } from '../language/rules/registry';
import { ruleDocsUrl } from '../language/rules/types';
import { closest } from '../language/util/strings';
import { setTiming, timed, Timing } from '../language/timing';
import { CliError, EXIT_OK, EXIT_USAGE } from './errors';
import { writeFileAtomic } from './files';
import { FORMATTERS } from './formatters';
import { CommandResult, runLint } from './lintCommand';
import { runFmt } from './fmtCommand';
import { DIAGRAM_FORMATS, DIAGRAM_VIEWS, runDiagram } from './diagramCommand';
import packageJson from '../../../package.json';

function useColor(stream: NodeJS.WriteStream): boolean {
  if ('NO_COLOR' in process.env) return false;
  if ('FORCE_COLOR' in process.env) return process.env['FORCE_COLOR'] !== '0';
  return stream.isTTY === true;
}

function parseCount(value: string, flag: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < -1) throw new CliError(`${flag} expects a whole number (-1 for no limit), got '${value}'`);
  return number;
}

function rulesTable(color: boolean): string {
  const c = createColors(color);
  const width = Math.max(...RULES.map((rule) => rule.meta.id.length));
  const lines = RULES.map((rule) => {
    const { id, defaultSeverity, fixable, description, category } = rule.meta;
    const severity = category === 'language' ? 'error*' : defaultSeverity;
    return `${id.padEnd(width)}  ${severity.padEnd(7)}  ${fixable ? 'fix' : '   '}  ${c.dim(description)}`;
  });
  return `${'RULE'.padEnd(width)}  DEFAULT  FIX  DESCRIPTION\n${lines.join('\n')}\n\n* language checks: always errors, cannot be configured or suppressed.\n\`topo explain RULE\` shows a rule's documentation.\n`;
}

function explain(id: string): string {
  const rule = RULE_BY_ID.get(id);
  if (!rule) {
    const suggestion = closest(id, RULE_BY_ID.keys());
    throw new CliError(`unknown rule '${id}'${suggestion ? `: did you mean '${suggestion}'?` : ''} (\`topo rules\` lists them)`);
  }
  const path = join(__dirname, '..', 'docs', 'rules', `${id}.md`);
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return `# ${id}\n\n${rule.meta.description}\n\nDocumentation: ${ruleDocsUrl(id)}\n`;
  }
}

/**
 * Runs the command line. `stream`: a big report may come back as `CommandResult.stream`, to be
 * written piece by piece (the `topo` binary); otherwise every output is in `stdout`.
 */
export function run(argv: readonly string[], cwd = process.cwd(), stream = false): CommandResult {
  let result: CommandResult = { stdout: '', stderr: '', exitCode: EXIT_OK };
  const out = (text: string) => (result.stdout += text);
  const program = new Command('topo')
    .description('Catch communication risks (synchronous vs asynchronous) in .topo system designs.')
    .version(packageJson.version, '-v, --version')
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({ writeOut: out, writeErr: (text) => (result.stderr += text), outputError: () => {} });

  program
    .command('lint')
    .description('check .topo files for communication risks')
    .argument('[paths...]', 'files or folders to lint (default: the current folder)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(Object.keys(FORMATTERS)).default('stylish'))
    .option('--max-warnings <n>', 'exit 1 when there are more warnings than this (-1: no limit)')
    .option('-c, --config <file>', 'use this topo.json for every project instead of the discovered ones')
    .option('--rule <id=severity>', 'set a rule\'s severity (error, warning, info, off); repeatable', (value: string, previous: string[] = []) => [...previous, value])
    .option('--baseline <file>', 'report only findings not recorded in this baseline')
    .option('--write-baseline <file>', "record today's findings in this baseline file and exit")
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .action((paths: string[], flags: Record<string, string | string[] | undefined>) => {
      const lint = runLint({
        paths,
        format: flags['format'] as string,
        maxWarnings: flags['maxWarnings'] !== undefined ? parseCount(flags['maxWarnings'] as string, '--max-warnings') : undefined,
        config: flags['config'] as string | undefined,
        rules: (flags['rule'] as string[] | undefined) ?? [],
        baseline: flags['baseline'] as string | undefined,
        writeBaseline: flags['writeBaseline'] as string | undefined,
        color: flags['output'] === undefined && flags['format'] === 'stylish' && useColor(process.stdout),
        cwd,
        toolVersion: packageJson.version,
        stream: stream || flags['output'] !== undefined,
      });
      if (flags['output'] !== undefined) {
        writeFileAtomic(flags['output'] as string, lint.stream ?? lint.stdout);
        lint.stdout = '';
        delete lint.stream;
      }
      result = { stdout: result.stdout + lint.stdout, stderr: result.stderr + lint.stderr, exitCode: lint.exitCode, ...(lint.stream ? { stream: lint.stream } : {}) };
    });

  program
    .command('fmt')
    .description('rewrite .topo files in the canonical layout')
    .argument('[paths...]', 'files or folders to format (default: the current folder)')
    .option('--check', 'write nothing: list the files that would change and exit 1 if any')
    .action((paths: string[], flags: { check?: boolean }) => {
      const fmt = runFmt({ paths, check: flags.check === true, cwd });
      result = { stdout: result.stdout + fmt.stdout, stderr: result.stderr + fmt.stderr, exitCode: fmt.exitCode };
    });

  program
    .command('diagram')
    .description("draw a project as a Mermaid diagram: its topology, an element's neighbourhood, or an entry's request path")
    .argument('[path]', 'a .topo file or a folder of one project (default: the current folder)')
    .addOption(new Option('--view <view>', 'what to draw').choices([...DIAGRAM_VIEWS]).default('topology'))
    .option('--element <name>', 'focus: the element to centre on; sequence: the actor or client whose requests to follow')
    .option('--depth <n>', 'focus: how many links away to draw (default 2)')
    .addOption(new Option('-f, --format <format>', 'output format').choices([...DIAGRAM_FORMATS]).default('mermaid'))
    .option('-o, --output <file>', 'write the diagram to a file (atomically) instead of stdout')
    .action((path: string | undefined, flags: Record<string, string | undefined>) => {
      const diagram = runDiagram({
        path,
        view: flags['view']!,
        element: flags['element'],
        depth: flags['depth'],
        format: flags['format']!,
        output: flags['output'],
        cwd,
        toolVersion: packageJson.version,
      });
      result = { stdout: result.stdout + diagram.stdout, stderr: result.stderr + diagram.stderr, exitCode: diagram.exitCode };
    });

  program
    .command('rules')
    .description('list every rule with its default severity')
    .action(() => {
      out(rulesTable(useColor(process.stdout)));
    });

  program
    .command('explain')
    .description("show a rule's documentation")
    .argument('<rule>', 'the rule id, e.g. missing-dlq')
    .action((id: string) => {
      out(explain(id));
    });

  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') {
        return { ...result, exitCode: EXIT_OK };
      }
      const message = error.message.replace(/^error: /, '').split('\n')[0];
      return { stdout: result.stdout, stderr: `topo: ${message} (see topo --help)\n`, exitCode: EXIT_USAGE };
    }
    if (error instanceof CliError) return { stdout: result.stdout, stderr: `topo: ${error.message}\n`, exitCode: error.exitCode };
    return { stdout: result.stdout, stderr: internalError(error), exitCode: EXIT_USAGE };
  }
  return result;
}

/** One line for a bug (with the stack under TOPO_DEBUG=1). */
function internalError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const detail = process.env['TOPO_DEBUG'] && error instanceof Error ? `\n${error.stack}` : '';
  return `topo: internal error: ${message} (please report it; set TOPO_DEBUG=1 for details)${detail}\n`;
}

/**
 * Writes a report made in pieces to stdout in blocks of about 64 KB, each made as it is
 * needed (stdout is synchronous for files, pipes and terminals on Linux and macOS).
 */
function writeStream(pieces: Iterable<string>): void {
  let block = '';
  for (const piece of pieces) {
    block += piece;
    if (block.length >= 65_536) {
      process.stdout.write(block);
      block = '';
    }
  }
  if (block) process.stdout.write(block);
}

if (require.main === module) {
  // The reader went away (`topo lint | head`): nothing more to say, and no stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_OK);
    process.stderr.write(`topo: cannot write the output: ${error.message}\n`);
    process.exit(EXIT_USAGE);
  });
  // TOPO_TIMING=1: where the time went, on stderr after the output (as ESLint's TIMING=1).
  const timing = process.env['TOPO_TIMING'] ? new Timing() : undefined;
  setTiming(timing);
  const result = run(process.argv.slice(2), process.cwd(), true);
  let exitCode = result.exitCode;
  timed('write', () => {
    process.stdout.write(result.stdout);
    try {
      if (result.stream) writeStream(result.stream);
    } catch (error) {
      // The report's pieces are made as they are written: a bug there still ends in one line.
      result.stderr += internalError(error);
      exitCode = EXIT_USAGE;
    }
  });
  process.stderr.write(result.stderr);
  if (timing) process.stderr.write(timing.format(Number(process.env['TOPO_TIMING']) > 1 ? Number(process.env['TOPO_TIMING']) : 10));
  process.exitCode = exitCode;
}
