// The topology view: shapes per kind, arrows, labels, groups, severity styling,
// the legend, what is left out, and the data that comes with the text.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { KINDS } from '../../src/language/syntax/ast';
import { generateDiagram } from '../../src/language/diagram';
import { MAX_GROUP_DEPTH } from '../../src/language/diagram/flowchart';
import { lint } from '../helpers/project';
import { bodyOf, classMembers, diagramOf, edgeLines, linesOf, linkStyles } from './helpers';

const ALL_KINDS = `
actor User "The user"
client App
gateway Gw
service Svc
worker Wrk
external Ext "Stripe"
database Db
cache Cache
queue Q
topic T
`;

describe('shapes', () => {
  test('each kind has its own shape', () => {
    const diagram = diagramOf(ALL_KINDS, { view: 'topology', legend: false });
    assert.deepEqual(bodyOf(diagram), [
      'n_User(("The user (User)"))',
      'n_App(["App"])',
      'n_Gw{{"Gw"}}',
      'n_Svc["Svc"]',
      'n_Wrk[["Wrk"]]',
      'n_Ext[/"Stripe (Ext)"\\]',
      'n_Db[("Db")]',
      'n_Cache[("Cache")]',
      'n_Cache@{ shape: h-cyl }',
      'n_Q[/"Q"/]',
      'n_T>"T"]',
    ]);
  });

  test('no two kinds share a shape', () => {
    const diagram = diagramOf(ALL_KINDS, { view: 'topology', legend: false });
    const shapeOf = new Map<string, string>();
    for (const node of diagram.nodes) {
      const declaration = bodyOf(diagram).filter((line) => line.startsWith(`${node.id}[`) || line.startsWith(`${node.id}(`) || line.startsWith(`${node.id}{`) || line.startsWith(`${node.id}>`) || line.startsWith(`${node.id}@`));
      shapeOf.set(node.kind, declaration.map((line) => line.slice(node.id.length).replace(/"[^"]*"/, '…')).join(' '));
    }
    assert.equal(shapeOf.size, KINDS.length);
    assert.equal(new Set(shapeOf.values()).size, KINDS.length, JSON.stringify([...shapeOf]));
  });

  test('every node carries a kind class', () => {
    const diagram = diagramOf(ALL_KINDS, { view: 'topology', legend: false });
    assert.deepEqual(classMembers(diagram, 'kService'), ['n_Svc']);
    assert.deepEqual(classMembers(diagram, 'kCache'), ['n_Cache']);
    assert.deepEqual(classMembers(diagram, 'kActor'), ['n_User']);
  });
});

describe('links', () => {
  const LINKS = `
service A
service B
queue Q { dlq: Dead }
queue Dead { monitored: true }
worker C { idempotent: true }
A -> B "call" { protocol: grpc, timeout: 1s }
A ~> Q "publish" { protocol: kafka }
Q ~> C { retries: 1 }
A ~> C "ask" { await: true, timeout: 1s, retries: 1, dlq: Dead }
`;

  test('synchronous links are solid, asynchronous dashed, labels carry the label and the protocol', () => {
    const diagram = diagramOf(LINKS, { view: 'topology', legend: false });
    assert.deepEqual(edgeLines(diagram), [
      'n_A -->|"call · grpc"| n_B',
      'n_A -.->|"publish · kafka"| n_Q',
      'n_Q -.-> n_C',
      'n_A -.->|"ask · awaits reply"| n_C',
    ]);
    assert.deepEqual(
      diagram.edges.map((edge) => [edge.index, edge.from, edge.to, edge.sync, edge.awaited]),
      [
        [0, 'n_A', 'n_B', true, false],
        [1, 'n_A', 'n_Q', false, false],
        [2, 'n_Q', 'n_C', false, false],
        [3, 'n_A', 'n_C', false, true],
      ],
    );
    assert.equal(diagram.edgeCount, 4);
  });

  test('an awaited hop is drawn thicker', () => {
    const diagram = diagramOf(LINKS, { view: 'topology', legend: false });
    assert.deepEqual([...linkStyles(diagram)], [[3, 'stroke-width:4px']]);
  });

  test('a chain is one edge per hop, each with the chain label', () => {
    const diagram = diagramOf('client W\nservice A\ntopic T\nW -> A ~> T "go" { protocol: https }\n', { view: 'topology', legend: false });
    assert.deepEqual(edgeLines(diagram), ['n_W -->|"go · https"| n_A', 'n_A -.->|"go · https"| n_T']);
  });

  test("an edge's data points at the link in its file", () => {
    const text = 'service A\nservice B\nA -> B { timeout: 1s }\n';
    const [edge] = diagramOf(text, { view: 'topology' }).edges;
    assert.equal(edge!.path, 'main.topo');
    assert.equal(text.slice(edge!.start, edge!.end), 'A -> B');
  });

  test('invalid links and links to undeclared names are not drawn, and the notes say so', () => {
    const diagram = diagramOf('service A\nqueue Q\nA -> Q\nA -> Missing\nA -> A\nQ ~> A\n', { view: 'topology', legend: false });
    assert.deepEqual(edgeLines(diagram), ['n_Q -.-> n_A']);
    assert.deepEqual(diagram.notes, ['2 invalid links (see invalid-link) are not drawn.', '1 link to undeclared elements is not drawn.']);
    assert.ok(!diagram.text.includes('Missing'));
  });
});

describe('groups', () => {
  test('groups are nested subgraphs; same-named groups under the same parent are one; ids stay unique', () => {
    const diagram = diagramOf(
      {
        'a.topo': 'group Outer "Outer boundary" {\n  service A\n  group Inner { service B }\n}\n',
        'b.topo': 'group Outer { service C }\ngroup Other { group Inner { service D } }\nservice E\n',
      },
      { view: 'topology', legend: false },
    );
    const lines = diagram.text.split('\n');
    assert.deepEqual(lines.slice(1, lines.indexOf('  classDef sevInfo stroke:#2f7ed8,stroke-width:2px')), [
      '  n_E["E"]',
      '  subgraph g_Outer ["Outer boundary"]',
      '    n_A["A"]',
      '    n_C["C"]',
      '    subgraph g_Inner ["Inner"]',
      '      n_B["B"]',
      '    end',
      '  end',
      '  subgraph g_Other ["Other"]',
      '    subgraph g_Inner_x2 ["Inner"]',
      '      n_D["D"]',
      '    end',
      '  end',
    ]);
    assert.equal(diagram.size.subgraphs, 4);
  });

  test('a group with nothing drawn in it is not drawn', () => {
    const diagram = diagramOf('group Empty { }\ngroup Outer { group Inner { } }\nservice A\n', { view: 'topology', legend: false });
    assert.ok(!diagram.text.includes('subgraph'));
  });

  test(`groups deeper than ${MAX_GROUP_DEPTH} levels are drawn at that level, with a note`, () => {
    const depth = MAX_GROUP_DEPTH + 8;
    const text = `${'group G {\n'.repeat(depth)}service Deep\n${'}\n'.repeat(depth)}`;
    const diagram = diagramOf(text, { view: 'topology', legend: false });
    assert.equal((diagram.text.match(/subgraph /g) ?? []).length, MAX_GROUP_DEPTH);
    assert.match(diagram.text, new RegExp(`\\n {${2 * MAX_GROUP_DEPTH + 2}}n_Deep\\["Deep"\\]\\n`));
    assert.deepEqual(diagram.notes, [`Groups nested deeper than ${MAX_GROUP_DEPTH} levels are drawn inside their ancestor at level ${MAX_GROUP_DEPTH}.`]);
  });

  test('ten thousand nested groups draw without exhausting the stack', () => {
    const depth = 10_000;
    const text = `${'group G {\n'.repeat(depth)}service Deep\n${'}\n'.repeat(depth)}`;
    const diagram = diagramOf(text, { view: 'topology' });
    assert.equal(diagram.nodes.length, 1);
  });
});

describe('risks', () => {
  const RISKY = `
service A
service B
A -> B
service C { latency: "slow" }
service D
service A
`;

  test('elements are styled by their worst severity, links by linkStyle with their index', () => {
    const diagram = diagramOf(RISKY, { view: 'topology', legend: false });
    // C: invalid-property (error) and orphan-element (info); D: orphan-element; A: declared twice.
    assert.deepEqual(classMembers(diagram, 'sevError'), ['n_A', 'n_C']);
    assert.deepEqual(classMembers(diagram, 'sevInfo'), ['n_D']);
    assert.deepEqual(classMembers(diagram, 'sevWarning'), []);
    // A -> B has no timeout: missing-timeout, a warning.
    assert.deepEqual([...linkStyles(diagram)], [[0, 'stroke:#e8a200,stroke-width:3px']]);
    assert.deepEqual(
      diagram.nodes.map((node) => [node.name, node.severity]),
      [
        ['A', 'error'],
        ['B', undefined],
        ['C', 'error'],
        ['D', 'info'],
      ],
    );
    assert.equal(diagram.edges[0]!.severity, 'warning');
    assert.ok(linesOf(diagram).includes('classDef sevError stroke:#d62728,stroke-width:3px'));
    assert.deepEqual(diagram.notes, ['1 duplicate declaration: each name is drawn once, where it is first declared.']);
  });

  test('severities follow the configuration', () => {
    const diagram = diagramOf(RISKY, { view: 'topology', legend: false }, { 'missing-timeout': { severity: 'off' }, 'orphan-element': { severity: 'off' } });
    assert.deepEqual([...linkStyles(diagram)], []);
    assert.deepEqual(classMembers(diagram, 'sevInfo'), []);
  });

  test('a finding on one hop of a chain styles that hop; a finding on the shared properties styles every hop', () => {
    const diagram = diagramOf('client W\nservice A\nservice B\nW -> A -> B\n', { view: 'topology', legend: false });
    // missing-timeout on A -> B only (links from entries are exempt).
    assert.deepEqual([...linkStyles(diagram)], [[1, 'stroke:#e8a200,stroke-width:3px']]);
    const shared = diagramOf('client W\nservice A\nservice B\nW -> A -> B { timeout: "x" }\n', { view: 'topology', legend: false });
    assert.deepEqual([...linkStyles(shared)].map(([index]) => index), [0, 1]);
    assert.ok([...linkStyles(shared)].every(([, style]) => style.startsWith('stroke:#d62728')));
  });
});

describe('legend', () => {
  test('shows the shapes drawn, both arrow styles and the severities shown', () => {
    const diagram = diagramOf('service A\ndatabase B\nA -> B\n', { view: 'topology' });
    const lines = linesOf(diagram);
    const start = lines.indexOf('subgraph lg_legend ["Legend"]');
    assert.ok(start > 0);
    assert.deepEqual(lines.slice(start + 1, lines.indexOf('end', start)), [
      'direction TB',
      'lg_service["service"]',
      'lg_database[("database")]',
      'lg_from0["A"] -->|"sync call#58; A waits for B"| lg_to0["B"]',
      'lg_from1["A"] -.->|"async message#58; A moves on"| lg_to1["B"]',
      'lg_warning["warning finding"]',
      'lg_service ~~~ lg_database ~~~ lg_warning',
    ]);
    assert.deepEqual(classMembers(diagram, 'sevWarning'), ['lg_warning']);
    assert.deepEqual(classMembers(diagram, 'kService'), ['n_A', 'lg_service']);
  });

  test('shows the awaited arrow when one is drawn, styled at its own index', () => {
    const diagram = diagramOf('service A { idempotent: true }\nservice B { idempotent: true }\nA ~> B { await: true, timeout: 1s, retries: 1, dlq: D }\nqueue D { monitored: true }\n', { view: 'topology' });
    assert.deepEqual(edgeLines(diagram).slice(1), [
      'lg_from0["A"] -->|"sync call#58; A waits for B"| lg_to0["B"]',
      'lg_from1["A"] -.->|"async message#58; A moves on"| lg_to1["B"]',
      'lg_from2["A"] -.->|"async, awaited#58; A waits for the reply"| lg_to2["B"]',
      'lg_service ~~~ lg_queue',
    ]);
    assert.deepEqual([...linkStyles(diagram)], [
      [0, 'stroke-width:4px'],
      [3, 'stroke-width:4px'],
    ]);
  });

  test('lays the shapes and severities out in columns of four, linked invisibly', () => {
    const kinds = ['actor', 'client', 'gateway', 'service', 'worker', 'database'];
    const diagram = diagramOf(kinds.map((kind, n) => `${kind} E${n}`).join('\n') + '\n', { view: 'topology' });
    const lines = linesOf(diagram);
    assert.deepEqual(
      lines.filter((line) => line.includes('~~~')),
      ['lg_actor ~~~ lg_client ~~~ lg_gateway ~~~ lg_service', 'lg_worker ~~~ lg_database ~~~ lg_info'],
    );
  });

  test('can be left out', () => {
    const diagram = diagramOf('service A\n', { view: 'topology', legend: false });
    assert.ok(!diagram.text.includes('lg_'));
  });
});

describe('data and size', () => {
  test("nodes point at the element's name; the size counts what Mermaid will draw", () => {
    const text = 'service Orders "Order service"\ndatabase Db\nOrders -> Db { timeout: 1s }\n';
    const diagram = diagramOf(text, { view: 'topology' });
    assert.deepEqual(diagram.nodes[0], { id: 'n_Orders', name: 'Orders', kind: 'service', label: 'Order service', path: 'main.topo', start: 8, end: 14 });
    assert.equal(text.slice(diagram.nodes[0]!.start, diagram.nodes[0]!.end), 'Orders');
    // 2 elements + legend: 2 kinds, 2 arrows of 2 nodes each; 1 link + 2 legend arrows (the invisible link stacking the kinds draws nothing).
    assert.deepEqual(diagram.size, { nodes: 2 + 2 + 4, edges: 3, subgraphs: 1, textLength: diagram.text.length });
  });

  test('an empty project is an empty flowchart', () => {
    const diagram = diagramOf('', { view: 'topology' });
    assert.equal(diagram.text, 'flowchart LR\n');
    assert.deepEqual(diagram.size, { nodes: 0, edges: 0, subgraphs: 0, textLength: 13 });
  });

  test('a broken file still draws what parses, with a note', () => {
    const diagram = diagramOf({ 'a.topo': 'service A {\nA -> B\n', 'b.topo': 'service B\n' }, { view: 'topology' });
    assert.deepEqual(diagram.nodes.map((node) => node.name), ['A', 'B']);
    assert.deepEqual(diagram.notes, ['a.topo has syntax errors: the diagram shows what parses.']);
  });

  test('the same project gives the same text', () => {
    const files = { 'b.topo': 'service B\nA -> B\n', 'a.topo': 'client A\n' };
    assert.equal(diagramOf(files, { view: 'topology' }).text, diagramOf({ 'a.topo': files['a.topo'], 'b.topo': files['b.topo'] }, { view: 'topology' }).text);
  });

  test('an unknown view is an error, not an exception', () => {
    const result = generateDiagram(lint('service A\n'), { view: 'map' } as never);
    assert.deepEqual(result, { ok: false, error: "unknown view 'map': use topology, focus or sequence" });
  });
});
