// The outline of a document and the project-wide symbol search.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { documentSymbols, matchScore, MAX_OUTLINE_DEPTH, workspaceSymbols, type DocumentSymbol } from '../../src/language/services/symbols';
import { project, where } from './fixture';

/** A symbol tree as lines: indentation, kind, name, detail, the text of its selection, and of its range when it differs. */
function outline(text: string, symbols: readonly DocumentSymbol[], depth = 0): string[] {
  const lines: string[] = [];
  for (const symbol of symbols) {
    assert.ok(symbol.start <= symbol.selectionStart && symbol.selectionEnd <= symbol.end, `${symbol.name}: the selection lies in the range`);
    const selection = text.slice(symbol.selectionStart, symbol.selectionEnd).replace(/\n/g, '⏎');
    const range = text.slice(symbol.start, symbol.end).replace(/\n/g, '⏎');
    if (symbol.kind === 'link') assert.ok(symbol.arrow && symbol.name.includes(` ${symbol.arrow} `), `${symbol.name}: its arrow`);
    else assert.equal(symbol.arrow, undefined);
    const kind = symbol.elementKind ?? symbol.kind;
    lines.push(`${'  '.repeat(depth)}${kind} ${symbol.name} (${symbol.detail}) [${selection}]${range === selection ? '' : ` {${range}}`}`);
    lines.push(...outline(text, symbol.children, depth + 1));
  }
  return lines;
}

const TEXT = [
  'Web -> Api "first"',
  'group Shop "Storefront" {',
  '  client Web',
  '  gateway Api { latency: 1ms }',
  '  group Inner {',
  '    service Orders',
  '    Orders -> Db ~> Events { retries: 1 }',
  '  }',
  '  Remote -> Api',
  '}',
  'database Db',
  'topic Events',
  'Api -> Orders',
  'Orders ~> Events { await: true }',
  '',
].join('\n');

describe('documentSymbols', () => {
  test('groups hold their elements; links sit under their source, one symbol per hop', () => {
    const { files, doc } = project(TEXT);
    assert.deepEqual(outline(files['main.topo']!, documentSymbols(doc())), [
      'group Shop (Storefront) [Shop] {group Shop "Storefront" {⏎  client Web⏎  gateway Api { latency: 1ms }⏎  group Inner {⏎    service Orders⏎    Orders -> Db ~> Events { retries: 1 }⏎  }⏎  Remote -> Api⏎}}',
      '  client Web (client) [Web] {client Web}',
      '    link Web -> Api (sync · first) [Web -> Api] {Web -> Api "first"}',
      '  gateway Api (gateway) [Api] {gateway Api { latency: 1ms }}',
      '    link Api -> Orders (sync) [Api -> Orders]',
      '  group Inner (group) [Inner] {group Inner {⏎    service Orders⏎    Orders -> Db ~> Events { retries: 1 }⏎  }}',
      '    service Orders (service) [Orders] {service Orders}',
      '      link Orders -> Db (sync) [Orders -> Db]',
      '      link Orders ~> Events (async, awaited) [Orders ~> Events] {Orders ~> Events { await: true }}',
      '  link Remote -> Api (sync) [Remote -> Api]',
      'database Db (database) [Db] {database Db}',
      '  link Db ~> Events (async) [Db ~> Events] {Db ~> Events { retries: 1 }}',
      'topic Events (topic) [Events] {topic Events}',
    ]);
  });

  test('broken text: unnamed elements are left out, unnamed and unclosed groups kept, a chain read across lines', () => {
    const text = 'service \ngroup {\n  queue Q "Jobs"\n  Q ~> \n  A -> B\n';
    const { doc } = project(text);
    assert.deepEqual(outline(text, documentSymbols(doc())), [
      'group (unnamed group) (group) [group] {group {⏎  queue Q "Jobs"⏎  Q ~> ⏎  A -> B}',
      '  queue Q (queue · Jobs) [Q] {queue Q "Jobs"}',
      // The parser reads a name on the next line as the end of the arrow: `Q ~> A -> B`.
      '    link Q ~> A (async) [Q ~> ⏎  A]',
      '  link A -> B (sync) [A -> B]',
    ]);
  });

  test('10,000 nested groups: the outline nests MAX_OUTLINE_DEPTH deep and lists the deeper groups and their contents in the deepest one', () => {
    const depth = 10_000;
    const text = `${'group G {\n'.repeat(depth)}service A\n${'}\n'.repeat(depth)}`;
    const { doc } = project(text);
    let level = documentSymbols(doc());
    for (let i = 0; i < MAX_OUTLINE_DEPTH; i++) {
      assert.equal(level.length, 1);
      assert.equal(level[0]!.kind, 'group');
      level = level[0]!.children;
    }
    // Below: every deeper group (without children), then the element, in the order written.
    assert.equal(level.length, depth - MAX_OUTLINE_DEPTH + 1);
    assert.ok(level.slice(0, -1).every((symbol) => symbol.kind === 'group' && symbol.children.length === 0));
    assert.equal(level.at(-1)!.name, 'A');
  });

  test('nesting up to MAX_OUTLINE_DEPTH is shown as written', () => {
    const text = `${'group G {\n'.repeat(MAX_OUTLINE_DEPTH)}service A\n${'}\n'.repeat(MAX_OUTLINE_DEPTH)}`;
    const { doc } = project(text);
    let level = documentSymbols(doc());
    for (let i = 0; i < MAX_OUTLINE_DEPTH; i++) level = level[0]!.children;
    assert.deepEqual(level.map((symbol) => symbol.name), ['A']);
  });
});

describe('workspaceSymbols', () => {
  const FILES = {
    'a.topo': 'group Billing {\n  service Invoices\n  database InvoiceDb\n}\nservice Orders\n',
    'b.topo': 'group Ops {\n  group Inner { worker OrderSync }\n}\nqueue order_events\nservice Router\n',
  };

  const CASES: [string, string[]][] = [
    ['order', ['a.topo 5:9-5:15 Orders (service)', 'b.topo 2:24-2:33 OrderSync (worker in Inner)', 'b.topo 4:7-4:19 order_events (queue)']],
    ['ORD', ['a.topo 5:9-5:15 Orders (service)', 'b.topo 2:24-2:33 OrderSync (worker in Inner)', 'b.topo 4:7-4:19 order_events (queue)']],
    ['invdb', ['a.topo 3:12-3:21 InvoiceDb (database in Billing)']],
    ['inner', ['b.topo 2:9-2:14 Inner (group in Ops)']],
    ['ods', ['a.topo 5:9-5:15 Orders (service)', 'b.topo 2:24-2:33 OrderSync (worker in Inner)', 'b.topo 4:7-4:19 order_events (queue)']],
    ['voice', ['a.topo 2:11-2:19 Invoices (service in Billing)', 'a.topo 3:12-3:21 InvoiceDb (database in Billing)']],
    ['ter', ['b.topo 5:9-5:15 Router (service)']],
    ['zzz', []],
  ];
  for (const [query, expected] of CASES) {
    test(`"${query}"`, () => {
      const { result, files } = project(FILES);
      assert.deepEqual(
        workspaceSymbols(result, query).map((s) => `${where(files, s)} (${s.elementKind ?? s.kind}${s.container ? ` in ${s.container}` : ''})`),
        expected,
      );
    });
  }

  test('an empty query lists everything, capped', () => {
    const { result } = project(FILES);
    assert.equal(workspaceSymbols(result, '').length, 9);
    assert.equal(workspaceSymbols(result, '', 4).length, 4);
    const big = project(Array.from({ length: 1200 }, (_, i) => `service S${i}`).join('\n'));
    assert.equal(workspaceSymbols(big.result, 's').length, 500);
  });

  test('matchScore ranks equal, prefix, substring, then subsequence with fewer gaps', () => {
    assert.deepEqual(
      ['orders', 'ordersdb', 'xorders', 'oxrders', 'oxrxders', 'sredro'].map((name) => matchScore('orders', name)),
      [0, 1, 2, 4, 5, -1],
    );
  });
});
