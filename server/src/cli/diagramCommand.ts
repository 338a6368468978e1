// `topo diagram`: one project's topology, an element's neighbourhood or an
// entry's request path, as Mermaid text, a Markdown document GitHub renders, or
// one self-contained HTML page that renders offline (Mermaid inlined, strict
// security level, a Content-Security-Policy with a nonce, no network).

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { generateDiagram, type Diagram, type DiagramRequest } from '../language/diagram';
import { lintDocuments, type LintResult } from '../language/lint';
import { parseDocument } from '../language/model/model';
import { escapeMarkdown } from '../language/services/markdown';
import { discoverProjects, type ProjectFiles } from './discovery';
import { CliError, describeIoError, EXIT_OK } from './errors';
import { readSourceFile, writeFileAtomic } from './files';
import { loadConfig, scanRelative, toPosix, type CommandResult } from './lintCommand';
import { tooBig } from '../../../client/src/preview/limits';

export const DIAGRAM_VIEWS = ['topology', 'focus', 'sequence'] as const;
export const DIAGRAM_FORMATS = ['mermaid', 'markdown', 'html'] as const;
export const DEFAULT_FOCUS_DEPTH = 2;

export interface DiagramOptions {
  path: string | undefined;
  view: string;
  element: string | undefined;
  depth: string | undefined;
  format: string;
  output: string | undefined;
  cwd: string;
  toolVersion: string;
}

function shown(cwd: string, absolute: string): string {
  return scanRelative(cwd, absolute);
}

/** Control characters out of text printed to a terminal (a file name can hold escape sequences). */
function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

function parseDepth(value: string | undefined): number {
  if (value === undefined) return DEFAULT_FOCUS_DEPTH;
  const depth = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(depth)) throw new CliError(`--depth expects a whole number from 0 up, got '${value}'`);
  return depth;
}

function lintProject(project: ProjectFiles, cwd: string): LintResult {
  const config = loadConfig(project.configPath, cwd);
  const documents = project.files.map((file) => parseDocument(toPosix(relative(project.root, file)), readSourceFile(file, shown(cwd, file))));
  return lintDocuments(documents, config);
}

function request(options: DiagramOptions, result: LintResult): DiagramRequest {
  const { view, element } = options;
  if (options.depth !== undefined && view !== 'focus') throw new CliError('--depth applies to --view focus');
  switch (view) {
    case 'topology':
      if (element !== undefined) throw new CliError('--element applies to --view focus and --view sequence');
      return { view };
    case 'focus':
      if (element === undefined) throw new CliError('--view focus needs --element NAME: the element to centre on');
      return { view, element, depth: parseDepth(options.depth) };
    case 'sequence': {
      if (element !== undefined) return { view, entry: element };
      const { model } = result;
      const entries = [...model.byName.values()].filter((candidate) => candidate.kindClass === 'entry').map((candidate) => candidate.name);
      if (entries.length === 1) return { view, entry: entries[0]! };
      throw new CliError(
        entries.length === 0
          ? '--view sequence draws the request path of an actor or a client, and the project declares none'
          : `--view sequence needs --element ENTRY: one of ${entries.join(', ')}`,
      );
    }
    default:
      throw new CliError(`unknown view '${view}': use ${DIAGRAM_VIEWS.join(', ')}`);
  }
}

export function runDiagram(options: DiagramOptions): CommandResult {
  const { cwd } = options;
  if (!(DIAGRAM_FORMATS as readonly string[]).includes(options.format)) {
    throw new CliError(`unknown format '${options.format}': use ${DIAGRAM_FORMATS.join(', ')}`);
  }
  if (!(DIAGRAM_VIEWS as readonly string[]).includes(options.view)) {
    throw new CliError(`unknown view '${options.view}': use ${DIAGRAM_VIEWS.join(', ')}`);
  }
  const given = options.path ?? '.';
  const projects = discoverProjects([given], cwd);
  if (projects.length > 1) {
    throw new CliError(`${given} holds ${projects.length} projects (${projects.map((project) => shown(cwd, project.root)).join(', ')}): give one of them`);
  }
  const project = projects[0]!;
  const result = lintProject(project, cwd);
  const generated = generateDiagram(result, request(options, result));
  if (!generated.ok) throw new CliError(generated.error);
  const diagram = generated.diagram;
  const where = shown(cwd, project.root);

  let content: string;
  if (options.format === 'markdown') content = markdownDocument(diagram, where);
  else if (options.format === 'html') content = htmlPage(diagram, where, options.toolVersion);
  else content = diagram.text;

  let stderr = diagram.notes.map((note) => `topo: note: ${printable(note)}\n`).join('');
  const undrawable = options.format === 'html' ? tooBig(diagram.size, 'a page') : undefined;
  if (undrawable) stderr += `topo: note: the page does not draw this diagram, too big for Mermaid in a browser: ${undrawable}; it holds the Mermaid source (${FOCUS_HINT})\n`;
  if (options.output !== undefined) {
    writeFileAtomic(resolve(cwd, options.output), content);
    return { stdout: '', stderr, exitCode: EXIT_OK };
  }
  return { stdout: content, stderr, exitCode: EXIT_OK };
}

function heading(diagram: Diagram, where: string): string {
  return where === '.' ? diagram.title : `${diagram.title} — ${where}`;
}

/** A Markdown document: a heading, the notes, and a fenced `mermaid` block (GitHub renders it). */
export function markdownDocument(diagram: Diagram, where: string): string {
  const notes = diagram.notes.map((note) => `- ${escapeMarkdown(note)}\n`).join('');
  // The Mermaid text holds no backtick (user text is escaped), so no fence inside it can close this one.
  return `# ${escapeMarkdown(heading(diagram, where))}\n\n${notes}${notes ? '\n' : ''}\`\`\`mermaid\n${diagram.text}\`\`\`\n`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

/** Where the CLI bundle finds Mermaid's browser build: beside dist/cli.js (esbuild.mjs copies it), or in node_modules when run from source. */
function readMermaid(): string {
  const candidates = [join(__dirname, 'mermaid.min.js'), join(__dirname, '..', '..', '..', 'node_modules', 'mermaid', 'dist', 'mermaid.min.js')];
  let firstError: unknown;
  for (const path of candidates) {
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      firstError ??= error;
    }
  }
  throw new CliError(`cannot read ${candidates[0]}: ${describeIoError(firstError)} (rebuild with npm run build)`);
}

/**
 * Mermaid's code goes inside a <script> element, whose content the HTML parser
 * ends at the first "</script"; "<script" after "<!--" would also change how it
 * reads the rest. Mermaid 12.3 holds neither (only "<!--" inside strings); a
 * future build that did would be refused rather than inlined.
 */
export function inlineableScript(code: string): string {
  if (/<\/?script/i.test(code)) throw new CliError('mermaid.min.js contains "<script" or "</script": it cannot be inlined in a page safely');
  return code;
}

/**
 * The page always lays out with dagre. DESIGN §7 finds ELK quicker past about 250
 * nodes, but on a generated project of 300 elements (900 links, 15 groups) ELK ran
 * Chromium's renderer out of memory at its default heap (with an 8 GB heap it took
 * 5 minutes), while dagre drew it in about 50 s: a slow page beats a crashed one.
 */
const LAYOUT = 'dagre';

/** What to draw instead of a diagram too big for a page. */
const FOCUS_HINT = 'to see a part of it: --view focus --element NAME';

/**
 * The page for a diagram too big to draw: why, what to draw instead, and the Mermaid source
 * (HTML-escaped). No script at all, so the policy allows none.
 */
function undrawablePage(diagram: Diagram, where: string, toolVersion: string, reason: string): string {
  return page(diagram, where, toolVersion, {
    csp: `default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'`,
    style: `  #too-big { border-left: 3px solid #d29922; padding-left: 0.75rem; }\n`,
    body: `<p id="too-big">This diagram is too big for Mermaid to draw in a browser: ${escapeHtml(reason)}; laying it out would take minutes, or fail. Its Mermaid source is below. To see a part of it, run <code>topo diagram --view focus --element NAME --format html</code>.</p>
<pre id="source">${escapeHtml(diagram.text)}</pre>
`,
  });
}

/** A page of `topo diagram --format html`: the head, the title and notes, then `body`. */
function page(diagram: Diagram, where: string, toolVersion: string, parts: { csp: string; style: string; body: string }): string {
  const title = escapeHtml(heading(diagram, where));
  const notes = diagram.notes.length ? `<ul class="notes">${diagram.notes.map((note) => `<li>${escapeHtml(note)}</li>`).join('')}</ul>\n` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${parts.csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="topo ${escapeHtml(toolVersion)}">
<title>${title}</title>
<style>
  body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 1.5rem; color: #1f2328; background: #ffffff; }
  h1 { font-size: 1.3rem; }
  .notes { color: #59636e; }
${parts.style}  @media (prefers-color-scheme: dark) {
    body { color: #e6edf3; background: #0d1117; }
    .notes { color: #9198a1; }
  }
</style>
</head>
<body>
<h1>${title}</h1>
${notes}${parts.body}</body>
</html>
`;
}

/**
 * One self-contained page. The diagram text sits HTML-escaped in a <pre> and is
 * read back with textContent, so nothing in it is markup; no user text is in a
 * script. Scripts run only with the page's nonce; styles must be allowed inline
 * because Mermaid writes a <style> element and style attributes into its SVG;
 * images only from data: URLs; nothing is fetched.
 */
export function htmlPage(diagram: Diagram, where: string, toolVersion: string): string {
  // Mermaid lays a diagram out on the tab's one thread: past the preview's limits that takes
  // minutes or fails (1,000 elements: dagre throws). Such a page says so and keeps the source.
  const undrawable = tooBig(diagram.size, 'a page');
  if (undrawable) return undrawablePage(diagram, where, toolVersion, undrawable);
  const mermaid = inlineableScript(readMermaid());
  const nonce = randomBytes(18).toString('base64');
  const title = escapeHtml(heading(diagram, where));
  const csp = `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'`;
  const config = {
    startOnLoad: false,
    securityLevel: 'strict',
    // Mermaid refuses text over maxTextSize and diagrams over maxEdges (defaults 50,000 and 500): fit them to this diagram.
    maxTextSize: Math.max(50_000, diagram.size.textLength),
    maxEdges: Math.max(500, diagram.size.edges),
    layout: LAYOUT,
  };
  return page(diagram, where, toolVersion, {
    csp,
    style: `  #diagram svg { max-width: 100%; height: auto; }
  #error { color: #d62728; white-space: pre-wrap; }
  details { margin-top: 2rem; }
`,
    body: `<div id="diagram" role="img" aria-label="${title}">Drawing the diagram…</div>
<pre id="error" hidden></pre>
<details><summary>Mermaid source</summary><pre id="source">${escapeHtml(diagram.text)}</pre></details>
<script nonce="${nonce}">${mermaid}</script>
<script nonce="${nonce}">
(async () => {
  const target = document.getElementById('diagram');
  const source = document.getElementById('source').textContent;
  try {
    const dark = window.matchMedia('(prefers-color-scheme: dark)').matches;
    mermaid.initialize({ ...${JSON.stringify(config)}, theme: dark ? 'dark' : 'default' });
    const { svg } = await mermaid.render('topo-diagram', source);
    target.innerHTML = svg;
    target.dataset.rendered = 'true';
  } catch (error) {
    target.textContent = '';
    const box = document.getElementById('error');
    box.hidden = false;
    box.textContent = 'Mermaid could not draw this diagram: ' + (error && error.message ? error.message : String(error));
  }
})();
</script>
`,
  });
}
