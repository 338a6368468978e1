// Finds the .topo files of the paths given on the command line and groups them
// into projects: a project is rooted at the nearest folder upward holding a
// topo.json, else at the folder given (for a file: its folder).

import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import fg from 'fast-glob';
import { CliError, describeIoError } from './errors';

export const CONFIG_FILE = 'topo.json';

export interface ProjectFiles {
  /** Absolute path of the project's root folder. */
  root: string;
  /** The project's topo.json, if it has one. */
  configPath: string | undefined;
  /** Every .topo file of the project, absolute, sorted. */
  files: string[];
  /** The files to report on (those the user asked for), absolute. */
  requested: Set<string>;
  /** Files given one by one outside any topo.json project: the project is just those files. */
  explicitOnly: boolean;
}

const IGNORE = ['**/node_modules/**', '**/.git/**'];

function topoFilesUnder(folder: string): string[] {
  return fg.sync('**/*.topo', { cwd: folder, absolute: true, ignore: IGNORE, followSymbolicLinks: false, dot: false, onlyFiles: true, suppressErrors: true })
    .map((file) => resolve(file))
    .sort();
}

const configCache = new Map<string, boolean>();

function hasConfig(folder: string): boolean {
  let found = configCache.get(folder);
  if (found === undefined) configCache.set(folder, (found = existsSync(join(folder, CONFIG_FILE))));
  return found;
}

/** The nearest folder at or above `folder` that holds a topo.json. */
export function findConfigRoot(folder: string): string | undefined {
  for (let current = folder; ; current = dirname(current)) {
    if (hasConfig(current)) return current;
    const parent = dirname(current);
    if (parent === current) return undefined;
  }
}

export function discoverProjects(paths: readonly string[], cwd: string): ProjectFiles[] {
  const projects = new Map<string, ProjectFiles>();
  const project = (root: string, explicitOnly = false): ProjectFiles => {
    const key = explicitOnly ? `${root}\0files` : root;
    let found = projects.get(key);
    if (!found) {
      const configPath = join(root, CONFIG_FILE);
      found = { root, configPath: existsSync(configPath) ? configPath : undefined, files: [], requested: new Set(), explicitOnly };
      projects.set(key, found);
    }
    return found;
  };

  for (const given of paths.length > 0 ? paths : ['.']) {
    const absolute = resolve(cwd, given);
    let stats;
    try {
      stats = statSync(absolute);
    } catch (error) {
      throw new CliError(`${given}: ${describeIoError(error)}`);
    }
    if (stats.isFile()) {
      if (!absolute.endsWith('.topo')) throw new CliError(`${given}: not a .topo file`);
      const root = findConfigRoot(dirname(absolute));
      // Outside any topo.json project, a file given by name is linted with the other files given, not its whole folder.
      if (root) project(root).requested.add(absolute);
      else project(dirname(absolute), true).requested.add(absolute);
      continue;
    }
    if (!stats.isDirectory()) throw new CliError(`${given}: not a file or a directory`);
    const files = topoFilesUnder(absolute);
    if (files.length === 0) throw new CliError(`${given}: no .topo files found`);
    for (const file of files) project(findConfigRoot(dirname(file)) ?? absolute).requested.add(file);
  }

  for (const entry of projects.values()) {
    if (entry.explicitOnly) {
      entry.files = [...entry.requested].sort();
      continue;
    }
    entry.files = topoFilesUnder(entry.root).filter((file) => ownerRoot(file, entry.root) === entry.root);
    for (const file of entry.requested) if (!entry.files.includes(file)) entry.files.push(file);
    entry.files.sort();
  }
  return [...projects.values()].sort((a, b) => (a.root < b.root ? -1 : a.root > b.root ? 1 : 0));
}

/** The project root that owns a file found under `root`: `root`, unless a topo.json between them starts a nested project. */
function ownerRoot(file: string, root: string): string {
  for (let folder = dirname(file); folder.length > root.length && folder.startsWith(root + sep); folder = dirname(folder)) {
    if (hasConfig(folder)) return folder;
  }
  return root;
}
