// `topo fmt [--check] [PATH...]`: the editor's formatter over files on disk.
// Every file is read before any is written; a file that does not parse is left
// untouched and reported; changed files are written atomically, mode kept.

import { realpathSync } from 'node:fs';
import { formatText } from '../language/format/formatter';
import { LineIndex } from '../language/util/lineIndex';
import { discoverProjects } from './discovery';
import { CliError, EXIT_FINDINGS, EXIT_OK } from './errors';
import { readSourceFile, writeFileAtomic } from './files';
import { CommandResult, scanRelative } from './lintCommand';
import { plural } from './report';

export interface FmtOptions {
  paths: string[];
  /** Write nothing; list the files that would change. */
  check: boolean;
  cwd: string;
}

interface SourceOnDisk {
  /** Absolute path of the file as discovered. */
  path: string;
  /** As shown to the user: relative to the working folder. */
  shown: string;
  text: string;
}

export function runFmt(options: FmtOptions): CommandResult {
  const { cwd } = options;
  const requested = new Set<string>();
  for (const project of discoverProjects(options.paths, cwd)) for (const file of project.requested) requested.add(file);
  const sources: SourceOnDisk[] = [...requested]
    .sort()
    .map((path) => {
      const shown = scanRelative(cwd, path);
      return { path, shown, text: readSourceFile(path, shown) };
    });

  const changed: { source: SourceOnDisk; text: string }[] = [];
  let unchanged = 0;
  let stderr = '';
  for (const source of sources) {
    const result = formatText(source.text);
    if (!result.ok) {
      const at = result.syntaxError ? `:${lineColumn(source.text, result.syntaxError.start)}` : '';
      const why = result.syntaxError ? `syntax error: ${result.syntaxError.message}` : result.reason;
      stderr += `topo: ${source.shown}${at}: not formatted (left untouched): ${why}\n`;
      continue;
    }
    if (result.text === source.text) unchanged++;
    else changed.push({ source, text: result.text });
  }
  const refused = sources.length - unchanged - changed.length;

  let stdout = changed.map(({ source }) => `${source.shown}\n`).join('');
  const already = unchanged > 0 ? `, ${unchanged} already formatted` : '';
  const broken = refused > 0 ? `, ${plural(refused, 'file')} with syntax errors left untouched` : '';
  if (options.check) {
    stdout += `${plural(changed.length, 'file')} would be reformatted${already}${broken}\n`;
    return { stdout, stderr, exitCode: changed.length > 0 || refused > 0 ? EXIT_FINDINGS : EXIT_OK };
  }
  // A symbolic link is written through, not replaced by a file.
  for (const { source, text } of changed) {
    const target = realTarget(source.path);
    try {
      writeFileAtomic(target, text);
    } catch (error) {
      // Name the file as the user wrote it, not by its absolute path.
      if (error instanceof CliError && error.message.startsWith(`${target}: `)) throw new CliError(`${source.shown}${error.message.slice(target.length)}`);
      throw error;
    }
  }
  stdout += `formatted ${plural(changed.length, 'file')}${already}${broken}\n`;
  return { stdout, stderr, exitCode: refused > 0 ? EXIT_FINDINGS : EXIT_OK };
}

function lineColumn(text: string, offset: number): string {
  const { line, character } = new LineIndex(text).positionAt(offset);
  return `${line + 1}:${character + 1}`;
}

function realTarget(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
