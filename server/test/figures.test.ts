// The figures of DESIGN section 2 against numbers computed by hand (the working is in
// the comments), and one operation-count test that they stay linear on big projects.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Figures } from '../src/language/model/figures';
import { Model, type ElementSymbol, type LinkSymbol } from '../src/language/model/model';
import { defaultConfig } from '../src/language/config/config';
import { lintModel } from '../src/language/lint';
import { RULES } from '../src/language/rules/registry';
import { documents, type Files } from './helpers/project';

interface Subject {
  model: Model;
  figures: Figures;
  el(name: string): ElementSymbol;
  link(text: string): LinkSymbol;
  /** The source text of each link: "A -> B". */
  spans(links: readonly LinkSymbol[]): string[];
  names(elements: readonly ElementSymbol[]): string[];
}

function subject(files: Files): Subject {
  const model = new Model(documents(files));
  const figures = new Figures(model);
  const textOf = (link: LinkSymbol): string => link.doc.text.slice(link.span.start, link.span.end);
  return {
    model,
    figures,
    el(name) {
      const element = model.element(name);
      assert.ok(element, `no element ${name}`);
      return element;
    },
    link(text) {
      const found = model.links.filter((link) => textOf(link) === text);
      assert.equal(found.length, 1, `one link "${text}"`);
      return found[0]!;
    },
    spans: (links) => links.map(textOf),
    names: (elements) => elements.map((element) => element.name),
  };
}

const DESIGN_SAMPLE = `// the e-commerce checkout: sync where the user waits, async for the rest
actor Customer "Shopper" { budget: 800ms, slo: 99.9% }

group Storefront "Storefront" {
  gateway Api "API gateway" { latency: 5ms }
  service Orders { latency: 40ms, availability: 99.95% }
  database OrdersDb { latency: 8ms }
}
service Inventory { latency: 20ms }
service Payments { latency: 300ms, idempotent: true }
queue PaymentRequests { dlq: PaymentRequestsDlq }
queue PaymentRequestsDlq { monitored: true }
topic OrderEvents
worker Emailer { critical: false, idempotent: true }
external Stripe

Customer -> Api "Place order" { protocol: https, timeout: 2s }
Api -> Orders { protocol: grpc, timeout: 1500ms }
Orders -> Inventory "reserve stock" { timeout: 300ms, consistency: strong }
Orders -> OrdersDb { timeout: 200ms }
Orders ~> PaymentRequests "charge"
PaymentRequests ~> Payments { retries: 5 }
Payments -> Stripe { timeout: 5s, circuit_breaker: true }
Orders ~> OrderEvents "order placed"
OrderEvents ~> Emailer { retries: 3, dlq: EmailDlq }
queue EmailDlq { monitored: true }
`;

describe('figures of the DESIGN section 1 sample', () => {
  const s = subject(DESIGN_SAMPLE);
  const { figures } = s;

  test('response times', () => {
    // Stripe: no latency, 0. Payments: 300 + (0 + R(Stripe) 0) = 300.
    // Orders: 40 + R(Inventory) 20 + R(OrdersDb) 8 = 68 (the async links add nothing).
    // Api: 5 + 68 = 73; Customer: an entry has no latency of its own, 0 + 73 = 73.
    // PaymentRequests: no delay (0) + its slowest consumer, Payments 300 = 300.
    const expected: Record<string, number> = {
      Customer: 73,
      Api: 73,
      Orders: 68,
      OrdersDb: 8,
      Inventory: 20,
      Payments: 300,
      PaymentRequests: 300,
      PaymentRequestsDlq: 0,
      OrderEvents: 0,
      Emailer: 0,
      Stripe: 0,
      EmailDlq: 0,
    };
    for (const element of s.model.elements) assert.equal(figures.responseTime(element), expected[element.name], element.name);
    assert.equal(figures.linkCost(s.link('Customer -> Api')), 73);
    assert.equal(figures.linkCost(s.link('Api -> Orders')), 68);
    assert.equal(figures.linkCost(s.link('Payments -> Stripe')), 0);
  });

  test('missing latencies are named', () => {
    assert.deepEqual(s.names(figures.missingLatencies(s.el('Customer'))), []);
    assert.deepEqual(s.names(figures.missingLatencies(s.el('Payments'))), ['Stripe']);
    // The queue's own missing delay is not listed when the queue is the element asked about.
    assert.deepEqual(s.names(figures.missingLatencies(s.el('PaymentRequests'))), ['Stripe']);
  });

  test('composite availability', () => {
    // Customer reaches Api, Orders (99.95%), Inventory, OrdersDb: only Orders declares one.
    const customer = figures.availability(s.el('Customer'));
    assert.equal(customer.value, 0.9995);
    assert.deepEqual(s.names(customer.weakest), ['Orders']);
    // Payments reaches Stripe; neither declares an availability: 100%.
    assert.deepEqual(figures.availability(s.el('Payments')), { value: 1, weakest: [] });
  });

  test('chain starts, sync depth and the longest chain', () => {
    assert.deepEqual(s.names(figures.chainStarts), ['Customer', 'Payments', 'PaymentRequests', 'PaymentRequestsDlq', 'OrderEvents', 'Emailer', 'EmailDlq']);
    // Customer (entry, not counted) -> Api -> Orders -> Inventory | OrdersDb (store, not counted): 3.
    assert.equal(figures.syncDepth(s.el('Customer')), 3);
    assert.deepEqual(s.spans(figures.longestChain(s.el('Customer'))), ['Customer -> Api', 'Api -> Orders', 'Orders -> Inventory']);
    assert.equal(figures.syncDepth(s.el('Payments')), 2); // Payments -> Stripe
    assert.equal(figures.syncDepth(s.el('Emailer')), 1);
    assert.deepEqual(figures.longestChain(s.el('Emailer')), []);
    assert.equal(figures.syncDepth(s.el('PaymentRequests')), 0); // a channel makes no synchronous call
  });

  test('user-facing elements', () => {
    const userFacing = s.model.elements.filter((element) => figures.isUserFacing(element));
    assert.deepEqual(s.names(userFacing), ['Customer', 'Api', 'Orders', 'OrdersDb', 'Inventory']);
  });

  test('retry product: only synchronous links count', () => {
    // The retries (5 and 3) are on asynchronous consumer links.
    assert.equal(figures.retryProduct(s.el('Customer')), 1);
    assert.deepEqual(figures.retryChain(s.el('Customer')), []);
    assert.equal(figures.retryProduct(s.el('PaymentRequests')), 1);
  });

  test('no synchronous cycle', () => {
    assert.equal(s.model.elements.some((element) => figures.inSyncCycle(element)), false);
    assert.equal(figures.syncComponents.cyclic.some(Boolean), false);
  });

  test('response time breakdown', () => {
    // R(Api) 73 = Api 5 + Orders 40 + Inventory 20 + OrdersDb 8, no link latencies.
    const breakdown = figures.responseTimeBreakdown(s.el('Api'))!;
    assert.equal(breakdown.total, 73);
    assert.equal(breakdown.linkLatency, 0);
    assert.deepEqual(
      breakdown.contributions.map(({ element, ms, times }) => [element.name, ms, times]),
      [
        ['Orders', 40, 1],
        ['Inventory', 20, 1],
        ['OrdersDb', 8, 1],
        ['Api', 5, 1],
      ],
    );
  });
});

describe('response time', () => {
  const sequential = `service A { latency: 10ms }
service B { latency: 30ms }
service C { latency: 50ms }
A -> B { latency: 5ms }
A -> C { latency: 2ms }`;

  test('sequential calls add up, link latencies included', () => {
    // 10 + (5 + 30) + (2 + 50) = 97
    const s = subject(sequential);
    assert.equal(s.figures.responseTime(s.el('A')), 97);
    assert.equal(s.figures.linkCost(s.link('A -> B')), 35);
  });

  test('parallel: true takes the slowest call', () => {
    // 10 + max(5 + 30, 2 + 50) = 62
    const s = subject(sequential.replace('service A { latency: 10ms }', 'service A { latency: 10ms, parallel: true }'));
    assert.equal(s.figures.responseTime(s.el('A')), 62);
    const breakdown = s.figures.responseTimeBreakdown(s.el('A'))!;
    assert.deepEqual(
      breakdown.contributions.map(({ element, ms }) => [element.name, ms]),
      [
        ['C', 50],
        ['A', 10],
      ],
    );
    assert.equal(breakdown.linkLatency, 2);
  });

  test('an awaited hop adds link latency, channel delay and the slowest consumer', () => {
    // R(W1) = 50; R(W2) = 20 + R(Db) 45 = 65; R(Q) = 100 + max(50, 65) = 165 (consumer links add no latency).
    // R(A) = 10 + (3 + 165) = 178. The fire-and-forget A ~> Events adds nothing.
    const s = subject(`service A { latency: 10ms }
queue Q { delay: 100ms }
worker W1 { latency: 50ms }
worker W2 { latency: 20ms }
database Db { latency: 45ms }
topic Events
worker Slow { latency: 9s }
A ~> Q { await: true, latency: 3ms, timeout: 1s }
Q ~> W1 { latency: 1s }
Q ~> W2
W2 -> Db
A ~> Events
Events ~> Slow`);
    assert.equal(s.figures.responseTime(s.el('Q')), 165);
    assert.equal(s.figures.responseTime(s.el('A')), 178);
    assert.equal(s.figures.linkCost(s.link('A ~> Q')), 168);
    const breakdown = s.figures.responseTimeBreakdown(s.el('A'))!;
    // The channel counts only its slowest consumer: W2 and its database, not W1.
    assert.deepEqual(
      breakdown.contributions.map(({ element, ms }) => [element.name, ms]),
      [
        ['Q', 100],
        ['Db', 45],
        ['W2', 20],
        ['A', 10],
      ],
    );
    assert.equal(breakdown.linkLatency, 3);
  });

  test('a direct awaited message waits for its receiver', () => {
    // R(A) = 5 + (0 + R(B) 70) = 75
    const s = subject('service A { latency: 5ms }\nservice B { latency: 70ms }\nA ~> B { await: true, timeout: 1s }');
    assert.equal(s.figures.responseTime(s.el('A')), 75);
  });

  test('missing latencies count as 0 and are named', () => {
    // R(A) = 0 + R(B) + R(C) = (7 + R(D) 0) + 0 = 7
    const s = subject('service A\nservice B { latency: 7ms }\ncache C\nexternal D\nA -> B -> D\nA -> C');
    assert.equal(s.figures.responseTime(s.el('A')), 7);
    assert.deepEqual(s.names(s.figures.missingLatencies(s.el('A'))).sort(), ['A', 'C', 'D']);
    assert.deepEqual(s.names(s.figures.missingLatencies(s.el('B'))), ['D']);
  });

  test('a callee reached along two sequential paths is waited for twice', () => {
    // R(Db) = 20; R(B) = R(C) = 5 + 20 = 25; R(A) = 0 + (1 + 25) + 25 = 51: Db counts 2 × 20 = 40.
    const s = subject(`service A
service B { latency: 5ms }
service C { latency: 5ms }
database Db { latency: 20ms }
A -> B { latency: 1ms }
A -> C
B -> Db
C -> Db`);
    const breakdown = s.figures.responseTimeBreakdown(s.el('A'))!;
    assert.equal(breakdown.total, 51);
    assert.deepEqual(
      breakdown.contributions.map(({ element, ms, times }) => [element.name, ms, times]),
      [
        ['Db', 40, 2],
        ['B', 5, 1],
        ['C', 5, 1],
      ],
    );
    assert.equal(breakdown.linkLatency, 1);
  });

  test('elements in or reaching a synchronous cycle have no R', () => {
    const s = subject(`service X { latency: 1ms }
service A { latency: 1ms, parallel: true }
service B { latency: 1ms }
service C { latency: 1ms }
service D { latency: 4ms }
service E { latency: 2ms }
X -> A
A -> D
A -> B -> C -> B
D -> E`);
    for (const name of ['X', 'A', 'B', 'C']) assert.equal(s.figures.responseTime(s.el(name)), undefined, name);
    assert.equal(s.figures.responseTimeBreakdown(s.el('A')), undefined);
    assert.equal(s.figures.linkCost(s.link('X -> A')), undefined);
    assert.equal(s.figures.responseTime(s.el('D')), 6);
    assert.equal(s.figures.linkCost(s.link('A -> D')), 6);
    assert.equal(s.figures.inSyncCycle(s.el('B')), true);
    assert.equal(s.figures.inSyncCycle(s.el('A')), false);
  });

  test('a cycle of awaited hops has no R either', () => {
    const s = subject('service A { latency: 1ms }\nqueue Q\nA ~> Q { await: true, timeout: 1s }\nQ ~> A');
    assert.equal(s.figures.responseTime(s.el('A')), undefined);
    assert.equal(s.figures.responseTime(s.el('Q')), undefined);
  });
});

describe('composite availability', () => {
  test('a diamond counts each element once; missing availabilities count as 100%', () => {
    // A reaches A, B, C, D, E once each: 0.999 × 0.995 × 0.998 × 0.99 × 1 = 0.9820968201
    // (counting D twice, as path products would, gives 0.972275851899).
    const s = subject(`service A { availability: 99.9% }
service B { availability: 99.5% }
service C { availability: 99.8% }
database D { availability: 99% }
external E
A -> B -> D
A -> C -> D
C -> E`);
    const figure = s.figures.availability(s.el('A'));
    assert.ok(Math.abs(figure.value - 0.9820968201) < 1e-12, String(figure.value));
    assert.deepEqual(s.names(figure.weakest), ['D', 'B', 'C']);
    // From C: 0.998 × 0.99 = 0.98802
    assert.ok(Math.abs(s.figures.availability(s.el('C')).value - 0.98802) < 1e-12);
  });

  test('asynchronous links do not count; a sync cycle counts each member once', () => {
    // A reaches B and C (a cycle) synchronously: 0.99 × 0.98 = 0.9702; W behind the queue does not count.
    const s = subject(`service A
service B { availability: 99% }
service C { availability: 98% }
queue Q
worker W { availability: 50% }
A -> B -> C -> B
A ~> Q
Q ~> W`);
    const figure = s.figures.availability(s.el('A'));
    assert.ok(Math.abs(figure.value - 0.9702) < 1e-12, String(figure.value));
    assert.deepEqual(s.names(figure.weakest), ['C', 'B']);
  });
});

describe('sync depth and chains', () => {
  test('a condensed cycle counts its service-like members; entries and stores are not counted', () => {
    // U (entry) -> G -> {S1, S2, Cache} (a cycle: 2 service-like, the cache not counted) -> E: 1 + 2 + 1 = 4.
    const s = subject(`actor U
gateway G
service S1
service S2
cache Cache
external E
U -> G -> S1 -> S2 -> S1
S2 -> Cache -> S1
S2 -> E`);
    assert.deepEqual(s.names(s.figures.chainStarts), ['U']);
    assert.equal(s.figures.syncDepth(s.el('U')), 4);
    assert.equal(s.figures.syncDepth(s.el('G')), 4);
    assert.equal(s.figures.syncDepth(s.el('S1')), 3);
    assert.equal(s.figures.syncDepth(s.el('E')), 1);
    // The chain enters the cycle at S1 and leaves it from S2.
    assert.deepEqual(s.spans(s.figures.longestChain(s.el('U'))), ['U -> G', 'G -> S1', 'S2 -> E']);
    for (const name of ['S1', 'S2', 'Cache']) assert.equal(s.figures.inSyncCycle(s.el(name)), true, name);
  });

  test('the longest of several branches; a store at the end adds no depth', () => {
    // W -> A -> Db: 2; W -> B -> C -> D: 4.
    const s = subject('worker W\nservice A\nservice B\nservice C\nservice D\ndatabase Db\nW -> A -> Db\nW -> B -> C -> D');
    assert.equal(s.figures.syncDepth(s.el('W')), 4);
    assert.deepEqual(s.spans(s.figures.longestChain(s.el('W'))), ['W -> B', 'B -> C', 'C -> D']);
    assert.equal(s.figures.syncDepth(s.el('A')), 1);
    assert.deepEqual(s.spans(s.figures.longestChain(s.el('A'))), ['A -> Db']);
  });

  test('chain starts: entries, consumers and elements nothing calls synchronously', () => {
    const s = subject('actor U\nservice A\nqueue Q\nworker W\nservice B\ndatabase Db\nU -> A\nA ~> Q\nQ ~> W -> B\nA -> Db');
    assert.deepEqual(s.names(s.figures.chainStarts), ['U', 'Q', 'W']);
  });
});

describe('user-facing elements', () => {
  test('entries and what they reach through synchronous links only', () => {
    const s = subject(`actor U
client App
service A
service B
queue Q
worker W
service C
service D
U -> A -> B
A ~> Q
Q ~> W -> C
A ~> D { await: true, timeout: 1s }`);
    const userFacing = s.model.elements.filter((element) => s.figures.isUserFacing(element));
    assert.deepEqual(s.names(userFacing), ['U', 'App', 'A', 'B']);
  });
});

describe('retry product', () => {
  test('the largest product of (1 + retries) along a chain, and that chain', () => {
    // A -> B -> C: 3 × 4 = 12; A -> B -> D: 3 × 2 = 6; A -> E: 5. Largest: 12.
    const s = subject(`service A
service B
service C
service D
service E
A -> B { retries: 2 }
B -> C { retries: 3 }
B -> D { retries: 1 }
A -> E { retries: 4 }`);
    assert.equal(s.figures.retryProduct(s.el('A')), 12);
    assert.deepEqual(s.spans(s.figures.retryChain(s.el('A'))), ['A -> B', 'B -> C']);
    assert.equal(s.figures.retryProduct(s.el('B')), 4);
    assert.equal(s.figures.retryProduct(s.el('C')), 1);
    assert.deepEqual(s.figures.retryChain(s.el('C')), []);
  });

  test('links without retries count 1 and end the chain when nothing retries further down', () => {
    // U -> G (1) -> B (3) -> C (1) -> D (4): 3 × 4 = 12; the chain stops at the last retrying link.
    const s = subject('actor U\ngateway G\nservice B\nservice C\nservice D\nservice F\nU -> G\nG -> B { retries: 2 }\nB -> C\nC -> D { retries: 3 }\nD -> F');
    assert.equal(s.figures.retryProduct(s.el('U')), 12);
    assert.deepEqual(s.spans(s.figures.retryChain(s.el('U'))), ['U -> G', 'G -> B', 'B -> C', 'C -> D']);
  });
});

describe('linear work', () => {
  const CHAIN = 5000;
  const CYCLE = 5000;
  const LADDER = 1000;

  /** A long chain from an entry into a large cycle, plus a ladder of diamonds with 2^LADDER paths. */
  function bigProject(): string {
    const lines: string[] = ['actor U { budget: 1s, slo: 99.9% }'];
    for (let i = 0; i < CHAIN; i++) lines.push(`service S${i} { latency: 1ms, availability: 99.99% }`);
    for (let i = 0; i < CYCLE; i++) lines.push(`service C${i}`);
    lines.push('U -> S0');
    for (let i = 0; i + 1 < CHAIN; i++) lines.push(`S${i} -> S${i + 1} { timeout: 1s${i % 500 === 0 ? ', retries: 1' : ''} }`);
    lines.push(`S${CHAIN - 1} -> C0`);
    for (let i = 0; i < CYCLE; i++) lines.push(`C${i} -> C${(i + 1) % CYCLE}`);
    // Ladder: D_i -> D_{i+1} and D_i -> E_i -> D_{i+1}; only the last rung has a latency.
    lines.push('client App { budget: 1s }');
    for (let i = 0; i <= LADDER; i++) lines.push(`service D${i}${i === LADDER ? ' { latency: 1ms }' : ''}`);
    for (let i = 0; i < LADDER; i++) lines.push(`service E${i}`, `D${i} -> D${i + 1}`, `D${i} -> E${i} -> D${i + 1}`);
    lines.push('App -> D0');
    return lines.join('\n');
  }

  test('edge visits stay below a small constant times (links + elements)', () => {
    const model = new Model(documents(bigProject()));
    const size = model.links.length + model.elements.length;
    assert.equal(model.elements.length, 2 + CHAIN + CYCLE + LADDER + 1 + LADDER);
    assert.equal(model.links.length, 1 + (CHAIN - 1) + 1 + CYCLE + 3 * LADDER + 1);

    const figures = new Figures(model);
    assert.ok(figures.counter.edgeVisits <= 5 * size, `construction: ${figures.counter.edgeVisits} edge visits for ${size} links + elements`);

    const u = model.element('U')!;
    const app = model.element('App')!;
    // Every S and every C is service-like and on U's chain (the cycle condensed): 5,000 + 5,000.
    assert.equal(figures.syncDepth(u), CHAIN + CYCLE);
    assert.equal(figures.longestChain(u).length, 1 + CHAIN);
    // One retrying link every 500 on the chain: 2^10.
    assert.equal(figures.retryProduct(u), 1024);
    assert.equal(figures.responseTime(u), undefined); // U reaches the cycle
    // The ladder: R(D_i) = 2 R(D_{i+1}) and R(D_LADDER) = 1, so R(D0) = 2^LADDER; a path enumeration would never end.
    assert.equal(figures.responseTime(model.element('D0')!), 2 ** LADDER);
    const breakdown = figures.responseTimeBreakdown(model.element('D0')!)!;
    assert.deepEqual(breakdown.contributions.map(({ element, times }) => [element.name, times]), [[`D${LADDER}`, 2 ** LADDER]]);
    // 0.9999^5000 over the chain; the cycle declares no availability.
    assert.ok(Math.abs(figures.availability(u).value - 0.9999 ** CHAIN) < 1e-9);
    assert.equal(figures.missingLatencies(app).length, 2 * LADDER);
    assert.ok(figures.counter.edgeVisits <= 8 * size, `with queries: ${figures.counter.edgeVisits} edge visits for ${size} links + elements`);

    // The rules of this change, run over the project, stay linear too.
    const config = defaultConfig(RULES);
    const mine = ['sync-chain-depth', 'sync-cycle', 'latency-budget', 'availability-budget', 'timeout-below-latency', 'retry-amplification', 'sync-fan-out'];
    for (const [id, setting] of config) if (!mine.includes(id)) config.set(id, { ...setting, severity: 'off' });
    const findings = lintModel(model, figures, config);
    const count = (id: string): number => findings.filter((finding) => finding.ruleId === id).length;
    assert.equal(count('sync-cycle'), 1);
    assert.equal(count('sync-chain-depth'), 2); // U and App
    assert.equal(count('retry-amplification'), 1);
    assert.equal(count('availability-budget'), 1); // 0.9999^5000 ≈ 60.65%
    assert.equal(count('latency-budget'), 1); // App: 2^1000 ms
    assert.ok(figures.counter.edgeVisits <= 10 * size, `with the rules: ${figures.counter.edgeVisits} edge visits for ${size} links + elements`);
  });
});
