// The server's view of the workspace: every .topo file of every project (open
// documents from the editor, the rest from disk), grouped into projects, with
// per-file parse results cached by content and per-project lint results cached
// until something in the project changes. Only a changed file is re-parsed.

import { readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import fg from 'fast-glob';
import { ConfigError, defaultConfig, parseConfig, RuleSetting } from '../language/config/config';
import { LintCache, lintDocuments, LintResult } from '../language/lint';
import { parseDocument, TopoDocument } from '../language/model/model';
import { RULES } from '../language/rules/registry';
import { LineIndex } from '../language/util/lineIndex';

export const CONFIG_FILE = 'topo.json';

/**
 * Documents that are not files (an untitled editor, a virtual file system) are keyed by
 * their URI rather than a path, and each forms a project of its own.
 */
export function isVirtualKey(key: string): boolean {
  return /^[a-zA-Z][a-zA-Z0-9+.-]+:/.test(key);
}

export interface FileState {
  /** Absolute path. */
  path: string;
  text: string;
  /** Open in the editor (its text comes from the client, not from disk). */
  open: boolean;
  doc: TopoDocument;
  lines: LineIndex;
}

export interface ConfigProblem {
  message: string;
  line: number;
  column: number;
}

export class Project {
  readonly files = new Set<string>();
  config: Map<string, RuleSetting> = defaultConfig(RULES);
  configProblem: ConfigProblem | undefined;
  result: LintResult | undefined;
  /** Symbols and line tables per document, carried from one lint of the project to the next. */
  readonly cache = new LintCache();

  constructor(
    /** Absolute path of the root folder. */
    readonly root: string,
    /** The project's topo.json, if any. */
    readonly configPath: string | undefined,
    /** A project of one document that is not a file: its root is the document's URI. */
    readonly virtual = false,
  ) {}

  /** The path a document has inside the project model: relative to the root, with '/'. */
  docPath(file: string): string {
    if (this.virtual) return file;
    const rel = relative(this.root, file);
    return sep === '/' ? rel : rel.split(sep).join('/');
  }

  absolute(docPath: string): string {
    if (this.virtual) return docPath;
    // Asked for every related location of every diagnostic: each path is joined once, and the
    // same string comes back (its hash is computed once by the maps it is looked up in).
    let path = this.absolutePaths.get(docPath);
    if (path === undefined) this.absolutePaths.set(docPath, (path = join(this.root, ...docPath.split('/'))));
    return path;
  }

  private readonly absolutePaths = new Map<string, string>();
}

function readText(path: string): string | undefined {
  try {
    const bytes = readFileSync(path);
    if (bytes.includes(0)) return undefined;
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

export class Workspace {
  private readonly files = new Map<string, FileState>();
  private readonly projects = new Map<string, Project>();
  private readonly projectOfFile = new Map<string, Project>();
  private folders: string[] = [];
  /** How many files have been parsed: tests use it to check that an edit re-parses one file. */
  parseCount = 0;

  constructor(private readonly log: (message: string) => void = () => {}) {}

  /** Loads every .topo file under the workspace folders from disk. */
  setFolders(folders: readonly string[]): void {
    this.folders = [...folders];
    for (const folder of folders) {
      let found: string[] = [];
      try {
        found = fg.sync('**/*.topo', { cwd: folder, absolute: true, ignore: ['**/node_modules/**', '**/.git/**'], followSymbolicLinks: false, suppressErrors: true });
      } catch (error) {
        this.log(`cannot scan ${folder}: ${String(error)}`);
      }
      for (const file of found) this.loadFromDisk(join(file));
    }
    this.regroup();
  }

  getFile(path: string): FileState | undefined {
    return this.files.get(path);
  }

  projectOf(path: string): Project | undefined {
    return this.projectOfFile.get(path);
  }

  allProjects(): Project[] {
    return [...this.projects.values()];
  }

  /** The editor opened or changed a document: its text now comes from the editor. */
  setOpenText(path: string, text: string): void {
    const known = this.files.get(path);
    this.setText(path, text, true);
    if (!known) this.regroup();
  }

  /** The editor closed a document: its text comes from disk again (or it leaves, if it is not on disk). */
  close(path: string): void {
    const file = this.files.get(path);
    if (!file) return;
    file.open = false;
    const text = isVirtualKey(path) ? undefined : readText(path);
    if (text === undefined) this.remove(path);
    else this.setText(path, text, false);
  }

  /** A watched file changed on disk. Open documents keep the editor's text. */
  diskChanged(path: string): void {
    if (path.endsWith(CONFIG_FILE) && !path.endsWith('.topo')) {
      this.regroup();
      return;
    }
    const file = this.files.get(path);
    if (file?.open) return;
    const had = file !== undefined;
    if (!this.loadFromDisk(path)) {
      if (had) this.remove(path);
      return;
    }
    if (!had) this.regroup();
  }

  diskDeleted(path: string): void {
    if (path.endsWith(CONFIG_FILE) && !path.endsWith('.topo')) {
      this.regroup();
      return;
    }
    const file = this.files.get(path);
    if (!file) {
      // A deleted folder: every file under it goes.
      const prefix = path.endsWith(sep) ? path : path + sep;
      for (const known of [...this.files.keys()]) if (known.startsWith(prefix) && !this.files.get(known)!.open) this.remove(known);
      return;
    }
    if (file.open) return;
    this.remove(path);
  }

  /** Lints the project if anything in it changed since its last lint. */
  resultOf(project: Project): LintResult {
    if (!project.result) {
      const docs = [...project.files].map((path) => this.files.get(path)!.doc);
      project.result = lintDocuments(docs, project.config, project.cache);
    }
    return project.result;
  }

  private setText(path: string, text: string, open: boolean): void {
    const existing = this.files.get(path);
    if (existing && existing.text === text) {
      existing.open = open;
      return;
    }
    const project = this.projectOfFile.get(path);
    const docPath = project ? project.docPath(path) : path;
    this.parseCount++;
    const state: FileState = { path, text, open, doc: parseDocument(docPath, text), lines: new LineIndex(text) };
    this.files.set(path, state);
    if (project) project.result = undefined;
  }

  private loadFromDisk(path: string): boolean {
    const text = readText(path);
    if (text === undefined) return false;
    const existing = this.files.get(path);
    this.setText(path, text, existing?.open ?? false);
    return true;
  }

  private remove(path: string): void {
    this.files.delete(path);
    const project = this.projectOfFile.get(path);
    this.projectOfFile.delete(path);
    if (project) {
      project.files.delete(path);
      project.result = undefined;
    }
  }

  private folderOf(path: string): string {
    let best: string | undefined;
    for (const folder of this.folders) {
      if ((path.startsWith(folder + sep) || path === folder) && (!best || folder.length > best.length)) best = folder;
    }
    return best ?? dirname(path);
  }

  private configRoot(path: string, stop: string, cache: Map<string, string | undefined>): string | undefined {
    const visited: string[] = [];
    let found: string | undefined;
    for (let folder = dirname(path); ; folder = dirname(folder)) {
      if (cache.has(folder)) {
        found = cache.get(folder);
        break;
      }
      visited.push(folder);
      if (isFile(join(folder, CONFIG_FILE))) {
        found = folder;
        break;
      }
      if (folder === stop || dirname(folder) === folder) break;
    }
    for (const folder of visited) cache.set(folder, found);
    return found;
  }

  /** Assigns every file to its project (nearest topo.json upward, else its workspace folder) and reloads configs. */
  regroup(): void {
    const cache = new Map<string, string | undefined>();
    this.projects.clear();
    this.projectOfFile.clear();
    for (const path of this.files.keys()) {
      if (isVirtualKey(path)) {
        const project = new Project(path, undefined, true);
        project.files.add(path);
        this.projects.set(path, project);
        this.projectOfFile.set(path, project);
        continue;
      }
      const root = this.configRoot(path, this.folderOf(path), cache) ?? this.folderOf(path);
      let project = this.projects.get(root);
      if (!project) {
        const configPath = isFile(join(root, CONFIG_FILE)) ? join(root, CONFIG_FILE) : undefined;
        project = new Project(root, configPath);
        this.loadConfig(project);
        this.projects.set(root, project);
      }
      project.files.add(path);
      this.projectOfFile.set(path, project);
    }
    // Document paths are relative to the project root: re-parse files whose root moved.
    for (const [path, project] of this.projectOfFile) {
      const file = this.files.get(path)!;
      const docPath = project.docPath(path);
      if (file.doc.path !== docPath) file.doc = { ...file.doc, path: docPath };
    }
  }

  private loadConfig(project: Project): void {
    project.config = defaultConfig(RULES);
    project.configProblem = undefined;
    project.result = undefined;
    if (!project.configPath) return;
    const text = readText(project.configPath);
    if (text === undefined) {
      project.configProblem = { message: 'cannot read topo.json as UTF-8 text', line: 1, column: 1 };
      return;
    }
    try {
      project.config = parseConfig(text, RULES);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      project.configProblem = {
        message: `${error.key ? `${error.key}: ` : ''}${error.message}`,
        line: error.line ?? 1,
        column: error.column ?? 1,
      };
    }
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
