// The sequence view: an entry's request path with its replies, async sends,
// awaited hops, response times, and the guards against cycles, repeats and size.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_SEQUENCE_MESSAGES } from '../../src/language/diagram/sequence';
import { assertBalancedActivations, diagramOf, errorOf, linesOf } from './helpers';
import type { Diagram } from '../../src/language/diagram';

const SHOP = `
client Web { budget: 500ms }
gateway Api { latency: 10ms }
service Orders { latency: 20ms, idempotent: true }
database Db { latency: 5ms }
queue Jobs { dlq: Dead }
queue Dead { monitored: true }
worker Worker { latency: 100ms, idempotent: true }
topic Events
Web -> Api "order" { protocol: https }
Api -> Orders { timeout: 1s }
Orders -> Db { timeout: 1s }
Orders ~> Events "placed"
Orders ~> Jobs "render" { await: true, timeout: 2s }
Jobs ~> Worker { retries: 1 }
Worker -> Db { timeout: 1s }
`;

function arrows(diagram: Diagram): string[] {
  return linesOf(diagram).filter((line) => /^n_\w+(->>|-->>|-\))/.test(line));
}

describe('sequence', () => {
  test('sync calls with replies, async sends without, an awaited hop through its queue, R as notes', () => {
    const diagram = diagramOf(SHOP, { view: 'sequence', entry: 'Web' });
    assert.equal(
      diagram.text,
      [
        'sequenceDiagram',
        '  participant n_Web as Web',
        '  participant n_Api as Api',
        '  participant n_Orders as Orders',
        '  participant n_Db@{ "type": "database" } as Db',
        '  participant n_Events@{ "type": "collections" } as Events',
        '  participant n_Jobs@{ "type": "queue" } as Jobs',
        '  participant n_Worker as Worker',
        '  n_Web->>+n_Api: order · https',
        '  n_Api->>+n_Orders: ',
        '  n_Orders->>+n_Db: ',
        '  Note over n_Db: R = 5 ms',
        '  n_Db-->>-n_Orders: ',
        '  n_Orders-)n_Events: placed',
        '  n_Orders-)n_Jobs: render · awaits reply',
        '  Note over n_Orders: awaits the reply (timeout 2 s)',
        '  n_Jobs-)+n_Worker: ',
        '  n_Worker->>+n_Db: ',
        '  Note over n_Db: R = 5 ms',
        '  n_Db-->>-n_Worker: ',
        '  Note over n_Worker: R = 105 ms',
        '  n_Worker-->>-n_Orders: reply',
        '  Note over n_Orders: R = 130 ms',
        '  n_Orders-->>-n_Api: ',
        '  Note over n_Api: R = 140 ms',
        '  n_Api-->>-n_Web: ',
        '  Note over n_Web: Web waits 140 ms (budget 500 ms)',
        '',
      ].join('\n'),
    );
    assertBalancedActivations(diagram);
    assert.equal(diagram.title, "Request path of 'Web'");
    assert.deepEqual(diagram.nodes.map((node) => [node.id, node.kind]), [
      ['n_Web', 'client'],
      ['n_Api', 'gateway'],
      ['n_Orders', 'service'],
      ['n_Db', 'database'],
      ['n_Events', 'topic'],
      ['n_Jobs', 'queue'],
      ['n_Worker', 'worker'],
    ]);
    assert.equal(diagram.edgeCount, 12);
    assert.deepEqual(diagram.size, { nodes: 7, edges: 12, subgraphs: 0, textLength: diagram.text.length });
  });

  test('a direct awaited message is answered by its consumer; an actor is drawn as one', () => {
    const diagram = diagramOf('actor U\nservice A { latency: 1ms }\nworker W { latency: 2ms, idempotent: true }\nU -> A\nA ~> W { await: true, timeout: 1s, retries: 1, dlq: D }\nqueue D { monitored: true }\n', { view: 'sequence', entry: 'U' });
    assert.deepEqual(linesOf(diagram).slice(1), [
      'actor n_U as U',
      'participant n_A as A',
      'participant n_W as W',
      'n_U->>+n_A:',
      'n_A-)+n_W: awaits reply',
      'Note over n_A: awaits the reply (timeout 1 s)',
      'Note over n_W: R = 2 ms',
      'n_W-->>-n_A: reply',
      'Note over n_A: R = 3 ms',
      'n_A-->>-n_U:',
      'Note over n_U: U waits 3 ms',
    ]);
    assertBalancedActivations(diagram);
  });

  test('the calls of a parallel element are the branches of a par block, its messages after them', () => {
    const diagram = diagramOf('actor U\ngateway G { parallel: true, latency: 1ms }\nservice A { latency: 5ms }\nservice B { latency: 7ms }\ntopic T\nU -> G\nG ~> T\nG -> A { timeout: 1s }\nG -> B { timeout: 1s }\n', { view: 'sequence', entry: 'U' });
    assert.deepEqual(linesOf(diagram).slice(6), [
      'n_U->>+n_G:',
      'par G calls in parallel',
      'n_G->>+n_A:',
      'Note over n_A: R = 5 ms',
      'n_A-->>-n_G:',
      'and',
      'n_G->>+n_B:',
      'Note over n_B: R = 7 ms',
      'n_B-->>-n_G:',
      'end',
      'n_G-)n_T:',
      'Note over n_G: R = 8 ms',
      'n_G-->>-n_U:',
      'Note over n_U: U waits 8 ms',
    ]);
    assertBalancedActivations(diagram);
  });

  test('a synchronous cycle is drawn once and not followed', () => {
    const diagram = diagramOf('actor U\nservice S\nservice R\nU -> S\nS -> R { timeout: 1s }\nR -> S { timeout: 1s }\n', { view: 'sequence', entry: 'U' });
    assert.deepEqual(linesOf(diagram).slice(4), [
      'n_U->>+n_S:',
      'n_S->>+n_R:',
      'n_R->>+n_S:',
      'Note over n_S: cycle#58; S is already waiting on this path',
      'Note over n_S: R unknown#58; it waits on a cycle',
      'n_S-->>-n_R:',
      'Note over n_R: R unknown#58; it waits on a cycle',
      'n_R-->>-n_S:',
      'Note over n_S: R unknown#58; it waits on a cycle',
      'n_S-->>-n_U:',
      'Note over n_U: U waits on a synchronous cycle#58; no bound',
    ]);
    assertBalancedActivations(diagram);
  });

  test('an element reached twice is followed once', () => {
    const diagram = diagramOf('actor U\nservice A\nservice B\nservice C\nservice D\nservice E\nU -> A\nA -> B { timeout: 1s }\nA -> C { timeout: 1s }\nB -> D { timeout: 1s }\nC -> D { timeout: 1s }\nD -> E { timeout: 1s }\n', { view: 'sequence', entry: 'U' });
    const lines = arrows(diagram);
    assert.equal(lines.filter((line) => line === 'n_D->>+n_E:').length, 1);
    assert.equal(lines.filter((line) => line.endsWith('->>+n_D:')).length, 2);
    assert.ok(linesOf(diagram).includes('Note over n_D: calls as above'));
    assertBalancedActivations(diagram);
  });

  test('fire-and-forget messages from the entry have no reply; a request with no sync call says so', () => {
    const diagram = diagramOf('client App\nqueue Q { dlq: D }\nqueue D { monitored: true }\nworker W { idempotent: true }\nApp ~> Q "upload"\nQ ~> W { retries: 1 }\nW ~> App "done"\n', { view: 'sequence', entry: 'App' });
    assert.deepEqual(linesOf(diagram).slice(3), ['n_App-)n_Q: upload', 'Note over n_App: nothing makes App wait#58; no synchronous call']);
  });

  test(`a long request path is cut after ${MAX_SEQUENCE_MESSAGES} messages, its open calls still answered`, () => {
    const depth = 400;
    const lines = ['actor U', ...Array.from({ length: depth }, (_, i) => `service S${i}`), 'U -> S0'];
    for (let i = 0; i + 1 < depth; i++) lines.push(`S${i} -> S${i + 1} { timeout: 1s }`);
    const diagram = diagramOf(lines.join('\n'), { view: 'sequence', entry: 'U' });
    const drawn = arrows(diagram);
    assert.equal(drawn.filter((line) => line.includes('->>+')).length, MAX_SEQUENCE_MESSAGES);
    assert.equal(drawn.filter((line) => line.includes('-->>-')).length, MAX_SEQUENCE_MESSAGES);
    assert.ok(linesOf(diagram).includes(`Note over n_U: cut after ${MAX_SEQUENCE_MESSAGES} messages`));
    assert.deepEqual(diagram.notes, [`The request path is cut after ${MAX_SEQUENCE_MESSAGES} messages; the focus view shows the rest of the neighbourhood.`]);
    assertBalancedActivations(diagram);
  });

  test('a wide request path is cut too', () => {
    const width = 400;
    const lines = ['actor U', 'service Hub', ...Array.from({ length: width }, (_, i) => `database D${i}`), 'U -> Hub'];
    for (let i = 0; i < width; i++) lines.push(`Hub -> D${i} { timeout: 1s }`);
    const diagram = diagramOf(lines.join('\n'), { view: 'sequence', entry: 'U' });
    assert.ok(arrows(diagram).length <= MAX_SEQUENCE_MESSAGES + 2);
    assert.equal(diagram.notes.length, 1);
    assertBalancedActivations(diagram);
  });

  test('an unknown entry, or an element that is not an entry, is an error', () => {
    assert.equal(errorOf(SHOP, { view: 'sequence', entry: 'Wep' }), "unknown entry 'Wep': did you mean 'Web'? (entries: Web)");
    assert.equal(errorOf(SHOP, { view: 'sequence', entry: 'Orders' }), "'Orders' is a service, not an entry: a request path starts at an actor or a client (entries: Web)");
    assert.equal(errorOf('service A\n', { view: 'sequence', entry: 'A' }), "'A' is a service, not an entry: a request path starts at an actor or a client (the project declares no actor or client)");
  });

  test('names and labels are escaped in aliases, messages and notes', () => {
    const diagram = diagramOf('client Web "Web; Note over n_X: x"\nservice Api "<b>#1</b>"\nWeb -> Api "a;b" { protocol: "%%{init}%%" }\n', { view: 'sequence', entry: 'Web' });
    assert.deepEqual(linesOf(diagram).slice(1, 4), [
      'participant n_Web as Web#59; Note over n_X#58; x (Web)',
      'participant n_Api as #60;b#62;#35;1#60;/b#62; (Api)',
      'n_Web->>+n_Api: a#59;b · #37;#37;{init}#37;#37;',
    ]);
  });
});
