// Hover over every kind of place in a .topo file: the exact range hovered and the
// exact markdown, with user text escaped.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hover } from '../../src/language/services/hover';
import { escapeMarkdown } from '../../src/language/services/markdown';
import { at, project } from './fixture';
import type { Files } from '../helpers/project';

interface Case {
  name: string;
  files: Files;
  /** The text of the hovered range. */
  range: string;
  /** The markdown, line by line. */
  markdown: string[];
}

const ORDERS = [
  'actor User { budget: 100ms, slo: 99.9% }',
  'gateway Api "Edge" { latency: 5ms, availability: 99.99% }',
  'service Or|ders { latency: 40ms, availability: 99.5%, description: "Takes orders", owner: "orders-team", technology: "Go" }',
  'database Db { latency: 8ms }',
  'service Stock',
  'User -> Api',
  'Api -> Orders { timeout: 1s }',
  'Orders -> Db { timeout: 100ms }',
  'Orders -> Stock { timeout: 100ms }',
  '',
].join('\n');

const CASES: Case[] = [
  {
    name: 'an element declaration: figures, R breakdown and the missing latency',
    files: ORDERS,
    range: 'Orders',
    markdown: [
      '**service** `Orders`',
      '',
      'Takes orders',
      '',
      'Owner: orders\\-team · Technology: Go',
      '',
      '- **Response time R:** 48 ms = `Orders` 40 ms + `Db` 8 ms; counted as 0: no latency on `Stock`',
      '- **Composite availability:** 99.5% — weakest: `Orders` 99.5%',
      '- **Sync depth from here:** 2 — not a chain start: called synchronously by `Api`; longest chain: `Orders` → `Stock`',
      '- **User-facing:** yes — reached from an entry through synchronous calls',
      '- **Calls:** 2 synchronous, 0 asynchronous · **Called by:** 1 synchronous, 0 asynchronous',
    ],
  },
  {
    name: 'a link end names the same element, with its label and the chain it starts',
    files: ORDERS.replace('Or|ders {', 'Orders {').replace('User -> Api', 'User -> A|pi'),
    range: 'Api',
    markdown: [
      '**gateway** `Api` — “Edge”',
      '',
      '- **Response time R:** 53 ms = `Orders` 40 ms + `Db` 8 ms + `Api` 5 ms; counted as 0: no latency on `Stock`',
      '- **Composite availability:** 99.49% — weakest: `Orders` 99.5%, `Api` 99.99%',
      '- **Sync depth from here:** 3 — not a chain start: called synchronously by `User`; longest chain: `Api` → `Orders` → `Stock`',
      '- **User-facing:** yes — reached from an entry through synchronous calls',
      '- **Calls:** 1 synchronous, 0 asynchronous · **Called by:** 1 synchronous, 0 asynchronous',
    ],
  },
  {
    name: 'an entry: each request against its budget and SLO, and the findings on it',
    files: 'actor U|ser { budget: 40ms, slo: 99.9% }\nservice Api { latency: 50ms, availability: 99% }\nUser -> Api\n',
    range: 'User',
    markdown: [
      '**actor** `User`',
      '',
      '- **Response time R:** 50 ms = `Api` 50 ms',
      '- **Requests** (budget 40 ms, SLO 99.9% each): `Api`: R 50 ms (over budget), A 99% (below SLO)',
      '- **Composite availability:** 99% — weakest: `Api` 99%',
      '- **Sync depth:** 1 — a chain start; longest chain: `User` → `Api`',
      '- **User-facing:** yes — an entry',
      '- **Calls:** 1 synchronous, 0 asynchronous · **Called by:** 0 synchronous, 0 asynchronous',
    ],
  },
  {
    name: 'a channel: publishers, consumers, deliveries and its findings',
    files: [
      'service Orders { latency: 1ms }',
      'queue Pay|ments { dlq: PayDlq }',
      'queue PayDlq { monitored: true }',
      'worker Charger { idempotent: true, latency: 30ms }',
      'worker Audit { idempotent: true }',
      'actor User',
      'Orders ~> Payments',
      'Payments ~> Charger { retries: 3 }',
      'Payments ~> Audit { retries: 3 }',
      'Payments ~> User',
      '',
    ].join('\n'),
    range: 'Payments',
    markdown: [
      '**queue** `Payments`',
      '',
      '- **Response time R (of an awaited request through it):** 30 ms = `Charger` 30 ms; counted as 0: no latency on `Audit`',
      '- **Composite availability:** 100% (no availability declared on it or on what it calls)',
      '- **User-facing:** no',
      '- **Publishers:** `Orders`',
      '- **Consumers:** `Charger`, `Audit` (a queue gives each message to only one of them)',
      '- **Delivers to:** `User`',
      '',
      '**Findings**',
      '',
      "- `queue-multiple-consumers` (info): the queue 'Payments' has 2 consumers, 'Charger' and 'Audit'\\: each message reaches only one of them, so each sees only part of the stream; make it a topic if every one of them needs every message",
    ],
  },
  {
    name: 'a dlq value names its queue',
    files: 'service Orders { latency: 1ms }\nqueue Payments { dlq: PayD|lq }\nqueue PayDlq { monitored: true }\nOrders ~> Payments\n',
    range: 'PayDlq',
    markdown: [
      '**queue** `PayDlq`',
      '',
      '- **Response time R (of an awaited request through it):** 0 ms',
      '- **Composite availability:** 100% (no availability declared on it or on what it calls)',
      '- **User-facing:** no',
      '- **Publishers:** none',
      '- **Consumers:** none',
      '- **Dead-letter queue** of another channel or consumer',
    ],
  },
  {
    name: 'an undeclared name, with the finding on it (its backticks escaped)',
    files: 'service A\nA -> Gho|st\n',
    range: 'Ghost',
    markdown: [
      '**unknown element** `Ghost` — not declared anywhere in the project',
      '',
      '**Findings**',
      '',
      "- `unknown-element` (error): unknown element 'Ghost'\\: declare it, for example \\`service Ghost\\`",
    ],
  },
  {
    name: 'an element whose calls reach a cycle has no R',
    files: 'service A { latency: 1ms }\nservice B\nservice C\nA -> B { timeout: 1s }\nB -> C { timeout: 1s }\nC -> B { timeout: 1s }\nservice D|\nD -> A { timeout: 1s }\n',
    range: 'D',
    markdown: [
      '**service** `D`',
      '',
      '- **Response time R:** none — what it waits for reaches a cycle (synchronous calls or awaited messages that lead back to themselves)',
      '- **Composite availability:** 100% (no availability declared on it or on what it calls)',
      '- **Sync depth:** 4 — a chain start; longest chain: `D` → `A` → `B`',
      '- **User-facing:** no',
      '- **Calls:** 1 synchronous, 0 asynchronous · **Called by:** 0 synchronous, 0 asynchronous',
    ],
  },
  {
    name: 'an element in a cycle has no R',
    files: 'service A { latency: 1ms }\nservice B|\nA -> B { timeout: 1s }\nB -> A { timeout: 1s }\n',
    range: 'B',
    markdown: [
      '**service** `B`',
      '',
      '- **Response time R:** none — `B` is in a synchronous cycle (see `sync-cycle`)',
      '- **Composite availability:** 100% (no availability declared on it or on what it calls)',
      '- **Sync depth from here:** 2 — not a chain start: called synchronously by `A`',
      '- **User-facing:** no',
      '- **Calls:** 1 synchronous, 0 asynchronous · **Called by:** 1 synchronous, 0 asynchronous',
    ],
  },
  {
    name: 'a duplicate declaration says where the first one is',
    files: 'service A\nservice A|\n',
    range: 'A',
    markdown: [
      '**service** `A`',
      '',
      'Duplicate: first declared in main\\.topo',
      '',
      '- **Response time R:** 0 ms; counted as 0: no latency on `A`',
      '- **Composite availability:** 100% (no availability declared on it or on what it calls)',
      '- **Sync depth:** 1 — a chain start',
      '- **User-facing:** no',
      '- **Calls:** 0 synchronous, 0 asynchronous · **Called by:** 0 synchronous, 0 asynchronous',
      '',
      '**Findings**',
      '',
      "- `duplicate-element` (error): 'A' is already declared as a service\\: names are unique across the project",
    ],
  },
  {
    name: 'a sync arrow: the link, its cost and its properties',
    files: 'service A { latency: 1ms }\nservice B { latency: 20ms }\nA -|> B "calls" { latency: 2ms, timeout: 1s }\n',
    range: '->',
    markdown: [
      '**synchronous call** `A` -> `B` — “calls”',
      '',
      '- The caller waits for the answer: its latency adds to every request that reaches the caller.',
      '- **Cost to the caller:** 22 ms = link latency 2 ms + R(`B`) 20 ms',
      '',
      '**Properties**: `latency`: 2ms, `timeout`: 1s',
    ],
  },
  {
    name: 'an async arrow costs the sender nothing',
    files: 'service A { latency: 1ms }\nqueue Q\nworker W { latency: 20ms, idempotent: true }\nA ~|> Q "send"\nQ ~> W { retries: 2, dlq: D }\nqueue D { monitored: true }\n',
    range: '~>',
    markdown: [
      '**asynchronous message** `A` ~> `Q` — “send”',
      '',
      '- The sender moves on: nothing upstream waits for it.',
      '- **Cost to the sender:** none, it does not wait (R(`Q`) = 20 ms)',
    ],
  },
  {
    name: 'an awaited arrow costs the channel delay and the slowest consumer',
    files: 'service A { latency: 1ms }\nqueue Q { delay: 10ms }\nworker W { latency: 20ms }\nA ~|> Q { await: true, timeout: 1s }\nQ ~> W\n',
    range: '~>',
    markdown: [
      '**awaited asynchronous request** `A` ~> `Q`',
      '',
      '- `await: true`: the sender blocks for a reply through the channel (request/reply over messaging).',
      '- **Cost to the caller:** 30 ms = link latency 0 ms (none declared) + R(`Q`) 30 ms',
      '',
      '**Properties**: `await`: true, `timeout`: 1s',
    ],
  },
  {
    name: "a chain's label shows every hop and the findings on them",
    files: 'service A\nservice B\nqueue Q\nA -> B ~> Q "ch|ain"\n',
    range: '"chain"',
    markdown: [
      '**synchronous call** `A` -> `B` — “chain”',
      '',
      '- The caller waits for the answer: its latency adds to every request that reaches the caller.',
      '- **Cost to the caller:** 0 ms = link latency 0 ms (none declared) + R(`B`) 0 ms; counted as 0: `B` (no latency)',
      '',
      '**asynchronous message** `B` ~> `Q` — “chain”',
      '',
      '- The sender moves on: nothing upstream waits for it.',
      '- **Cost to the sender:** none, it does not wait (R(`Q`) = 0 ms)',
      '',
      '**Findings**',
      '',
      "- `missing-timeout` (warning): 'A' calls 'B' synchronously without a timeout\\: if 'B' hangs, 'A' hangs with it",
    ],
  },
  {
    name: 'an invalid link says why it is ignored',
    files: 'service A\nqueue Q\nA -|> Q\n',
    range: '->',
    markdown: [
      '**synchronous call** `A` -> `Q`',
      '',
      '- The caller waits for the answer: its latency adds to every request that reaches the caller.',
      "- **Invalid:** 'Q' is a queue\\: publish to a channel with '\\~\\>', not a synchronous call — ignored by every figure and rule",
      '',
      '**Findings**',
      '',
      "- `invalid-link` (error): 'Q' is a queue\\: publish to a channel with '\\~\\>', not a synchronous call",
    ],
  },
  {
    name: 'an element property key',
    files: 'service A { lat|ency: 5ms }\n',
    range: 'latency',
    markdown: [
      '**`latency`** — own processing time per request, downstream calls excluded',
      '',
      'Value: a duration such as 300ms or 2s. Applies to service-like elements (gateway, service, worker, external), stores (database, cache).',
    ],
  },
  {
    name: 'a link property key out of place, with its finding',
    files: 'service A\nqueue Q\nA ~> Q { time|out: 1s }\n',
    range: 'timeout',
    markdown: [
      '**`timeout`** (link) — how long the caller waits before giving up',
      '',
      "Value: a duration such as 300ms or 2s. Applies to synchronous links ('->') and awaited asynchronous links ('~>' with await: true).",
      '',
      'Not valid on every hop of this link.',
      '',
      '**Findings**',
      '',
      "- `invalid-property` (error): 'timeout' on the asynchronous link A \\~\\> Q needs 'await\\: true'\\: a sender that does not wait has nothing to time out",
    ],
  },
  {
    name: 'an unknown key lists the keys of the kind',
    files: 'service A { latncy|: 5ms }\n',
    range: 'latncy',
    markdown: [
      '**`latncy`** — not a property of a service; it takes `description`, `owner`, `technology`, `tags`, `latency`, `availability`, `critical`, `idempotent`, `parallel`, `outbox`.',
      '',
      '**Findings**',
      '',
      "- `invalid-property` (error): unknown property 'latncy' on a service\\: did you mean 'latency'?",
    ],
  },
  {
    name: 'a property value',
    files: 'service A\nservice B\nA -> B { timeout: 2|s }\n',
    range: '2s',
    markdown: [
      '**`timeout`** (link) — how long the caller waits before giving up',
      '',
      "Value: a duration such as 300ms or 2s. Applies to synchronous links ('->') and awaited asynchronous links ('~>' with await: true).",
      '',
      'This value: 2s = 2 s',
    ],
  },
  {
    name: 'a kind keyword',
    files: 'que|ue Q\n',
    range: 'queue',
    markdown: [
      '**queue** — A point-to-point *channel*: each message goes to one consumer. `A ~> Q` publishes to it; `Q ~> C` makes C a consumer.',
      '',
      'Properties: `description`, `owner`, `technology`, `tags`, `dlq`, `delay`, `monitored`',
    ],
  },
  {
    name: 'the group keyword',
    files: 'gro|up G { service A }\n',
    range: 'group',
    markdown: [
      '**group** — Draws a boundary around elements (a team, a bounded context, a deployment). Groups nest; they do not scope names: names are one flat namespace per project.',
    ],
  },
  {
    name: 'a group name counts what it holds',
    files: 'group G|G "Shop" { service A\n group H { service B } }\n',
    range: 'GG',
    markdown: [
      '**group** `GG` — “Shop”',
      '',
      '2 elements, 1 nested group. Draws a boundary around elements (a team, a bounded context, a deployment). Groups nest; they do not scope names: names are one flat namespace per project.',
    ],
  },
  {
    name: 'a cursor just after a name is on that name',
    files: 'service Alpha|\n',
    range: 'Alpha',
    markdown: [
      '**service** `Alpha`',
      '',
      '- **Response time R:** 0 ms; counted as 0: no latency on `Alpha`',
      '- **Composite availability:** 100% (no availability declared on it or on what it calls)',
      '- **Sync depth:** 1 — a chain start',
      '- **User-facing:** no',
      '- **Calls:** 0 synchronous, 0 asynchronous · **Called by:** 0 synchronous, 0 asynchronous',
      '',
      '**Findings**',
      '',
      "- `orphan-element` (info): 'Alpha' has no links\\: it takes part in no request or message flow and no rule can judge how it communicates; link it to the elements it talks to, or remove it",
    ],
  },
  {
    name: 'a reference in one file shows the figures and the risks declared in another',
    files: {
      'a.topo': 'service Orders { latency: 10ms }\ndatabase Db { latency: 5ms }\nqueue Events\nOrders -> Db { timeout: 1s }\nOrders ~> Events\n',
      'b.topo': 'worker Mailer { idempotent: true }\nEvents ~> Mailer { retries: 1 }\nactor U\nU -> Ord|ers\n',
    },
    range: 'Orders',
    markdown: [
      '**service** `Orders`',
      '',
      '- **Response time R:** 15 ms = `Orders` 10 ms + `Db` 5 ms',
      '- **Composite availability:** 100% (no availability declared on it or on what it calls)',
      '- **Sync depth from here:** 1 — not a chain start: called synchronously by `U`; longest chain: `Orders` → `Db`',
      '- **User-facing:** yes — reached from an entry through synchronous calls',
      '- **Calls:** 1 synchronous, 1 asynchronous · **Called by:** 1 synchronous, 0 asynchronous',
      '- **Publishes to:** `Events`',
      '',
      '**Findings**',
      '',
      "- `dual-write` (info): 'Orders' calls the database 'Db' and publishes to 'Events' as two separate steps\\: if one succeeds and the other fails, the data and the messages disagree; publish through an outbox written in the same transaction \\('outbox\\: true'\\)",
    ],
  },
];

describe('hover', () => {
  for (const item of CASES) {
    test(item.name, () => {
      const fixture = at(item.files);
      const result = hover(fixture.result, fixture.doc, fixture.offset);
      assert.ok(result, 'a hover');
      assert.equal(fixture.doc.text.slice(result.start, result.end), item.range);
      assert.equal(result.markdown, item.markdown.join('\n'));
    });
  }

  const NOTHING: [string, string][] = [
    ['white space', 'service A\n|\nservice B\n'],
    ['a comment', '// a comm|ent\nservice A\n'],
    ['punctuation', 'service A {| latency: 1ms }\n'],
    ['an empty file', '|'],
  ];
  for (const [name, files] of NOTHING) {
    test(`nothing on ${name}`, () => {
      const fixture = at(files);
      assert.equal(hover(fixture.result, fixture.doc, fixture.offset), undefined);
    });
  }

  test('a document the model does not hold still gets the hovers its own syntax allows', () => {
    const { result } = project('service A\n');
    const stranger = project('queue Q "Jobs"\n').doc('main.topo');
    const elsewhere = { ...stranger, path: 'elsewhere.topo' };
    assert.equal(hover(result, elsewhere, 1)?.markdown.split('\n')[0], '**queue** — A point-to-point *channel*: each message goes to one consumer. `A ~> Q` publishes to it; `Q ~> C` makes C a consumer.');
    assert.equal(hover(result, elsewhere, 6)?.markdown, '**queue** `Q` — “Jobs”\n\nNot part of the project: no figures.');
  });
});

describe('hover escapes user text', () => {
  const LABEL = '[x](javascript:alert(1)) <img src=x onerror=alert(1)> `code` *bold* _it_';
  const DESCRIPTION = '# Title\\n- item\\n<script>x</script> https://evil.example www.evil.example a@b.example &amp; ![i](y)';
  const text = `service Evil "${LABEL}" { description: "${DESCRIPTION}", owner: "**team**", technology: "<b>Go</b>" }\nEvil -> Evil\n`;

  test('labels, descriptions, owners and technologies render as plain text', () => {
    const { result, doc } = project(text);
    const shown = hover(result, doc(), text.indexOf('Evil') + 1)!;
    const lines = shown.markdown.split('\n');
    assert.equal(lines[0], '**service** `Evil` — “\\[x\\]\\(javascript\\:alert\\(1\\)\\) \\<img src\\=x onerror\\=alert\\(1\\)\\> \\`code\\` \\*bold\\* \\_it\\_”');
    assert.equal(
      lines[2],
      '\\# Title \\- item \\<script\\>x\\</script\\> https\\://evil\\.example www\\.evil\\.example a\\@b\\.example \\&amp; \\!\\[i\\]\\(y\\)',
    );
    assert.equal(lines[4], 'Owner: \\*\\*team\\*\\* · Technology: \\<b\\>Go\\</b\\>');
    // Every character markdown could act on is escaped: strip the escapes and none is left.
    const userText = [
      lines[0]!.slice(lines[0]!.indexOf('“') + 1, lines[0]!.indexOf('”')),
      lines[2]!,
      lines[4]!.slice('Owner: '.length, lines[4]!.indexOf(' · ')),
      lines[4]!.slice(lines[4]!.indexOf('Technology: ') + 'Technology: '.length),
    ];
    for (const part of userText) {
      assert.doesNotMatch(part.replace(/\\[!-/:-@[-`{-~]/g, ''), /[\\`*_[\]()<>!&#:@=~|{}$^+.-]/, part);
    }
  });

  test("a link's label and string properties render as plain text", () => {
    const linkText = 'service A { latency: 1ms }\nservice B\nA -> B "[x](javascript:alert(1)) `*`" { description: "<img src=x onerror=alert(1)>", protocol: "h*t*t*p", timeout: 1s }\n';
    const { result, doc } = project(linkText);
    const shown = hover(result, doc(), linkText.indexOf('->'))!;
    assert.deepEqual(shown.markdown.split('\n').filter((line) => line.startsWith('**')), [
      '**synchronous call** `A` -> `B` — “\\[x\\]\\(javascript\\:alert\\(1\\)\\) \\`\\*\\`”',
      '**Properties**: `description`: “\\<img src\\=x onerror\\=alert\\(1\\)\\>”, `protocol`: “h\\*t\\*t\\*p”, `timeout`: 1s',
    ]);
  });

  test('escapeMarkdown: one line, punctuation escaped, control characters dropped', () => {
    assert.equal(escapeMarkdown('a*b_c [l](u) <b> `x` \\ # h'), 'a\\*b\\_c \\[l\\]\\(u\\) \\<b\\> \\`x\\` \\\\ \\# h');
    assert.equal(escapeMarkdown('line 1\nline 2\r\n\tline 3\u0000\u0007'), 'line 1 line 2 line 3');
    assert.equal(escapeMarkdown("plain, words; 'quoted' \"too\"? 50% a/b"), "plain, words; 'quoted' \"too\"? 50% a/b");
    assert.equal(escapeMarkdown('Zürich ☕ 東京'), 'Zürich ☕ 東京');
  });
});
