// An injection corpus through every view, rendered by the real Mermaid (securityLevel
// 'strict') in Chromium. Names are letters, digits and `_` (the grammar), so the payloads go
// wherever a user writes a string: element and group labels, descriptions, owners,
// technologies, tags, link labels, link descriptions and protocols in string form. Each
// diagram must render, run no script (no dialog, no console error, no page error, no
// request), hold no active content in the live DOM, and show the user's text as text.
// The first test shows the guards do see an injection when Mermaid is handed one.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeRendering, type MermaidRenderer, type RenderResult } from '../helpers/mermaidRenderer';
import { lintFiles } from './projects';
import { describeRequest, generate, renderAndCheck } from './expectations';
import type { Diagram, DiagramRequest } from '../../src/language/diagram/types';
import { MAX_LABEL_LENGTH, nodeId } from '../../src/language/diagram/escape';

const PAYLOADS: { name: string; text: string }[] = [
  { name: 'img onerror', text: '<img src=x onerror=alert(1)>' },
  { name: 'script end tag', text: '</script><script>alert(1)</script>' },
  { name: 'svg onload', text: '<svg onload=alert(1)><foreignObject><iframe src="javascript:alert(1)"></iframe></foreignObject></svg>' },
  { name: 'double quote', text: 'say "hi" "]; click n_Web call alert(1) %%' },
  { name: 'single quote', text: "it's 'quoted' ' ' '" },
  { name: 'brackets', text: 'a[b] {c} (d) [[e]] ((f)) {{g}} [(h)] >i] [/j/] ([k])' },
  { name: 'init directive', text: '%%{init: {"securityLevel": "loose"}}%%' },
  { name: 'init directive, mid-label', text: 'x %%{init: {"securityLevel":"loose","startOnLoad":true}}%% y' },
  { name: 'click line', text: 'click A call alert(1)' },
  { name: 'click after newline', text: 'x\nclick n_Web call alert(1)\nstyle n_Web fill:#f00' },
  { name: 'javascript URL', text: 'javascript:alert(1)' },
  { name: 'anchor', text: '<a href=javascript:alert(1)>x</a>' },
  { name: 'anchor, entity-coded', text: '#lt;a href=javascript:alert(1)#gt;x#lt;/a#gt; #60;img src=x onerror=alert(1)#62;' },
  { name: 'html entities', text: '&lt;img src=x onerror=alert(1)&gt; &amp; &quot; &#60;b&#62;' },
  { name: 'bidi overrides', text: 'invoice \u202Efdp.exe\u202C and \u202Dlro\u202C, \u2066isolate\u2069 \u200F\u200E' },
  { name: 'zero-width and separators', text: 'a\u200Bb\u200Dc\uFEFFd\u2028e\u2029f' },
  { name: 'backticks and markdown', text: '`**bold** _it_` ``code`` [link](javascript:alert(1))' },
  { name: 'hash and entity codes', text: '# #35; #quot; #9829; ##; ﬂ°°123¶ß' },
  { name: 'semicolons and colons', text: 'a; b;; c: d : e; Note over n_Web: x' },
  { name: 'arrows', text: 'A --> B -.-> C ==> D ->> E -) F ~> G --x H' },
  { name: 'end keyword', text: 'end' },
  { name: 'end lines', text: 'end\nend\nsubgraph x\nend' },
  { name: 'newline escapes', text: 'line one\nline two\n\nline four\ttabbed' },
  { name: 'backslashes', text: 'C:\\temp\\n \\" \\\\ \\u0041' },
  { name: 'css and classDef', text: 'classDef x fill:#f00,font-family:"x;}</style><script>alert(1)</script>"' },
  { name: 'KaTeX and icons', text: '$$\\href{javascript:alert(1)}{x}$$ fa:fa-car' },
  { name: 'leading and trailing spaces', text: '   spaced   ' },
  { name: 'very long label', text: `${'<b>long</b> "label" '.repeat(60)}END` },
];

/** A Topo string literal: one line, with the grammar's \" \\ \n \t escapes. */
function topoString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t')}"`;
}

/** A small project with `text` in every string a user can write; `suffix` goes after every name. */
function projectWith(text: string, suffix = ''): string {
  const s = topoString(text);
  const [Web, Person, Edge, Api, Inner, Orders, Db, Jobs, JobsDlq, Mailer, Smtp] = ['Web', 'Person', 'Edge', 'Api', 'Inner', 'Orders', 'Db', 'Jobs', 'JobsDlq', 'Mailer', 'Smtp'].map((name) => `${name}${suffix}`);
  return [
    `client ${Web} ${s} { description: ${s}, owner: ${s}, technology: ${s}, tags: [${s}, "plain"], budget: 2s }`,
    `actor ${Person} ${s}`,
    `group ${Edge} ${s} {`,
    `  gateway ${Api} ${s} { description: ${s}, latency: 5ms }`,
    `  group ${Inner} ${s} {`,
    `    service ${Orders} ${s} { latency: 20ms, technology: ${s}, tags: [${s}] }`,
    `    database ${Db} ${s} { latency: 2ms }`,
    '  }',
    '}',
    `queue ${Jobs} ${s} { dlq: ${JobsDlq}, description: ${s} }`,
    `queue ${JobsDlq} { monitored: true }`,
    `worker ${Mailer} ${s} { idempotent: true, critical: false }`,
    `external ${Smtp} ${s}`,
    `${Web} -> ${Api} ${s} { protocol: ${s}, timeout: 2s, description: ${s} }`,
    `${Api} -> ${Orders} ${s} { protocol: grpc, timeout: 1s }`,
    `${Orders} -> ${Db} { protocol: ${s}, timeout: 100ms }`,
    `${Orders} ~> ${Jobs} ${s} { protocol: ${s} }`,
    `${Jobs} ~> ${Mailer} { retries: 3, dlq: ${JobsDlq} }`,
    `${Mailer} -> ${Smtp} ${s} { protocol: ${s}, timeout: 2s, circuit_breaker: true }`,
    `${Smtp} ~> ${Person} ${s}`,
    '',
  ].join('\n');
}

/** The views of the payload project: the whole, two neighbourhoods, the request path. */
const VIEWS: DiagramRequest[] = [
  { view: 'topology' },
  { view: 'focus', element: 'Orders', depth: 1 },
  { view: 'focus', element: 'Web', depth: 2 },
  { view: 'sequence', entry: 'Web' },
];

/**
 * Text compared as a reader sees it: runs of white space are one space (a line break is
 * layout), and the invisible U+200C that escape.ts documents after "ﬂ" and "¶" (so that the
 * user's own "ﬂ°"/"¶ß" are not read as Mermaid's entity placeholders) is dropped.
 */
const normalize = (text: string) =>
  text
    .replace(/(?<=[\uFB02\u00B6])\u200C/g, '')
    .replace(/\s+/g, ' ')
    .trim();

/** How the generator shows a label: cut to MAX_LABEL_LENGTH code points with an ellipsis. */
function shown(text: string): string {
  const points = [...text];
  return normalize(points.length > MAX_LABEL_LENGTH ? `${points.slice(0, MAX_LABEL_LENGTH - 1).join('')}\u2026` : text);
}

const includesText = (haystack: readonly string[], needle: string) => haystack.some((text) => normalize(text).includes(needle));

/** Renders one view and asserts everything the corpus is about; returns the render. */
async function renderSafely(renderer: MermaidRenderer, diagram: Diagram): Promise<RenderResult> {
  // The Mermaid text itself: no directive, no interaction, no styling from user text.
  assert.doesNotMatch(diagram.text, /%%\{/, 'no %%{init}%% directive in the generated text');
  assert.doesNotMatch(diagram.text, /^\s*(click|callback|href|link|links)\b/im, 'no click/link line in the generated text');
  const rendered = await renderAndCheck(renderer, diagram);
  assert.deepEqual(await renderer.activeContent(), [], 'no active content in the live DOM of the diagram');
  // And in the SVG text: user text is escaped there (&lt;img …), so only real tags match.
  const tags = rendered.svg.match(/<[A-Za-z][^>]*>/g) ?? [];
  const active = tags.filter((tag) => /^<(img|script|iframe|object|embed|a|form|input)[\s/>]/i.test(tag) || /\son[a-z]+\s*=/i.test(tag.replace(/"[^"]*"|'[^']*'/g, '""')));
  assert.deepEqual(active, [], 'no active tag or handler attribute in the SVG text');
  return rendered;
}

describeRendering('an injection corpus renders as text, in every view', (renderer) => {
  /** Where the corpus starts in the renderer's incident log: after the control test's own. */
  let corpusStart = 0;

  test('the guards catch an injection when Mermaid is handed one (control)', async () => {
    const r = renderer();
    const mark = r.mark();
    // Hand-written Mermaid with raw HTML in a label: strict mode strips the handler but keeps
    // the <img>, which loads a URL. The checks below must see both.
    const rendered = await r.render('flowchart LR\n  A["<img src=x onerror=alert(1)> x"] --> B\n');
    assert.equal(rendered.error, undefined);
    assert.ok((await r.activeContent()).some((finding) => finding.startsWith('<img>')), 'activeContent() reports the <img>');
    // The aborted request of the <img> is an event: wait for it rather than for a time.
    const isImage = (url: string) => url.endsWith('/x');
    if (!r.requests.some(isImage)) await r.page.waitForEvent('requestfailed', { predicate: (request) => isImage(request.url()) });
    assert.ok(r.incidents(mark).some((incident) => incident.startsWith('request ') && isImage(incident)), 'the request guard records the <img> load');
    // And a script that runs is seen by the dialog guard.
    const dialog = r.page.waitForEvent('dialog');
    await r.page.evaluate('setTimeout(() => alert("guard check"), 0)');
    await dialog;
    assert.ok(r.incidents(mark).includes('dialog alert: guard check'), 'the dialog guard records an alert');
    // Each aborted load logs a console error: wait for all of them, so that they are counted
    // here and not in the first payload's render.
    const loads = () => r.requests.filter(isImage).length;
    const failures = () => r.consoleErrors.filter((message) => message.includes('ERR_FAILED')).length;
    while (failures() < loads()) await r.page.waitForEvent('console', { predicate: (message) => message.type() === 'error' });
    corpusStart = r.mark();
  });

  for (const payload of PAYLOADS) {
    test(`payload: ${payload.name}`, async () => {
      const result = lintFiles({ 'main.topo': projectWith(payload.text) });
      const syntaxErrors = result.findings.filter((finding) => finding.ruleId === 'syntax-error');
      assert.deepEqual(syntaxErrors, [], 'the payload project parses');
      const expected = shown(payload.text);
      for (const request of VIEWS) {
        const diagram = generate(result, request);
        const rendered = await renderSafely(renderer(), diagram);
        const where = `${payload.name}, ${describeRequest(request)}`;
        if (request.view === 'sequence') {
          assert.ok(normalize(rendered.nodeText[nodeId('Web')] ?? '').includes(expected), `${where}: Web's participant shows the label as text: ${JSON.stringify(rendered.nodeText)}`);
          assert.ok(includesText(rendered.edgeText, expected), `${where}: a message shows the link label as text: ${JSON.stringify(rendered.edgeText)}`);
          continue;
        }
        for (const node of diagram.nodes.filter((n) => n.name !== 'JobsDlq')) {
          assert.ok(normalize(rendered.nodeText[node.id] ?? '').includes(expected), `${where}: ${node.name} shows its label as text: ${JSON.stringify(rendered.nodeText[node.id])}`);
        }
        const labelled = diagram.edges.filter((edge) => edge.from !== nodeId('Jobs'));
        if (labelled.length > 0) {
          assert.ok(includesText(rendered.edgeText, expected), `${where}: link labels show as text: ${JSON.stringify(rendered.edgeText)}`);
        }
        if (request.view === 'topology') {
          assert.ok(includesText(rendered.clusterText, expected), `${where}: group labels show as text: ${JSON.stringify(rendered.clusterText)}`);
        }
      }
      await renderer().screenshot(`injection-${payload.name}`);
    });
  }

  test('names that are Mermaid keywords, JavaScript property names and other scripts', async () => {
    const names = ['end', 'click', 'style', 'classDef', 'subgraph', 'graph', 'flowchart', 'participant', 'Note', 'default', 'call', 'href', 'linkStyle', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'ﬂ', 'Ünïcødé', 'مرحبا', '東京'];
    const lines = ['client Entry', `Entry -> ${names[0]} { timeout: 1s }`];
    for (const name of names) lines.push(`service ${name} { latency: 1ms }`);
    for (let i = 1; i < names.length; i++) lines.push(`${names[i - 1]} -> ${names[i]} { timeout: 1s }`);
    const result = lintFiles({ 'main.topo': `${lines.join('\n')}\n` });
    assert.deepEqual(result.findings.filter((f) => f.ruleId === 'syntax-error' || f.ruleId === 'duplicate-element'), [], 'the names parse');
    for (const request of [{ view: 'topology' }, { view: 'focus', element: 'end', depth: 2 }, { view: 'sequence', entry: 'Entry' }] as DiagramRequest[]) {
      const diagram = generate(result, request);
      const rendered = await renderSafely(renderer(), diagram);
      for (const node of diagram.nodes) {
        assert.ok(normalize(rendered.nodeText[node.id] ?? '').includes(node.name), `${describeRequest(request)}: ${node.name} shows its name: ${JSON.stringify(rendered.nodeText[node.id])}`);
      }
    }
  });

  test('every payload at once: the topology, every request path, focus views', { timeout: 300_000 }, async () => {
    // One project holding the whole corpus, each payload in its own slice of elements.
    const files: Record<string, string> = {};
    PAYLOADS.forEach((payload, i) => {
      files[`p${i}.topo`] = projectWith(payload.text, `_${i}`);
    });
    const result = lintFiles(files);
    const requests: DiagramRequest[] = [{ view: 'topology' }];
    for (const element of result.model.byName.values()) {
      if (element.kind === 'client' || element.kind === 'actor') requests.push({ view: 'sequence', entry: element.name });
    }
    for (let i = 0; i < PAYLOADS.length; i += 7) requests.push({ view: 'focus', element: `Orders_${i}`, depth: 2 });
    for (const request of requests) await renderSafely(renderer(), generate(result, request));
    assert.deepEqual(renderer().incidents(corpusStart), [], 'nothing ran and nothing failed since the control test');
  });
});
