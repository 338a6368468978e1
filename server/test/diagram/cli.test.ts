// `topo diagram` end to end through the built bundle (dist/cli.js): formats,
// --output, discovery, and the one-line errors with exit code 2.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateProject } from '../../../scripts/generate-project';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inlineableScript } from '../../src/cli/diagramCommand';
import { CliError } from '../../src/cli/errors';
import { generateDiagram } from '../../src/language/diagram';
import { lint } from '../helpers/project';
import { tempProject, topo } from '../helpers/cli';

const SHOP = `client Web "Web <b>shop</b>" { budget: 1s }
service Orders "</script><script>alert(1)</script>" { latency: 10ms }
database Db
Web -> Orders "%%{init: {\\"securityLevel\\": \\"loose\\"}}%%"
Orders -> Db { timeout: 1s }
`;

function assertOneLineError(run: { stderr: string; status: number | null; stdout: string }, pattern: RegExp): void {
  assert.equal(run.status, 2);
  assert.equal(run.stdout, '');
  const lines = run.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line expected, got:\n${run.stderr}`);
  assert.match(lines[0]!, pattern);
}

describe('topo diagram', () => {
  test('prints the Mermaid text the core generates, for the project of the path', () => {
    const root = tempProject({ 'shop.topo': SHOP });
    const run = topo(['diagram', 'shop.topo'], root);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stderr, '');
    const expected = generateDiagram(lint({ 'shop.topo': SHOP }), { view: 'topology' });
    assert.ok(expected.ok);
    assert.equal(run.stdout, expected.diagram.text);
  });

  test('--view focus and --view sequence', () => {
    const root = tempProject({ 'topo.json': '{}', 'a/shop.topo': SHOP });
    const focus = topo(['diagram', '--view', 'focus', '--element', 'Orders', '--depth', '0'], root);
    assert.equal(focus.status, 0, focus.stderr);
    assert.match(focus.stdout, /^flowchart LR\n {2}n_Orders\["/);
    assert.match(focus.stderr, /^topo: note: 2 links lead further than 0 steps from 'Orders' and are not drawn\.\n$/);
    const sequence = topo(['diagram', 'a', '--view', 'sequence'], root);
    assert.equal(sequence.status, 0, sequence.stderr);
    assert.match(sequence.stdout, /^sequenceDiagram\n {2}participant n_Web as /);
    assert.match(sequence.stdout, /\n {2}n_Web->>\+n_Orders: /);
  });

  test('--format markdown: a heading and a mermaid block', () => {
    const root = tempProject({ 'shop.topo': SHOP });
    const run = topo(['diagram', '.', '--view', 'sequence', '--element', 'Web', '-f', 'markdown'], root);
    assert.equal(run.status, 0, run.stderr);
    const [heading, blank, fence, ...rest] = run.stdout.split('\n');
    assert.equal(heading, "# Request path of 'Web'");
    assert.equal(blank, '');
    assert.equal(fence, '```mermaid');
    assert.equal(rest.slice(-2).join('\n'), '```\n');
    assert.equal((run.stdout.match(/```/g) ?? []).length, 2);
  });

  test('--format html: one page with Mermaid inlined, strict, under a CSP with a nonce, user text inert', () => {
    const root = tempProject({ 'shop.topo': SHOP });
    const run = topo(['diagram', '--format', 'html'], root);
    assert.equal(run.status, 0, run.stderr);
    const page = run.stdout;
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page);
    assert.ok(csp, 'a CSP meta tag');
    const nonce = /script-src 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp[1]!)?.[1];
    assert.ok(nonce, 'scripts need the nonce');
    assert.match(csp[1]!, /^default-src 'none'; /);
    assert.match(csp[1]!, /style-src 'unsafe-inline'/);
    assert.match(csp[1]!, /img-src data:/);
    // Exactly two scripts, both with the nonce: Mermaid and the page's own.
    const scripts = [...page.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
    assert.deepEqual(scripts, [`<script nonce="${nonce}">`, `<script nonce="${nonce}">`]);
    assert.equal((page.match(/<\/script>/gi) ?? []).length, 2, 'no user text closes or opens a script');
    assert.ok(page.length > 1_000_000, 'Mermaid is inlined');
    assert.ok(!/<script[^>]+src=|<link\b|https?:\/\/[^"'\s]*\.js/.test(page.replace(/<script nonce[^>]*>[\s\S]*?<\/script>/g, '')), 'nothing is loaded from elsewhere');
    assert.match(page, /mermaid\.initialize\(\{ \.\.\.\{"startOnLoad":false,"securityLevel":"strict","maxTextSize":50000,"maxEdges":500,"layout":"dagre"\}/);
    // The diagram text sits HTML-escaped in a <pre>, read with textContent.
    const source = /<pre id="source">([^<]*)<\/pre>/.exec(page);
    assert.ok(source, 'the source is in a <pre> with no markup inside');
    const decoded = source[1]!.replace(/&lt;|&gt;|&quot;|&#39;|&amp;/g, (entity) => ({ '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&amp;': '&' })[entity]!);
    const expected = generateDiagram(lint({ 'shop.topo': SHOP }), { view: 'topology' });
    assert.ok(expected.ok);
    assert.equal(decoded, expected.diagram.text);
    assert.ok(!page.includes('alert(1)</script>'));
    assert.match(page, /<title>Topology<\/title>/);
  });

  test('--format html of a diagram too big for a browser: a page without scripts that says why, with the source; a note on stderr', () => {
    const root = tempProject(generateProject({ elements: 300, files: 2, seed: 3 }));
    const run = topo(['diagram', '--format', 'html'], root);
    assert.equal(run.status, 0, run.stderr);
    const page = run.stdout;
    assert.equal((page.match(/<script\b/gi) ?? []).length, 0, 'no script: nothing would run');
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page);
    assert.equal(csp?.[1], "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'");
    assert.ok(page.length < 1_000_000, 'Mermaid is not inlined');
    const reason = /<p id="too-big">This diagram is too big for Mermaid to draw in a browser: (\d+) nodes \(a page draws at most 200\), (\d+) edges \(at most 600\);/.exec(page);
    assert.ok(reason, 'the page says why');
    const expected = generateDiagram(lint(generateProject({ elements: 300, files: 2, seed: 3 })), { view: 'topology' });
    assert.ok(expected.ok);
    assert.deepEqual([Number(reason[1]), Number(reason[2])], [expected.diagram.size.nodes, expected.diagram.size.edges]);
    const source = /<pre id="source">([^<]*)<\/pre>/.exec(page);
    assert.ok(source, 'the source, escaped, with no markup inside');
    assert.ok(source[1]!.startsWith('flowchart'), source[1]!.slice(0, 40));
    assert.match(run.stderr, /^topo: note: the page does not draw this diagram, too big for Mermaid in a browser: \d+ nodes/m);
    // A focus view of the same project is drawn.
    const focus = topo(['diagram', '--format', 'html', '--view', 'focus', '--element', 'Service16', '--depth', '1'], root);
    assert.equal(focus.status, 0, focus.stderr);
    assert.equal((focus.stdout.match(/<script nonce=/g) ?? []).length, 2);
  });

  test('a Mermaid build that could end its <script> element early is refused, not inlined', () => {
    assert.equal(inlineableScript('const a = "<!-- x -->";'), 'const a = "<!-- x -->";');
    assert.throws(() => inlineableScript('const a = "</script>";'), CliError);
    assert.throws(() => inlineableScript('const a = "<SCRIPT>";'), CliError);
    assert.equal(inlineableScript(readFileSync(join(__dirname, '..', '..', '..', 'dist', 'mermaid.min.js'), 'utf8')).length > 1_000_000, true);
  });

  test('the html page escapes the project path in its title', () => {
    const root = tempProject({ 'x<b>y/topo.json': '{}', 'x<b>y/a.topo': 'service A\n' });
    const run = topo(['diagram', 'x<b>y', '-f', 'html'], root);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /<title>Topology — x&lt;b&gt;y<\/title>/);
  });

  test('-o writes the file atomically and prints nothing', () => {
    const root = tempProject({ 'shop.topo': SHOP });
    const run = topo(['diagram', '-f', 'markdown', '-o', 'out/../diagram.md'], root);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, '');
    assert.match(readFileSync(join(root, 'diagram.md'), 'utf8'), /^# Topology\n\n```mermaid\nflowchart LR\n/);
    assert.deepEqual(readdirSync(root).filter((file) => file.includes('.tmp')), []);
    const missing = topo(['diagram', '-o', 'no/such/dir/d.mmd'], root);
    assertOneLineError(missing, /^topo: .*no\/such\/dir\/d\.mmd: cannot write: no such file or directory$/);
    assert.ok(!existsSync(join(root, 'no')));
  });

  test('an unknown element is exit 2 with a did-you-mean', () => {
    const root = tempProject({ 'shop.topo': SHOP });
    assertOneLineError(topo(['diagram', '--view', 'focus', '--element', 'Ordrs'], root), /^topo: unknown element 'Ordrs': did you mean 'Orders'\?$/);
    assertOneLineError(topo(['diagram', '--view', 'sequence', '--element', 'Orders'], root), /^topo: 'Orders' is a service, not an entry: a request path starts at an actor or a client \(entries: Web\)$/);
  });

  test('bad usage is exit 2 with one line', () => {
    const root = tempProject({ 'shop.topo': SHOP, 'two.topo': 'actor Second\n' });
    assertOneLineError(topo(['diagram', '--view', 'map'], root), /^topo: option '--view <view>' argument 'map' is invalid\. Allowed choices are topology, focus, sequence\. \(see topo --help\)$/);
    assertOneLineError(topo(['diagram', '--format', 'svg'], root), /argument 'svg' is invalid/);
    assertOneLineError(topo(['diagram', '--view', 'focus'], root), /^topo: --view focus needs --element NAME/);
    assertOneLineError(topo(['diagram', '--view', 'focus', '--element', 'Orders', '--depth', 'two'], root), /^topo: --depth expects a whole number from 0 up, got 'two'$/);
    assertOneLineError(topo(['diagram', '--depth', '2'], root), /^topo: --depth applies to --view focus$/);
    assertOneLineError(topo(['diagram', '--element', 'Orders'], root), /^topo: --element applies to --view focus and --view sequence$/);
    assertOneLineError(topo(['diagram', '--view', 'sequence'], root), /^topo: --view sequence needs --element ENTRY: one of Web, Second$/);
    assertOneLineError(topo(['diagram', 'missing.topo'], root), /^topo: missing\.topo: no such file or directory$/);
  });

  test('a path that spans several projects is exit 2 asking for one', () => {
    const root = tempProject({ 'one/topo.json': '{}', 'one/a.topo': 'service A\n', 'two/topo.json': '{}', 'two/b.topo': 'service B\n' });
    assertOneLineError(topo(['diagram'], root), /^topo: \. holds 2 projects \(one, two\): give one of them$/);
    assert.equal(topo(['diagram', 'two'], root).status, 0);
  });

  test('a broken topo.json is exit 2 naming the file', () => {
    const root = tempProject({ 'topo.json': '{ "rules": { "no-such-rule": "error" } }', 'a.topo': 'service A\n' });
    assertOneLineError(topo(['diagram'], root), /^topo: topo\.json:1:\d+: rules\.no-such-rule: /);
  });

  test('a project with syntax errors still draws what parses, and says so', () => {
    const root = tempProject({ 'a.topo': 'service A {\nservice B\nA -> B\n' });
    const run = topo(['diagram'], root);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /n_A\["A"\]/);
    assert.equal(run.stderr, 'topo: note: a.topo has syntax errors: the diagram shows what parses.\n');
  });
});
