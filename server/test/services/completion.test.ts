// Completion at a cursor in complete, broken and half-typed text: the context
// found, the items in the order the editor shows them (sortText, then label), the
// range they replace, and the text they insert.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { complete, type CompletionList } from '../../src/language/services/completion';
import { at } from './fixture';
import type { Files } from '../helpers/project';

interface Case {
  name: string;
  files: Files;
  context: CompletionList['context'];
  /** Labels in display order. */
  labels: string[];
  /** The text every item replaces (default: nothing, an insertion at the cursor). */
  replaces?: string;
  /** insertText (and whether a snippet) of some items, by label. */
  inserts?: Record<string, [string, boolean]>;
  details?: Record<string, string>;
}

const KINDS = ['actor', 'client', 'gateway', 'service', 'worker', 'database', 'cache', 'queue', 'topic', 'external'];
const SNIPPETS = ['new service', 'new link ->', 'new link ~>', 'new group'];
const DECLARED = 'service Orders { latency: 5ms }\nqueue Jobs\nqueue Dlq\ntopic Events\nactor User\ndatabase Db\n';

const CASES: Case[] = [
  {
    name: 'an empty file: kinds, group and snippets',
    files: '|',
    context: 'statement',
    labels: [...KINDS, 'group', ...SNIPPETS],
    inserts: {
      service: ['service ', false],
      group: ['group ', false],
      'new service': ['service ${1:Name} { latency: ${2:10ms} }', true],
      'new link ->': ['${1:From} -> ${2:To}', true],
      'new link ~>': ['${1:From} ~> ${2:To}', true],
      'new group': ['group ${1:Name} {\n\t$0\n}', true],
    },
    details: { actor: 'entry', gateway: 'service-like element', cache: 'store', topic: 'channel' },
  },
  {
    name: 'a new line after statements also offers the declared names, to start a link',
    files: `${DECLARED}|`,
    context: 'statement',
    labels: [...KINDS, 'group', 'Db', 'Dlq', 'Events', 'Jobs', 'Orders', 'User', ...SNIPPETS],
    details: { Orders: 'service', Jobs: 'queue' },
  },
  {
    name: 'a half-typed word at statement start is replaced',
    files: `${DECLARED}ser|`,
    context: 'statement',
    labels: [...KINDS, 'group', 'Db', 'Dlq', 'Events', 'Jobs', 'Orders', 'User', ...SNIPPETS],
    replaces: 'ser',
  },
  {
    name: 'inside a group',
    files: 'group G {\n  |\n}\n',
    context: 'statement',
    labels: [...KINDS, 'group', ...SNIPPETS],
  },
  {
    name: 'after a closing brace on the same line',
    files: 'service A { latency: 1ms } |',
    context: 'statement',
    labels: [...KINDS, 'group', 'A', ...SNIPPETS],
  },
  {
    name: 'after an unclosed block, past the next statement: a statement again',
    files: 'service X { latency: 5ms\nservice Y\n|',
    context: 'statement',
    labels: [...KINDS, 'group', 'X', 'Y', ...SNIPPETS],
  },
  {
    name: '`A -> ` at the end of the file: every other name, what a call can reach first',
    files: `${DECLARED}Orders -> |`,
    context: 'link-target',
    labels: ['Db', 'Dlq', 'Events', 'Jobs', 'User'],
    details: { Db: 'database', Jobs: 'queue', User: 'actor' },
    inserts: { Db: ['Db', false] },
  },
  {
    name: 'after `~>`, channels first',
    files: `${DECLARED}Orders ~> |`,
    context: 'link-target',
    labels: ['Dlq', 'Events', 'Jobs', 'Db', 'User'],
  },
  {
    name: 'after a channel and `~>`, its consumers (service-like) first',
    files: `${DECLARED}worker Mailer\nEvents ~> Ma|`,
    context: 'link-target',
    labels: ['Mailer', 'Orders', 'Db', 'Dlq', 'Jobs', 'User'],
    replaces: 'Ma',
  },
  {
    name: 'names declared in other files of the project',
    files: { 'a.topo': 'service Remote\n', 'b.topo': 'service Here\nHere -> |' },
    context: 'link-target',
    labels: ['Remote'],
  },
  {
    name: 'the hop of a chain being written',
    files: `${DECLARED}User -> Orders ~> |`,
    context: 'link-target',
    labels: ['Dlq', 'Events', 'Jobs', 'Db', 'User'],
  },
  {
    name: 'after a kind: the names links use but nothing declares',
    files: 'service A\nA -> Ghost\nqueue Q { dlq: Lost }\nservice |',
    context: 'element-name',
    labels: ['Ghost', 'Lost'],
    details: { Ghost: 'used but not declared' },
  },
  {
    name: '`service X { lat`: the keys of a service, the word replaced, snippets with a value',
    files: 'service X { lat|',
    context: 'property-key',
    labels: ['description', 'owner', 'technology', 'tags', 'latency', 'availability', 'critical', 'idempotent', 'parallel', 'outbox'],
    replaces: 'lat',
    inserts: {
      latency: ['latency: ${1:10ms}', true],
      availability: ['availability: ${1:99.9%}', true],
      critical: ['critical: ${1|false,true|}', true],
      idempotent: ['idempotent: ${1|true,false|}', true],
      description: ['description: "$1"', true],
      tags: ['tags: [$1]', true],
    },
    details: { latency: 'a duration such as 300ms or 2s', critical: 'true or false' },
  },
  {
    name: 'keys already present are left out',
    files: 'service X { latency: 5ms, owner: "me", | }',
    context: 'property-key',
    labels: ['description', 'technology', 'tags', 'availability', 'critical', 'idempotent', 'parallel', 'outbox'],
  },
  {
    name: 'a new line separates properties',
    files: 'actor U {\n  budget: 1s\n  |\n}',
    context: 'property-key',
    labels: ['description', 'owner', 'technology', 'tags', 'slo'],
  },
  {
    name: 'a channel takes dlq, delay and monitored',
    files: 'queue Q {|}',
    context: 'property-key',
    labels: ['description', 'owner', 'technology', 'tags', 'dlq', 'delay', 'monitored'],
    inserts: { dlq: ['dlq: ${1:DeadLetters}', true], delay: ['delay: ${1:100ms}', true] },
  },
  {
    name: 'a key typed before its colon is replaced by the key alone',
    files: 'service X { lat|: 5ms }',
    context: 'property-key',
    labels: ['description', 'owner', 'technology', 'tags', 'latency', 'availability', 'critical', 'idempotent', 'parallel', 'outbox'],
    replaces: 'lat',
    inserts: { latency: ['latency', false] },
  },
  {
    name: 'a sync link',
    files: 'A -> B { | }',
    context: 'property-key',
    labels: ['protocol', 'latency', 'description', 'consistency', 'timeout', 'retries', 'circuit_breaker'],
    inserts: {
      protocol: ['protocol: ${1|http,https,grpc,graphql,sql,amqp,kafka,sqs,webhook|}', true],
      timeout: ['timeout: ${1:500ms}', true],
      latency: ['latency: ${1:1ms}', true],
      retries: ['retries: ${1:3}', true],
    },
  },
  {
    name: 'an async link: no timeout until it awaits',
    files: `${DECLARED}Orders ~> Jobs {\n  |\n}`,
    context: 'property-key',
    labels: ['protocol', 'latency', 'description', 'consistency', 'retries', 'await', 'dlq'],
    inserts: { dlq: ['dlq: ${1|Jobs,Dlq|}', true] },
  },
  {
    name: 'an awaited async link takes a timeout',
    files: 'A ~> Q { await: true, | }',
    context: 'property-key',
    labels: ['protocol', 'latency', 'description', 'consistency', 'timeout', 'retries', 'dlq'],
  },
  {
    name: "a chain's properties must suit every hop",
    files: 'A -> B ~> Q { | }',
    context: 'property-key',
    labels: ['protocol', 'latency', 'description', 'consistency', 'retries'],
  },
  {
    name: '`{ consistency: `',
    files: 'A -> B { consistency: |',
    context: 'property-value',
    labels: ['eventual', 'strong'],
    inserts: { strong: ['strong', false] },
  },
  {
    name: 'a half-typed value is replaced',
    files: 'A -> B { consistency: str| }',
    context: 'property-value',
    labels: ['eventual', 'strong'],
    replaces: 'str',
  },
  {
    name: 'booleans',
    files: 'service X { idempotent: | }',
    context: 'property-value',
    labels: ['true', 'false'],
  },
  {
    name: 'critical offers false first: the value worth writing',
    files: 'service X { critical:| }',
    context: 'property-value',
    labels: ['false', 'true'],
  },
  {
    name: 'dlq: the queues of the project, not topics, not itself',
    files: `${DECLARED}queue Work { dlq: | }`,
    context: 'property-value',
    labels: ['Dlq', 'Jobs'],
    details: { Dlq: 'queue' },
  },
  {
    name: 'protocols',
    files: 'A -> B { protocol: | }',
    context: 'property-value',
    labels: ['http', 'https', 'grpc', 'graphql', 'sql', 'amqp', 'kafka', 'sqs', 'webhook'],
  },
  {
    name: 'durations as snippets, by key',
    files: 'A -> B { timeout: | }',
    context: 'property-value',
    labels: ['500ms', '1s', '2s', '5s'],
    inserts: { '500ms': ['${1:500}ms', true], '1s': ['${1:1}s', true] },
  },
  {
    name: 'an element latency on a line of its own, the block unclosed',
    files: 'service X {\n  latency: |\nservice Y',
    context: 'property-value',
    labels: ['10ms', '50ms', '200ms'],
  },
  {
    name: 'percentages as snippets',
    files: 'service X { availability: | }',
    context: 'property-value',
    labels: ['99.9%', '99.95%', '99.99%', '99%'],
    inserts: { '99.95%': ['${1:99.95}%', true] },
  },
  {
    name: 'counts',
    files: 'A -> B { retries: | }',
    context: 'property-value',
    labels: ['3', '5', '0'],
  },
  {
    name: 'a key that does not belong has no values',
    files: 'A -> B { dlq: | }',
    context: 'property-value',
    labels: [],
  },
];

const NOTHING: [string, Files][] = [
  ['inside a string', 'service A "Or|ders"'],
  ['inside an unterminated string', 'service A "Ord|'],
  ['at the end of an unterminated string', 'service A "Ord|\nservice B'],
  ['inside a line comment', '// Ord|ers\nservice A'],
  ['at the end of a line comment', 'service A // note|'],
  ['inside a block comment', '/* a\n  b| */'],
  ['inside an unterminated block comment, at the end of the file', 'service A\n/* abc |'],
  ['after a value on the same line', 'service X { latency: 5ms |'],
  ['inside a list', 'service X { tags: [|] }'],
  ['after a name that needs a label or a block', 'service X |'],
  ['after `group`', 'group |'],
  ['after a link end on the same line', 'A -> B |'],
];

function displayOrder(list: CompletionList): string[] {
  return [...list.items]
    .sort((a, b) => {
      const x = a.sortText ?? a.label;
      const y = b.sortText ?? b.label;
      return x < y ? -1 : x > y ? 1 : a.label < b.label ? -1 : a.label > b.label ? 1 : 0;
    })
    .map((item) => item.label);
}

describe('completion', () => {
  for (const item of CASES) {
    test(item.name, () => {
      const fixture = at(item.files);
      const list = complete(fixture.result, fixture.doc, fixture.offset);
      assert.equal(list.context, item.context);
      assert.deepEqual(displayOrder(list), item.labels);
      for (const entry of list.items) {
        assert.equal(fixture.doc.text.slice(entry.replaceStart, entry.replaceEnd), item.replaces ?? '', `the range ${entry.label} replaces`);
        assert.ok(entry.replaceStart <= fixture.offset && fixture.offset <= entry.replaceEnd, 'the range holds the cursor');
      }
      const byLabel = new Map(list.items.map((entry) => [entry.label, entry]));
      for (const [label, [insertText, isSnippet]] of Object.entries(item.inserts ?? {})) {
        assert.deepEqual([byLabel.get(label)?.insertText, byLabel.get(label)?.isSnippet], [insertText, isSnippet], `insertText of ${label}`);
      }
      for (const [label, detail] of Object.entries(item.details ?? {})) assert.equal(byLabel.get(label)?.detail, detail, `detail of ${label}`);
    });
  }
  for (const [name, files] of NOTHING) {
    test(`nothing ${name}`, () => {
      const fixture = at(files);
      assert.deepEqual(complete(fixture.result, fixture.doc, fixture.offset), { context: 'none', items: [] });
    });
  }

  test('documentation escapes user text', () => {
    const fixture = at('service Orders "*Big* [x](y)" { description: "<b>hi</b>" }\nA -> |');
    const orders = complete(fixture.result, fixture.doc, fixture.offset).items.find((entry) => entry.label === 'Orders')!;
    assert.equal(orders.documentation, '**service** `Orders`\n\n“\\*Big\\* \\[x\\]\\(y\\)”\n\n\\<b\\>hi\\</b\\>');
  });

  test('without a model: the syntax alone still gives contexts and keys', () => {
    const fixture = at('service X { | }');
    const list = complete(undefined, fixture.doc, fixture.offset);
    assert.equal(list.context, 'property-key');
    assert.equal(list.items.length, 10);
  });
});
