// The language-integrity checks: always errors, not configurable.
import { ruleTester } from '../helpers/ruleTester';

ruleTester('syntax-error', {
  valid: [
    { name: 'a well-formed file', files: 'service A\nservice B\nA -> B { timeout: 1s }' },
    { name: 'an empty file', files: '' },
    { name: 'only comments', files: '// nothing yet\n/* later */' },
    { name: 'newlines stand for commas between properties', files: 'service A {\n  latency: 5ms\n  availability: 99%\n}' },
  ],
  invalid: [
    {
      name: 'two errors in separate statements are both reported',
      files: 'service\nservice B { latency 5ms }',
      findings: [
        { at: '1:1-1:8', message: "expected a name after 'service'" },
        { at: '2:21-2:24', message: "expected ':' after the property name 'latency'" },
      ],
    },
    {
      name: 'errors in two files are each reported in their own file',
      files: { 'a.topo': 'group G {\n  service A\n', 'b.topo': 'A ~> \nservice B "unterminated\n' },
      findings: [
        { path: 'a.topo', at: '1:9-1:10', message: "expected '}' to close the group 'G'" },
        { path: 'b.topo', at: '1:3-1:5', message: "expected a name after '~>'" },
        { path: 'b.topo', at: '2:11-2:24', message: 'unterminated string: add a closing \'"\' on the same line' },
      ],
    },
    {
      name: 'a keyword where a name belongs',
      files: 'service queue',
      findings: [{ at: '1:9-1:14', message: "'queue' is a keyword and cannot be a name (names are case-sensitive: 'Queue' is allowed)" }],
    },
  ],
});

ruleTester('unknown-element', {
  valid: [
    { name: 'names declared later and in another file', files: { 'a.topo': 'A -> B { timeout: 1s }', 'b.topo': 'service A\nservice B' } },
    { name: 'a dlq on a link naming a declared queue', files: 'queue Q\nworker W\nqueue D\nQ ~> W { dlq: D }' },
    { name: 'names inside groups are project-wide', files: 'group G {\n  service A\n}\nservice B\nB -> A { timeout: 1s }' },
  ],
  invalid: [
    {
      name: 'a misspelt name offers the close one',
      files: 'service Payments\nservice A\nA -> Paymnts',
      findings: [{ at: '3:6-3:13', message: "unknown element 'Paymnts': did you mean 'Payments'?", fixed: 'service Payments\nservice A\nA -> Payments' }],
    },
    {
      name: 'an undeclared name can be declared',
      files: 'service A\nA -> Ledger',
      findings: [{ at: '2:6-2:12', message: "unknown element 'Ledger': declare it, for example `service Ledger`", fixed: 'service A\nA -> Ledger\nservice Ledger\n' }],
    },
    {
      name: 'every unknown hop of a chain is reported once per use',
      files: 'service A\nA -> Nope ~> Nope',
      findings: [
        { at: '2:6-2:10', fixed: 'service A\nA -> Nope ~> Nope\nservice Nope\n' },
        { at: '2:14-2:18' },
      ],
    },
    {
      name: 'a dlq naming nothing declares a queue',
      files: 'queue Q { dlq: QDlq }',
      findings: [{ at: '1:16-1:20', fixed: 'queue Q { dlq: QDlq }\nqueue QDlq\n' }],
    },
  ],
});

ruleTester('duplicate-element', {
  valid: [
    { name: 'distinct names', files: 'service A\nservice B' },
    { name: 'names differ by case', files: 'service Orders\nservice orders' },
    { name: 'a group is not an element: it may share a name with one', files: 'group Orders {\n  service Orders\n}' },
  ],
  invalid: [
    {
      name: 'the later declaration, in another file, points at the first',
      files: { 'a.topo': 'service Orders', 'b.topo': 'worker Orders' },
      findings: [
        {
          path: 'b.topo',
          at: '1:8-1:14',
          message: "'Orders' is already declared as a service in a.topo: names are unique across the project",
          related: ['Orders'],
        },
      ],
    },
    {
      name: 'three declarations in one file: the second and third are reported',
      files: 'service A\nworker A\ngroup G {\n  queue A\n}',
      findings: [
        { at: '2:8-2:9', message: "'A' is already declared as a service: names are unique across the project", related: ['A'] },
        { at: '4:9-4:10', message: "'A' is already declared as a service: names are unique across the project", related: ['A'] },
      ],
    },
  ],
});

ruleTester('invalid-link', {
  valid: [
    { name: 'async links into channels and entries', files: 'actor U\nservice A\nqueue Q\nA ~> Q\nQ ~> A\nA ~> U' },
    { name: 'the same pair with different arrows', files: 'service A\nservice B\nA -> B { timeout: 1s }\nA ~> B' },
  ],
  invalid: [
    {
      name: 'a sync call into a channel',
      files: 'service A\nqueue Q\nA -> Q',
      findings: [{ at: '3:1-3:7', message: "'Q' is a queue: publish to a channel with '~>', not a synchronous call" }],
    },
    {
      name: 'a sync call out of a channel',
      files: 'service A\ntopic T\nT -> A',
      findings: [{ at: '3:1-3:7', message: "'T' is a topic: a channel delivers messages, it cannot make a synchronous call; use '~>'" }],
    },
    {
      name: 'a sync call into an entry',
      files: 'service A\nclient Web\nA -> Web',
      findings: [{ at: '3:1-3:9', message: "'Web' is a client: nothing can call an entry synchronously; deliver results to it with '~>'" }],
    },
    { name: 'a self-link', files: 'service A\nA ~> A', findings: [{ at: '2:1-2:7', message: "'A' links to itself: a link needs two different elements" }] },
    {
      name: 'the same link twice',
      files: 'service A\nservice B\nA ~> B\nA ~> B',
      findings: [{ at: '4:1-4:7', related: ['A ~> B'] }],
    },
  ],
});

ruleTester('invalid-property', {
  valid: [
    {
      name: 'every documented property in its place',
      files: [
        'actor U { budget: 1s, slo: 99.9%, description: "x", tags: ["a", b] }',
        'service S { latency: 5ms, availability: 99.95%, critical: false, idempotent: true, parallel: true, outbox: true, owner: "team" }',
        'database D { latency: 2ms, availability: 100% }',
        'queue Q { dlq: QD, delay: 2s, monitored: true }',
        'queue QD { monitored: true }',
        'U -> S { protocol: https, latency: 1ms, timeout: 2s, retries: 2, circuit_breaker: true, consistency: strong }',
        'S ~> Q { protocol: "AMQP 0.9", await: true, timeout: 5s }',
        'Q ~> S { retries: 3, dlq: QD, consistency: eventual }',
      ].join('\n'),
    },
  ],
  invalid: [
    {
      name: 'a misspelt key',
      files: 'service S { latncy: 5ms }',
      findings: [{ at: '1:13-1:19', message: "unknown property 'latncy' on a service: did you mean 'latency'?", fixed: 'service S { latency: 5ms }' }],
    },
    {
      name: 'a key of another kind',
      files: 'service S { budget: 1s }',
      findings: [{ at: '1:13-1:19', message: "'budget' does not apply to a service: it is for entries (actor, client)" }],
    },
    {
      name: 'a duration without a unit',
      files: 'service S { latency: 40 }',
      findings: [{ at: '1:22-1:24', message: "'latency' expects a duration such as 300ms or 2s, got '40'", fixed: 'service S { latency: 40ms }' }],
    },
    {
      name: 'a percentage out of range',
      files: 'service S { availability: 101% }',
      findings: [{ at: '1:27-1:31', message: "'availability' must be a percentage between 0% and 100%, got 101%" }],
    },
    {
      name: 'a dlq that is not a queue',
      files: 'topic T\nqueue Q { dlq: T }',
      findings: [{ at: '2:16-2:17', message: "'dlq' must name a queue: 'T' is a topic" }],
    },
    {
      name: 'sync-only and async-only keys on the wrong arrow',
      files: 'service A\nservice B\nservice C\nA -> B { await: true }\nB ~> C { circuit_breaker: true, timeout: 1s }',
      findings: [
        { at: '4:10-4:15', message: "'await' applies to asynchronous links ('~>'), not to the synchronous call A -> B" },
        { at: '5:10-5:25', message: "'circuit_breaker' applies to synchronous calls ('->'), not to the asynchronous link B ~> C" },
        { at: '5:33-5:40', message: "'timeout' on the asynchronous link B ~> C needs 'await: true': a sender that does not wait has nothing to time out" },
      ],
    },
    {
      name: 'a repeated key',
      files: 'service S { latency: 5ms, latency: 6ms }',
      findings: [{ at: '1:27-1:34', message: "'latency' is set twice: only the first value counts", fixed: 'service S { latency: 5ms }' }],
    },
    {
      name: 'consistency must be strong or eventual',
      files: 'service A\nservice B\nA -> B { timeout: 1s, consistency: "strong" }',
      findings: [{ at: '3:36-3:44', fixed: 'service A\nservice B\nA -> B { timeout: 1s, consistency: strong }' }],
    },
  ],
});
