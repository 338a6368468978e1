// The preview page in headless Chromium: the HTML the extension shows (previewHtml), the
// bundled script (dist/preview.js, Mermaid inside), and diagrams made by the real language
// server (`topo/diagram`) and turned into messages by the function the extension uses.
// A fake `acquireVsCodeApi`, injected with the page's nonce, records what the page posts.
// Every wait is for an event of the page (a message posted, a notice shown), never a sleep.
//
// Chromium missing: skipped with the reason, or failed with TOPO_REQUIRE_CHROMIUM=1 (the
// render harness decides and launches it: server/test/helpers/mermaidRenderer.ts).

import { before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describeRendering, REPO_ROOT, RESULTS_DIR } from '../helpers/mermaidRenderer';
import { LspClient, uriOf } from '../helpers/lspClient';
import { tempProject } from '../helpers/cli';
import { DiagramRequestType, type DiagramParams, type DiagramResponse } from '../../src/lsp/protocol';
import { contentSecurityPolicy, createNonce, previewHtml } from '../../../client/src/preview/html';
import { checkWebviewMessage, toDiagramMessage, type DiagramMessage, type ToWebview } from '../../../client/src/preview/messages';
import { PREVIEW_LIMITS } from '../../../client/src/preview/limits';

const ORIGIN = 'https://topo-preview.test';
const PAGE_URL = `${ORIGIN}/index.html`;
const SCRIPT_URL = `${ORIGIN}/dist/preview.js`;
const BUNDLE = join(REPO_ROOT, 'dist', 'preview.js');
/** Generous: a render on a loaded 2-core machine can take seconds; the time taken is reported, not asserted. */
const WAIT_MS = 120_000;

const SHOP = [
  'actor Customer "Shopper" { budget: 800ms }',
  'group Front "Storefront" {',
  '  gateway Api "API gateway" { latency: 5ms }',
  '  service Orders { latency: 40ms, availability: 99.95%, description: "takes orders" }',
  '}',
  'database OrdersDb { latency: 8ms }',
  'queue Jobs { dlq: JobsDlq }',
  'queue JobsDlq { monitored: true }',
  'worker Runner { idempotent: true }',
  'Customer -> Api "Place order" { protocol: https }',
  'Api -> Orders { protocol: grpc, timeout: 1s }',
  'Orders -> OrdersDb { timeout: 200ms }',
  'Orders ~> Jobs "order placed"',
  'Jobs ~> Runner { retries: 3, dlq: JobsDlq }',
  '',
].join('\n');

/** What an attacker could write in a .topo file: markup, a directive, an interaction, a script URL. */
const HOSTILE = [
  'actor Mallory "<img src=x onerror=alert(1)>" { description: "<script>alert(2)</script><b onmouseover=alert(3)>hover</b>" }',
  'service Evil "%%{init: {\\"securityLevel\\":\\"loose\\"}}%%" { owner: "javascript:alert(4)" }',
  'service Clicky "click Evil call alert(5)" { technology: "</script><svg onload=alert(6)>" }',
  'Mallory -> Evil "<img src=x onerror=alert(7)>" { protocol: "%%{init: {\\"theme\\":\\"dark\\"}}%%" }',
  'Evil -> Clicky "style Evil fill:red" { timeout: 1s }',
  '',
].join('\n');

/** A chain of services: more elements than the pane draws. */
function bigProject(count: number): string {
  const lines = ['client Web'];
  for (let i = 0; i < count; i++) lines.push(`service S${i} { latency: 1ms }`);
  lines.push('Web -> S0');
  for (let i = 1; i < count; i++) lines.push(`S${i - 1} -> S${i} { timeout: 1s }`);
  return `${lines.join('\n')}\n`;
}

type Answer = Extract<DiagramResponse, { ok: true }>;

interface Diagrams {
  topology: Answer;
  grown: Answer;
  sequence: Answer;
  hostile: Answer;
  big: Answer;
}

/** Asks the built server for every diagram the tests post, as the extension does. */
async function diagramsFromServer(): Promise<Diagrams> {
  const root = tempProject({
    'shop/topo.json': '{}',
    'shop/shop.topo': SHOP,
    'grown/topo.json': '{}',
    'grown/shop.topo': `${SHOP}service Audit { latency: 2ms }\nOrders -> Audit { timeout: 100ms }\n`,
    'hostile/topo.json': '{}',
    'hostile/hostile.topo': HOSTILE,
    'big/topo.json': '{}',
    'big/big.topo': bigProject(PREVIEW_LIMITS.maxNodes + 20),
  });
  const client = new LspClient();
  try {
    await client.initialize(root);
    const ask = async (path: string, params: Omit<DiagramParams, 'uri'>): Promise<Answer> => {
      const response = await client.connection.sendRequest(DiagramRequestType, { uri: uriOf(join(root, path)), ...params });
      if (!response.ok) assert.fail(`the server refused ${params.view} of ${path}: ${response.error}`);
      return response;
    };
    return {
      topology: await ask('shop/shop.topo', { view: 'topology' }),
      grown: await ask('grown/shop.topo', { view: 'topology' }),
      sequence: await ask('shop/shop.topo', { view: 'sequence' }),
      hostile: await ask('hostile/hostile.topo', { view: 'topology' }),
      big: await ask('big/big.topo', { view: 'topology' }),
    };
  } finally {
    await client.shutdown();
  }
}

const message = (answer: Answer): DiagramMessage => toDiagramMessage(answer, 2);

interface Transform {
  x: number;
  y: number;
  scale: number;
}

/** The canvas's CSS transform as numbers (the browser prints them with fewer digits than it was given). */
function parseTransform(css: string): Transform {
  const match = /^translate\((-?[\d.e-]+)px, (-?[\d.e-]+)px\) scale\(([\d.e-]+)\)$/.exec(css);
  assert.ok(match, `a translate and a scale: ${css}`);
  return { x: Number(match[1]), y: Number(match[2]), scale: Number(match[3]) };
}

function assertSameTransform(actual: Transform, expected: Transform, message: string): void {
  for (const key of ['x', 'y', 'scale'] as const) assert.ok(Math.abs(actual[key] - expected[key]) < 1e-3, `${message}: ${key} ${actual[key]} ≈ ${expected[key]}`);
}
const ids = (answer: Answer): Set<string> => new Set(answer.nodes.map((node) => node.id));

interface Posted {
  type: string;
  [key: string]: unknown;
}

/** One page of the preview, with the guards that must stay silent. */
class PreviewPage {
  readonly dialogs: string[] = [];
  readonly consoleErrors: string[] = [];
  readonly pageErrors: string[] = [];
  readonly requests: string[] = [];

  private constructor(
    readonly page: Page,
    readonly nonce: string,
  ) {}

  /**
   * Opens the page the extension shows. `state` is what VS Code would hand back to
   * getState(); `tamper` may change the HTML (a test of the CSP adds what it must block).
   */
  static async open(browser: Browser, options: { state?: unknown; tamper?: (html: string, nonce: string) => string } = {}): Promise<PreviewPage> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const nonce = createNonce();
    const preview = new PreviewPage(page, nonce);
    page.on('dialog', (dialog) => {
      preview.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss().catch(() => undefined);
    });
    page.on('console', (entry) => {
      if (entry.type() === 'error') preview.consoleErrors.push(entry.text());
    });
    page.on('pageerror', (error) => preview.pageErrors.push(error.message));
    let html = previewHtml({ cspSource: ORIGIN, nonce, scriptUri: SCRIPT_URL });
    // VS Code's stand-in: the theme class on the body and acquireVsCodeApi, in a script with the page's nonce.
    const fake = `<script nonce="${nonce}">
      document.body.classList.add('vscode-light');
      window.__posted = [];
      window.__state = ${JSON.stringify(options.state ?? null)} ?? undefined;
      let acquired = false;
      window.acquireVsCodeApi = () => {
        if (acquired) throw new Error('acquireVsCodeApi called twice');
        acquired = true;
        return {
          postMessage: (message) => window.__posted.push(structuredClone(message)),
          getState: () => window.__state,
          setState: (state) => { window.__state = structuredClone(state); },
        };
      };
    </script>`;
    const tag = `<script nonce="${nonce}" src=`;
    assert.ok(html.includes(tag), 'the page loads its script with the nonce');
    html = html.replace(tag, `${fake}\n${tag}`);
    if (options.tamper) html = options.tamper(html, nonce);
    const bundle = readFileSync(BUNDLE);
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (url === PAGE_URL) return route.fulfill({ contentType: 'text/html; charset=utf-8', body: html });
      if (url === SCRIPT_URL) return route.fulfill({ contentType: 'text/javascript; charset=utf-8', body: bundle });
      // The page needs nothing else: every other request is recorded and refused.
      preview.requests.push(url);
      return route.abort();
    });
    await page.goto(PAGE_URL);
    await preview.waitForPosted('ready');
    return preview;
  }

  posted(): Promise<Posted[]> {
    return this.page.evaluate('window.__posted') as Promise<Posted[]>;
  }

  /** Sends a message to the page as the extension's postMessage does. */
  async post(data: ToWebview): Promise<void> {
    await this.page.evaluate((data) => window.postMessage(data, '*'), data as unknown);
  }

  /** Waits until the page has posted `count` messages of the type; returns those. */
  async waitForPosted(type: string, count = 1): Promise<Posted[]> {
    await this.page.waitForFunction(
      ([type, count]) => (window as unknown as { __posted: Posted[] }).__posted.filter((m) => m.type === type).length >= (count as number),
      [type, count] as const,
      { timeout: WAIT_MS },
    );
    return (await this.posted()).filter((m) => m.type === type);
  }

  /** Posts a diagram and waits for the page to report it drawn (its n-th render); returns the render time reported. */
  async draw(diagram: DiagramMessage, render: number): Promise<number> {
    await this.post(diagram);
    const times = await this.waitForPosted('renderTime', render);
    return times[render - 1]!['ms'] as number;
  }

  async renders(): Promise<number> {
    return (await this.posted()).filter((m) => m.type === 'renderTime').length;
  }

  /** The Topo ids of the drawn nodes, in document order. */
  tagged(): Promise<string[]> {
    return this.page.$$eval('#canvas [data-topo-id]', (nodes) => nodes.map((node) => node.getAttribute('data-topo-id')!));
  }

  transform(): Promise<string> {
    return this.page.$eval('#canvas', (canvas) => (canvas as HTMLElement).style.transform);
  }

  svgId(): Promise<string | null> {
    return this.page.evaluate(() => document.querySelector('#canvas svg')?.id ?? null);
  }

  incidents(): string[] {
    return [
      ...this.dialogs.map((d) => `dialog ${d}`),
      ...this.consoleErrors.map((m) => `console.error ${m}`),
      ...this.pageErrors.map((m) => `page error ${m}`),
      ...this.requests.map((url) => `request ${url}`),
    ];
  }

  async screenshot(name: string): Promise<void> {
    mkdirSync(RESULTS_DIR, { recursive: true });
    await this.page.screenshot({ path: join(RESULTS_DIR, `preview-${name}.png`) });
  }

  async close(): Promise<void> {
    await this.page.context().close();
  }
}

/** Opens a page for one test, closes it after, and holds it to the guards. */
async function withPage(t: TestContext, browser: Browser, run: (page: PreviewPage) => Promise<void>, options?: Parameters<typeof PreviewPage.open>[1]): Promise<void> {
  const page = await PreviewPage.open(browser, options);
  try {
    await run(page);
    if (!options?.tamper) assert.deepEqual(page.incidents(), [], 'no dialog, console error, page error or request');
  } finally {
    t.diagnostic(`messages posted by the page: ${JSON.stringify((await page.posted().catch(() => [])).map((m) => m.type))}`);
    await page.close();
  }
}

// The harness decides whether Chromium runs (and launches it); its renderer's browser hosts these pages.
describeRendering('the preview page', (renderer) => {
  let diagrams: Diagrams | undefined;
  before(async () => {
    assert.ok(existsSync(BUNDLE), `${BUNDLE} exists: run "npm run build" first`);
    diagrams = await diagramsFromServer();
  });
  const context = (): { browser: Browser; diagrams: Diagrams } => {
    const browser = renderer().page.context().browser();
    if (!browser || !diagrams) throw new Error('the browser or the diagrams failed to start (see the before hooks)');
    return { browser, diagrams };
  };

  test('the page carries a CSP with a nonce, and an inline script without it does not run', async (t) => {
    const { browser } = context();
    await withPage(t, browser, async (page) => {
      const csp = await page.page.$eval('meta[http-equiv="Content-Security-Policy"]', (meta) => meta.getAttribute('content')!);
      assert.equal(csp, contentSecurityPolicy(ORIGIN, page.nonce));
      const directives = new Map(csp.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
      assert.deepEqual(directives.get('default-src'), ["'none'"]);
      assert.deepEqual(directives.get('script-src'), [`'nonce-${page.nonce}'`], 'scripts only with the nonce: no unsafe-inline, no unsafe-eval, no host');
      assert.ok(page.nonce.length >= 16);
      const scripts = await page.page.$$eval('script', (all) => all.map((script) => ({ nonce: (script as HTMLScriptElement).nonce, src: script.getAttribute('src') })));
      assert.ok(scripts.every((script) => script.nonce === page.nonce));
      assert.ok(scripts.some((script) => script.src === SCRIPT_URL));
    });
    // The same page with a script and an event handler that lack the nonce: the CSP stops both, the preview still starts.
    await withPage(
      t,
      browser,
      async (page) => {
        assert.equal(await page.page.evaluate('window.__rogue'), undefined, 'the inline script without the nonce did not run');
        assert.deepEqual(page.dialogs, []);
        const violations = page.consoleErrors.filter((text) => /Content Security Policy/.test(text));
        assert.ok(violations.length >= 2, `the CSP reported both: ${JSON.stringify(page.consoleErrors)}`);
        assert.deepEqual(page.pageErrors, []);
      },
      {
        tamper: (html) =>
          html.replace('<div id="toolbar"', '<script>window.__rogue = 1; alert("inline")</script><img src="data:," onerror="alert(\'handler\')"><div id="toolbar"'),
      },
    );
  });

  test('a diagram from the server is drawn with one tagged node per element', async (t) => {
    const { browser, diagrams } = context();
    await withPage(t, browser, async (page) => {
      const ms = await page.draw(message(diagrams.topology), 1);
      t.diagnostic(`topology of ${diagrams.topology.nodes.length} elements drawn in ${ms} ms`);
      assert.deepEqual((await page.tagged()).sort(), [...ids(diagrams.topology)].sort());
      assert.equal(await page.page.$$eval('#canvas svg', (svgs) => svgs.length), 1);
      assert.equal(await page.page.textContent('#title'), 'Topology');
      assert.match((await page.page.textContent('#status'))!, /^7 elements, 5 links · drawn in \d+(\.\d)? m?s \(dagre\)$/);
      assert.equal(await page.page.isHidden('#error'), true);
      assert.equal(await page.page.isEnabled('#export-svg'), true);
      await page.screenshot('topology');
    });
  });

  test('a sequence diagram tags its participants', async (t) => {
    const { browser, diagrams } = context();
    await withPage(t, browser, async (page) => {
      await page.draw(message(diagrams.sequence), 1);
      assert.deepEqual(new Set(await page.tagged()), ids(diagrams.sequence));
      assert.match((await page.page.textContent('#status'))!, /participants?, \d+ messages? · drawn in/);
      assert.equal(await page.page.getAttribute('button[data-view="sequence"]', 'aria-pressed'), 'true');
      const entry = diagrams.sequence.nodes.find((node) => node.name === 'Customer')!;
      await page.page.click(`#canvas [data-topo-id="${entry.id}"]`);
      const [reveal] = await page.waitForPosted('reveal');
      assert.deepEqual(reveal, { type: 'reveal', id: entry.id });
      await page.screenshot('sequence');
    });
  });

  test('clicking a node posts reveal with its id; a drag pans and reveals nothing', async (t) => {
    const { browser, diagrams } = context();
    await withPage(t, browser, async (page) => {
      await page.draw(message(diagrams.topology), 1);
      const orders = diagrams.topology.nodes.find((node) => node.name === 'Orders')!;
      await page.page.click(`#canvas [data-topo-id="${orders.id}"]`);
      const [reveal] = await page.waitForPosted('reveal');
      assert.deepEqual(reveal, { type: 'reveal', id: orders.id });
      assert.deepEqual(checkWebviewMessage(reveal, ids(diagrams.topology)), { ok: true, message: { type: 'reveal', id: orders.id } });
      // A drag that starts on a node moves the drawing and is no click.
      const box = (await page.page.locator(`#canvas [data-topo-id="${orders.id}"]`).boundingBox())!;
      const before = await page.transform();
      await page.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.page.mouse.down();
      await page.page.mouse.move(box.x + box.width / 2 + 80, box.y + box.height / 2 + 30, { steps: 5 });
      await page.page.mouse.up();
      assert.notEqual(await page.transform(), before);
      assert.match(await page.transform(), /^translate\(80px, 30px\)/);
      // A click elsewhere shows that the drag's release was handled: still one reveal.
      const api = diagrams.topology.nodes.find((node) => node.name === 'Api')!;
      await page.page.click(`#canvas [data-topo-id="${api.id}"]`);
      const reveals = await page.waitForPosted('reveal', 2);
      assert.deepEqual(reveals, [reveal, { type: 'reveal', id: api.id }]);
    });
  });

  test('hovering a node shows its figures as plain text', async (t) => {
    const { browser, diagrams } = context();
    await withPage(t, browser, async (page) => {
      await page.draw(message(diagrams.topology), 1);
      const orders = diagrams.topology.nodes.find((node) => node.name === 'Orders')!;
      await page.page.hover(`#canvas [data-topo-id="${orders.id}"]`);
      await page.page.waitForSelector('#tooltip:not([hidden])', { timeout: WAIT_MS });
      assert.equal(await page.page.$eval('#tooltip', (tip) => tip.textContent), orders.summary);
      assert.match(orders.summary, /takes orders\nResponse time R: 48 ms/);
      assert.equal(await page.page.$eval('#tooltip', (tip) => tip.childElementCount), 0);
      await page.screenshot('tooltip');
      await page.page.mouse.move(2, 790);
      await page.page.waitForSelector('#tooltip[hidden]', { state: 'attached', timeout: WAIT_MS });
    });
  });

  test('markup, directives and script URLs from a .topo file stay text', async (t) => {
    const { browser, diagrams } = context();
    const hostile = diagrams.hostile;
    assert.doesNotMatch(hostile.text, /<img|<script|%%\{|^\s*click |^\s*style /m, 'the generator escaped it all');
    await withPage(t, browser, async (page) => {
      await page.draw(message(hostile), 1);
      assert.deepEqual(new Set(await page.tagged()), ids(hostile));
      const mallory = hostile.nodes.find((node) => node.name === 'Mallory')!;
      const evil = hostile.nodes.find((node) => node.name === 'Evil')!;
      const clicky = hostile.nodes.find((node) => node.name === 'Clicky')!;
      const text = (id: string) => page.page.$eval(`#canvas [data-topo-id="${id}"]`, (node) => node.textContent ?? '');
      assert.match(await text(mallory.id), /<img src=x onerror=alert\(1\)>/, 'the label shows as the characters written');
      assert.match(await text(evil.id), /%%\{init: \{"securityLevel":"loose"\}\}%%/);
      assert.match(await text(clicky.id), /click Evil call alert\(5\)/);
      const active = await page.page.evaluate(() => {
        const found: string[] = [];
        for (const element of document.querySelectorAll('*')) {
          const tag = element.localName;
          if (['img', 'iframe', 'object', 'embed', 'a', 'form', 'b'].includes(tag)) found.push(`<${tag}>`);
          if (tag === 'script' && element.getAttribute('src') === null && !(element as HTMLScriptElement).nonce) found.push('inline <script>');
          for (const attribute of element.attributes) if (attribute.name.startsWith('on')) found.push(`${attribute.name} on <${tag}>`);
        }
        return found;
      });
      assert.deepEqual(active, [], 'no element or handler from user text');
      // The figures of a hostile element show as text too.
      await page.page.hover(`#canvas [data-topo-id="${mallory.id}"]`);
      await page.page.waitForSelector('#tooltip:not([hidden])', { timeout: WAIT_MS });
      assert.equal(await page.page.$eval('#tooltip', (tip) => tip.textContent), mallory.summary);
      assert.match(mallory.summary, /<script>alert\(2\)<\/script><b onmouseover=alert\(3\)>hover<\/b>/);
      assert.equal(await page.page.$eval('#tooltip', (tip) => tip.childElementCount), 0);
      // Strict mode binds no `click`: a click on a node only posts reveal.
      await page.page.click(`#canvas [data-topo-id="${clicky.id}"]`);
      assert.deepEqual(await page.waitForPosted('reveal'), [{ type: 'reveal', id: clicky.id }]);
      await page.screenshot('injection');
    });
  });

  test('a text Mermaid cannot draw keeps the last diagram under an error notice', async (t) => {
    const { browser, diagrams } = context();
    await withPage(t, browser, async (page) => {
      const good = message(diagrams.topology);
      await page.draw(good, 1);
      const svgBefore = await page.svgId();
      // Not what the generator writes: a broken text tests the page's own handling.
      await page.post({ ...good, text: 'flowchart LR\n  n_Api -->\n' });
      await page.page.waitForSelector('#error:not([hidden])', { timeout: WAIT_MS });
      assert.match((await page.page.textContent('#error'))!, /^Mermaid could not draw this diagram: .*Parse error/s);
      assert.equal(await page.svgId(), svgBefore, 'the last good diagram stays');
      assert.deepEqual((await page.tagged()).sort(), [...ids(diagrams.topology)].sort());
      assert.equal(await page.page.evaluate(() => document.body.querySelectorAll(':scope > [id^="dtopo-svg-"]').length), 0, "Mermaid's scratch element is removed");
      await page.screenshot('mermaid-error');
      // The server's failure: the same notice, the same diagram.
      await page.post({ type: 'error', view: 'focus', depth: 3, message: "unknown element 'Gone'" });
      await page.page.waitForFunction(() => document.getElementById('error')!.textContent === "unknown element 'Gone'", null, { timeout: WAIT_MS });
      assert.equal(await page.svgId(), svgBefore);
      assert.equal(await page.page.getAttribute('button[data-view="focus"]', 'aria-pressed'), 'true');
      assert.equal(await page.page.inputValue('#depth'), '3');
      // A good diagram clears the notice.
      await page.draw(message(diagrams.grown), 2);
      assert.equal(await page.page.isHidden('#error'), true);
      assert.notEqual(await page.svgId(), svgBefore);
      // An error that comes while an older diagram is drawn outlives that drawing.
      await page.page.evaluate((data) => {
        window.dispatchEvent(new MessageEvent('message', { data: data[0] }));
        window.dispatchEvent(new MessageEvent('message', { data: data[1] }));
      }, [message(diagrams.sequence), { type: 'error', view: 'sequence', depth: 2, message: 'the server failed after that' }] as unknown[]);
      await page.waitForPosted('renderTime', 3);
      assert.equal(await page.page.textContent('#error'), 'the server failed after that');
      assert.equal(await page.page.isVisible('#error'), true);
    });
  });

  test('too big: nothing is drawn, the notice offers the focus view', async (t) => {
    const { browser, diagrams } = context();
    const big = message(diagrams.big);
    assert.ok(big.size.nodes > PREVIEW_LIMITS.maxNodes);
    await withPage(t, browser, async (page) => {
      await page.draw(message(diagrams.topology), 1);
      const svgBefore = await page.svgId();
      await page.post(big);
      await page.page.waitForSelector('#big:not([hidden])', { timeout: WAIT_MS });
      assert.match((await page.page.textContent('#big-text'))!, new RegExp(`^This topology is too big to draw here: ${big.size.nodes} nodes \\(the pane draws at most ${PREVIEW_LIMITS.maxNodes}\\)`));
      assert.equal(await page.page.textContent('#status'), `Not drawn: ${diagrams.big.nodes.length} elements, ${diagrams.big.edgeCount} links.`);
      assert.equal(await page.renders(), 1, 'no render started');
      assert.equal(await page.svgId(), svgBefore, 'the last diagram stays instead of a blank pane');
      await page.screenshot('too-big');
      await page.page.click('#big-focus');
      const [focus] = await page.waitForPosted('setView');
      assert.deepEqual(focus, { type: 'setView', view: 'focus', depth: 2 });
      assert.ok(checkWebviewMessage(focus, new Set()).ok);
      // The focus view's answer is drawn and the notice goes.
      await page.draw({ ...message(diagrams.grown), view: 'focus' }, 2);
      assert.equal(await page.page.isHidden('#big'), true);
    });
  });

  test('the same text is not drawn again; new figures reach the tooltips without a layout', async (t) => {
    const { browser, diagrams } = context();
    await withPage(t, browser, async (page) => {
      const diagram = message(diagrams.topology);
      await page.draw(diagram, 1);
      const svgBefore = await page.svgId();
      await page.post(diagram);
      const changed = diagram.nodes.map((node) => ({ ...node, summary: `${node.summary}\nchanged` }));
      await page.post({ type: 'nodes', nodes: changed });
      const orders = changed.find((node) => node.name === 'Orders')!;
      await page.page.hover(`#canvas [data-topo-id="${orders.id}"]`);
      await page.page.waitForFunction((summary) => document.getElementById('tooltip')!.textContent === summary, orders.summary, { timeout: WAIT_MS });
      assert.equal(await page.renders(), 1);
      assert.equal(await page.svgId(), svgBefore);
    });
  });

  test('the newest diagram wins: one that arrives while another is drawn is skipped if a newer one follows', async (t) => {
    const { browser, diagrams } = context();
    await withPage(t, browser, async (page) => {
      // Three messages in one task, dispatched as the page receives them: the first starts drawing, the second is overtaken by the third.
      const burst = [message(diagrams.topology), message(diagrams.grown), message(diagrams.sequence)];
      await page.page.evaluate((burst) => {
        for (const data of burst) window.dispatchEvent(new MessageEvent('message', { data }));
      }, burst as unknown[]);
      await page.waitForPosted('renderTime', 2);
      await page.page.waitForFunction(() => document.querySelector('#canvas svg')?.getAttribute('aria-roledescription') === 'sequence', null, { timeout: WAIT_MS });
      assert.deepEqual(new Set(await page.tagged()), ids(diagrams.sequence));
      assert.equal(await page.page.textContent('#title'), diagrams.sequence.title);
      // Another message after the burst: by the time it is handled, the page would have drawn a third one.
      await page.post({ type: 'error', view: 'sequence', depth: 2, message: 'marker' });
      await page.page.waitForFunction(() => document.getElementById('error')!.textContent === 'marker', null, { timeout: WAIT_MS });
      assert.equal(await page.renders(), 2, 'the grown topology was never drawn');
    });
  });

  test('zoom and pan survive a new diagram, and come back with the page', async (t) => {
    const { browser, diagrams } = context();
    let saved: unknown;
    await withPage(t, browser, async (page) => {
      await page.draw(message(diagrams.topology), 1);
      await page.page.click('#zoom-reset');
      assert.equal(await page.transform(), 'translate(0px, 0px) scale(1)');
      await page.page.click('#zoom-in');
      await page.page.click('#zoom-in');
      const zoomed = await page.transform();
      assert.match(zoomed, /scale\(1\.5625\)$/);
      assert.equal(await page.page.textContent('#zoom-reset'), '156%');
      const box = (await page.page.locator('#viewport').boundingBox())!;
      await page.page.mouse.move(box.x + 200, box.y + 150);
      await page.page.mouse.wheel(0, 200);
      await page.page.waitForFunction((before) => (document.getElementById('canvas') as HTMLElement).style.transform !== before, zoomed, { timeout: WAIT_MS });
      const wheeled = await page.transform();
      await page.draw(message(diagrams.grown), 2);
      assert.equal(await page.transform(), wheeled, 'a new diagram keeps the zoom and pan');
      await page.page.click('button[data-view="focus"]');
      await page.page.selectOption('#depth', '4');
      await page.page.waitForFunction(() => {
        const state = (window as unknown as { __state?: { depth?: number } }).__state;
        return state?.depth === 4;
      }, null, { timeout: WAIT_MS });
      saved = await page.page.evaluate('window.__state');
      assert.equal((saved as { view: string }).view, 'focus');
      assertSameTransform((saved as { transform: Transform }).transform, parseTransform(wheeled), 'the saved state holds the zoom and pan');
    });
    // The panel was hidden and shown again: VS Code rebuilds the page and hands back its state.
    await withPage(
      t,
      context().browser,
      async (page) => {
        assert.equal(await page.page.getAttribute('button[data-view="focus"]', 'aria-pressed'), 'true');
        assert.equal(await page.page.inputValue('#depth'), '4');
        assert.equal(await page.page.isEnabled('#depth'), true);
        const restored = (saved as { transform: Transform }).transform;
        assertSameTransform(parseTransform(await page.transform()), restored, 'the zoom and pan come back');
        await page.draw(message(diagrams.topology), 1);
        assertSameTransform(parseTransform(await page.transform()), restored, 'a restored page does not refit');
      },
      { state: saved },
    );
  });

  test('another view is fitted to the pane; a new diagram of the same view keeps the zoom', async (t) => {
    const { browser, diagrams } = context();
    await withPage(t, browser, async (page) => {
      await page.draw(message(diagrams.topology), 1);
      await page.page.click('#zoom-in');
      const zoomed = await page.transform();
      await page.draw(message(diagrams.grown), 2);
      assert.equal(await page.transform(), zoomed, 'the same view keeps the zoom');
      await page.draw(message(diagrams.sequence), 3);
      const fitted = parseTransform(await page.transform());
      assert.notEqual(await page.transform(), zoomed, 'the sequence view is fitted anew');
      assert.equal(fitted.x, 0);
      assert.equal(fitted.y, 0);
      assert.ok(fitted.scale <= 1, 'fitting never enlarges');
    });
  });

  test('the toolbar posts what the extension accepts: views, depth, export, copy', async (t) => {
    const { browser, diagrams } = context();
    await withPage(t, browser, async (page) => {
      await page.draw(message(diagrams.topology), 1);
      await page.page.click('button[data-view="focus"]');
      await page.page.selectOption('#depth', '5');
      await page.page.click('button[data-view="sequence"]');
      await page.page.click('button[data-view="topology"]');
      assert.deepEqual(await page.waitForPosted('setView', 4), [
        { type: 'setView', view: 'focus', depth: 2 },
        { type: 'setView', view: 'focus', depth: 5 },
        { type: 'setView', view: 'sequence' },
        { type: 'setView', view: 'topology' },
      ]);
      await page.page.click('#export-svg');
      const [exported] = await page.waitForPosted('exportSvg');
      const svg = exported!['svg'] as string;
      assert.match(svg, /^<svg[^>]* xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      assert.ok(svg.includes(diagrams.topology.nodes[0]!.id));
      await page.page.click('#copy-source');
      await page.waitForPosted('copySource');
      // Everything the page posted passes the extension's check.
      for (const posted of await page.posted()) {
        const checked = checkWebviewMessage(posted, ids(diagrams.topology));
        assert.ok(checked.ok, `${posted.type}: ${checked.ok ? '' : checked.reason}`);
      }
    });
  });

  test("a change of VS Code's theme kind draws the diagram again in its colours", async (t) => {
    const { browser, diagrams } = context();
    await withPage(t, browser, async (page) => {
      await page.draw(message(diagrams.topology), 1);
      const light = await page.page.$eval('#canvas svg style', (style) => style.textContent);
      await page.page.evaluate(() => document.body.classList.replace('vscode-light', 'vscode-dark'));
      await page.waitForPosted('renderTime', 2);
      const dark = await page.page.$eval('#canvas svg style', (style) => style.textContent);
      assert.notEqual(dark, light, "Mermaid's dark theme");
      await page.screenshot('dark');
    });
  });
});
