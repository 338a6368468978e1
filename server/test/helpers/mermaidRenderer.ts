// Renders Mermaid text with the real `mermaid` package (node_modules/mermaid/dist/mermaid.min.js)
// in headless Chromium, as the preview and `topo diagram --format html` do. Mermaid 12 runs in
// the browser only (it declares Node >= 22.12), so this is how a test knows a diagram renders.
//
// One browser per test file, one context and one blank page in it. Guards record everything a
// diagram must never cause: a dialog (alert/confirm/prompt), a console error, an uncaught page
// error, a network request (the page loads nothing: Mermaid is injected inline, so an
// <img src=x> that slipped through would show up here even if its onerror were stripped).
//
// The page has no Content-Security-Policy on purpose: the preview adds one, but these tests
// check that the generator and Mermaid alone keep user text inert, so an injected handler
// would really run here and be caught by the dialog guard.
//
// Whether the tests run at all is decided here (`chromiumStatus`, `describeRendering`):
// Chromium found → run; missing and TOPO_REQUIRE_CHROMIUM=1 (CI) → one failing test;
// missing otherwise → skipped with the reason and the way to enable them.

import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
export const MERMAID_SCRIPT = join(REPO_ROOT, 'node_modules', 'mermaid', 'dist', 'mermaid.min.js');
export const RESULTS_DIR = join(REPO_ROOT, 'test-results');
const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** Mermaid's layout engines. ELK is Mermaid 12's default; the product picks dagre below ~250 nodes. */
export type Layout = 'dagre' | 'elk';

/** The limits the product sets (Mermaid's defaults are 500 edges and 50,000 characters). */
export const MAX_TEXT_SIZE = 20_000_000;
export const MAX_EDGES = 100_000;

export interface RenderOptions {
  /** Set in `mermaid.initialize` before this render, as the product does. Default: dagre. */
  layout?: Layout;
}

export interface RenderResult {
  /** The SVG Mermaid returned ('' when it threw). */
  svg: string;
  /** The diagram type as Mermaid's SVG says it (`aria-roledescription`): flowchart-v2, sequence, error… */
  type: string;
  /** Flowchart: `g.node` elements; sequence: participants. */
  nodes: number;
  /** Flowchart: `path.flowchart-link` elements; sequence: messages. */
  edges: number;
  /** Mermaid ids of the nodes drawn (flowchart: parsed from `ID-flowchart-NODE-N`; sequence: participant ids). */
  nodeIds: string[];
  /** Flowchart: Mermaid's edge ids (`L_FROM_TO_N`); sequence: `FROM->TO` of each message. */
  edgeIds: string[];
  /** Flowchart: the class attribute of each node, by Mermaid id (kind and severity classes land here). */
  nodeClasses: Record<string, string>;
  /** Flowchart: the class attribute of each edge path, in the order of `edgeIds` (edge-pattern-solid, -dotted…). */
  edgeClasses: string[];
  /** The visible text of each node (or participant box), by Mermaid id, whitespace as in the DOM. */
  nodeText: Record<string, string>;
  /** The visible text of every non-empty edge label (flowchart) or message (sequence). */
  edgeText: string[];
  /** Subgraph titles (flowchart). */
  clusterText: string[];
  /** Notes (sequence). */
  noteText: string[];
  /** Time of `mermaid.render` in the page, in milliseconds. */
  ms: number;
  /** Mermaid's error: the exception of `render`, or its "Syntax error in text" SVG. */
  error?: string;
}

export type ChromiumStatus =
  | { state: 'available'; path: string }
  | { state: 'skip'; reason: string }
  | { state: 'fail'; reason: string };

/** Where Chromium is, or why the render tests skip (a laptop) or fail (CI: TOPO_REQUIRE_CHROMIUM=1). */
export function chromiumStatus(env: NodeJS.ProcessEnv = process.env): ChromiumStatus {
  const configured = env.TOPO_CHROMIUM;
  const path = configured || DEFAULT_CHROMIUM;
  if (existsSync(path)) return { state: 'available', path };
  const where = configured ? `TOPO_CHROMIUM=${configured} does not exist` : `${DEFAULT_CHROMIUM} not found and TOPO_CHROMIUM not set`;
  if (env.TOPO_REQUIRE_CHROMIUM === '1') {
    return { state: 'fail', reason: `Chromium is required (TOPO_REQUIRE_CHROMIUM=1) but ${where}: install it with "apt-get install -y chromium"` };
  }
  return {
    state: 'skip',
    reason: `Mermaid render tests skipped: ${where}; enable them with "apt-get install -y chromium" (or TOPO_CHROMIUM=/path/to/chromium)`,
  };
}

/**
 * A suite of render tests sharing one renderer (one browser for the file). `body` declares
 * tests with node:test's `test`; it gets a getter for the renderer, launched in `before`.
 */
export function describeRendering(name: string, body: (renderer: () => MermaidRenderer) => void): void {
  const status = chromiumStatus();
  if (status.state === 'fail') {
    test(name, () => {
      const error = new Error(status.reason);
      error.stack = status.reason; // one line in the report, no stack trace
      throw error;
    });
    return;
  }
  if (status.state === 'skip') {
    test(name, { skip: status.reason });
    return;
  }
  describe(name, () => {
    let renderer: MermaidRenderer | undefined;
    before(async () => {
      renderer = await MermaidRenderer.launch(status.path);
    });
    after(async () => {
      await renderer?.close();
    });
    body(() => {
      if (!renderer) throw new Error('the Mermaid renderer failed to launch (see the before hook)');
      return renderer;
    });
  });
}

const PAGE_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>topo render test</title>
<base href="https://topo-render-test.invalid/">
<style>body { margin: 0; background: #fff; } #diagram { display: inline-block; padding: 12px; }</style>
</head><body><div id="diagram"></div></body></html>`;

// Runs in the page (plain JavaScript: tsx would add helpers to a transpiled function).
const PAGE_SCRIPT = `
(() => {
  const base = { startOnLoad: false, securityLevel: 'strict', maxTextSize: ${MAX_TEXT_SIZE}, maxEdges: ${MAX_EDGES} };
  let currentLayout = null;
  const text = (element) => (element ? element.textContent || '' : '');
  function describe(svg, id) {
    const result = { type: svg.getAttribute('aria-roledescription') || '', nodes: 0, edges: 0, nodeIds: [], edgeIds: [], nodeClasses: {}, edgeClasses: [], nodeText: {}, edgeText: [], clusterText: [], noteText: [] };
    if (result.type === 'sequence') {
      for (const participant of svg.querySelectorAll('[data-et="participant"]')) {
        const name = participant.getAttribute('data-id') || '';
        result.nodeIds.push(name);
        result.nodeText[name] = text(participant);
      }
      result.nodes = result.nodeIds.length;
      for (const message of svg.querySelectorAll('[data-et="message"]')) {
        result.edgeIds.push((message.getAttribute('data-from') || '') + '->' + (message.getAttribute('data-to') || ''));
      }
      result.edges = result.edgeIds.length;
      result.edgeText = [...svg.querySelectorAll('.messageText')].map(text);
      result.noteText = [...svg.querySelectorAll('.noteText')].map(text);
      return result;
    }
    const prefix = id + '-flowchart-';
    for (const node of svg.querySelectorAll('g.node')) {
      const raw = node.id.startsWith(prefix) ? node.id.slice(prefix.length) : node.id;
      const name = raw.replace(/-\\d+$/, '');
      result.nodeIds.push(name);
      result.nodeText[name] = text(node);
      result.nodeClasses[name] = node.getAttribute('class') || '';
    }
    result.nodes = result.nodeIds.length;
    for (const edge of svg.querySelectorAll('path.flowchart-link')) {
      result.edgeIds.push(edge.getAttribute('data-id') || edge.id);
      result.edgeClasses.push(edge.getAttribute('class') || '');
    }
    result.edges = result.edgeIds.length;
    result.edgeText = [...svg.querySelectorAll('g.edgeLabel')].map(text).filter((t) => t.trim() !== '');
    result.clusterText = [...svg.querySelectorAll('g.cluster-label')].map(text);
    return result;
  }
  window.__topo = {
    async render(id, source, layout) {
      const mermaid = window.mermaid;
      if (layout !== currentLayout) {
        mermaid.initialize({ ...base, layout });
        currentLayout = layout;
      }
      const container = document.getElementById('diagram');
      container.replaceChildren();
      let svg = '';
      let error;
      const started = performance.now();
      try {
        const rendered = await mermaid.render(id, source);
        svg = rendered.svg;
        // As the preview does: put the SVG into the page and bind its (strict: no) handlers.
        container.innerHTML = svg;
        if (rendered.bindFunctions) rendered.bindFunctions(container);
        // The SVG is width="100%": give it its natural width (at most 4,000 px) for screenshots.
        const drawn = container.querySelector('svg');
        const width = drawn && drawn.viewBox && drawn.viewBox.baseVal ? drawn.viewBox.baseVal.width : 0;
        container.style.width = width > 0 ? Math.ceil(Math.min(width, 4000)) + 'px' : '';
      } catch (e) {
        error = String((e && e.message) || e);
      }
      const ms = performance.now() - started;
      // On a parse error Mermaid leaves its error SVG in a temporary element (#d<id>).
      const leftover = document.getElementById('d' + id);
      if (leftover) {
        if (!svg) svg = leftover.innerHTML;
        leftover.remove();
      }
      const root = container.querySelector('svg');
      const summary = root ? describe(root, id) : { type: '', nodes: 0, edges: 0, nodeIds: [], edgeIds: [], nodeClasses: {}, edgeClasses: [], nodeText: {}, edgeText: [], clusterText: [], noteText: [] };
      if (!error && (summary.type === 'error' || svg.includes('Syntax error in text'))) {
        error = 'Mermaid drew its error diagram: ' + text(root).replace(/\\s+/g, ' ').trim();
      }
      if (!error && !root) error = 'no <svg> in the page after render';
      return { svg, ms, error, ...summary };
    },
    /** Active content in the live DOM of the diagram: what strict mode and the generator must keep out. */
    activeContent() {
      const found = [];
      const container = document.getElementById('diagram');
      for (const element of container.querySelectorAll('*')) {
        const tag = element.localName.toLowerCase();
        if (['img', 'script', 'iframe', 'object', 'embed', 'a', 'form', 'input', 'button', 'link', 'meta', 'base', 'video', 'audio', 'source', 'image', 'use', 'animate', 'set', 'foreignobject'].includes(tag)) {
          // foreignObject, use, image are how Mermaid itself draws HTML labels and icons: reported
          // only when they reference something outside the document.
          if (tag === 'foreignobject') continue;
          if (tag === 'use' || tag === 'image') {
            const href = element.getAttribute('href') || element.getAttribute('xlink:href') || '';
            if (href === '' || href.startsWith('#')) continue;
          }
          found.push('<' + tag + '> ' + element.outerHTML.slice(0, 160));
        }
        for (const attribute of element.attributes) {
          const name = attribute.name.toLowerCase();
          const value = attribute.value.replace(/[\\s\\u0000-\\u001f]+/g, '').toLowerCase();
          if (name.startsWith('on')) found.push('handler ' + name + '="' + attribute.value.slice(0, 80) + '" on <' + tag + '>');
          if ((name === 'href' || name === 'xlink:href' || name === 'src' || name === 'action' || name === 'formaction') && (value.startsWith('javascript:') || value.startsWith('data:text/html') || value.startsWith('vbscript:'))) {
            found.push(name + '="' + attribute.value.slice(0, 80) + '" on <' + tag + '>');
          }
        }
      }
      return found;
    },
  };
})();
`;

/** One Chromium, one context, one blank page with Mermaid loaded. */
export class MermaidRenderer {
  /** Messages of dialogs that opened (alert, confirm, prompt, beforeunload): must stay empty. */
  readonly dialogs: string[] = [];
  /** console.error messages. */
  readonly consoleErrors: string[] = [];
  /** Uncaught exceptions in the page. */
  readonly pageErrors: string[] = [];
  /** Network requests the page made: it needs none. */
  readonly requests: string[] = [];
  /** All of the above, in the order they happened. */
  private readonly log: string[] = [];
  private renders = 0;

  private constructor(
    private readonly browser: Browser,
    private readonly context: BrowserContext,
    readonly page: Page,
  ) {}

  static async launch(executablePath: string): Promise<MermaidRenderer> {
    const browser = await chromium.launch({
      executablePath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    });
    try {
      const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
      const page = await context.newPage();
      const renderer = new MermaidRenderer(browser, context, page);
      const record = (list: string[], entry: string, kind: string) => {
        list.push(entry);
        renderer.log.push(`${kind} ${entry}`);
      };
      page.on('dialog', (dialog) => {
        record(renderer.dialogs, `${dialog.type()}: ${dialog.message()}`, 'dialog');
        void dialog.dismiss().catch(() => undefined);
      });
      page.on('console', (message) => {
        if (message.type() === 'error') record(renderer.consoleErrors, message.text(), 'console.error');
      });
      page.on('pageerror', (error) => record(renderer.pageErrors, error.message, 'page error'));
      // A relative URL resolves against the <base> of PAGE_HTML, so even <img src=x> makes a
      // request; every request is recorded and aborted (the page needs none).
      await context.route('**/*', async (route) => {
        record(renderer.requests, route.request().url(), 'request');
        await route.abort();
      });
      await page.setContent(PAGE_HTML);
      await page.addScriptTag({ path: MERMAID_SCRIPT });
      await page.addScriptTag({ content: PAGE_SCRIPT });
      await page.waitForFunction('typeof window.mermaid === "object" && typeof window.__topo === "object"');
      return renderer;
    } catch (error) {
      await browser.close();
      throw error;
    }
  }

  /** Renders `text` with `mermaid.render`, puts the SVG into the page, and counts what it drew. */
  async render(text: string, options: RenderOptions = {}): Promise<RenderResult> {
    const id = `topo${++this.renders}`;
    const layout = options.layout ?? 'dagre';
    const result = (await this.page.evaluate(`window.__topo.render(${JSON.stringify(id)}, ${JSON.stringify(text)}, ${JSON.stringify(layout)})`)) as RenderResult;
    if (result.error === undefined || result.error === null) delete result.error;
    return result;
  }

  /** What in the live DOM of the last diagram could run script or load something (empty = inert). */
  async activeContent(): Promise<string[]> {
    return (await this.page.evaluate('window.__topo.activeContent()')) as string[];
  }

  /**
   * What the guards recorded (dialogs, console errors, page errors, requests), in order, since
   * `mark` (a value of `mark()`; default: since the renderer started). Empty: nothing ran or failed.
   */
  incidents(mark = 0): string[] {
    return this.log.slice(mark);
  }

  /** A point in the incident log, for `incidents(mark)`. */
  mark(): number {
    return this.log.length;
  }

  /** A PNG of the last diagram under test-results/ (git-ignored); returns its path. */
  async screenshot(name: string): Promise<string> {
    mkdirSync(RESULTS_DIR, { recursive: true });
    const path = join(RESULTS_DIR, `${name.replace(/[^A-Za-z0-9._-]+/g, '-')}.png`);
    await this.page.locator('#diagram').screenshot({ path, animations: 'disabled' });
    return path;
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => undefined);
    await this.browser.close();
  }
}
