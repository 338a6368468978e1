import { ruleTester } from '../helpers/ruleTester';

const advice = 'make a call that nobody waits for asynchronous (~>) or merge steps';

const longChain = Array.from({ length: 14 }, (_, i) => `S${i + 1}`);

ruleTester('sync-chain-depth', {
  valid: [
    { name: 'a chain of exactly maxDepth service-like elements', files: 'actor U\nservice A\nservice B\nservice C\nU -> A -> B -> C' },
    {
      name: 'entries and stores are not counted',
      files: 'actor U\ngateway G\nservice A\nservice B\ndatabase Db\ncache C\nU -> G -> A -> B -> Db\nB -> C',
    },
    {
      name: 'an asynchronous hop ends the chain',
      files: 'actor U\nservice A\nservice B\nqueue Q\nworker W\nservice C\nservice D\nU -> A -> B ~> Q\nQ ~> W -> C -> D',
    },
    { name: 'a larger maxDepth', files: 'actor U\nservice A\nservice B\nservice C\nservice D\nU -> A -> B -> C -> D', options: { maxDepth: 4 } },
    {
      name: 'links that are not valid do not extend a chain',
      files: 'actor U\nservice A\nservice B\nservice C\nqueue Q\nU -> A -> B -> C\nC -> Q\nC -> Nowhere',
    },
  ],
  invalid: [
    {
      name: 'a chain one service-like element too deep, reported on its first link',
      files: 'actor U\nservice A\nservice B\nservice C\nservice D\nU -> A -> B -> C -> D',
      findings: [
        {
          at: '6:1-6:7',
          message: `the synchronous chain 'U' -> 'A' -> 'B' -> 'C' -> 'D' is 4 service-like elements deep (max 3): its latencies add up and a failure at its end reaches 'U'; ${advice}`,
          related: ['A -> B', 'B -> C', 'C -> D'],
          fixed: null,
        },
      ],
    },
    {
      name: 'the longest of several branches, with a smaller maxDepth',
      files: 'actor U\nservice A\nservice B\nservice C\ndatabase Db\nU -> A\nA -> Db\nA -> B -> C',
      options: { maxDepth: 2 },
      findings: [
        {
          at: '6:1-6:7',
          message: `the synchronous chain 'U' -> 'A' -> 'B' -> 'C' is 3 service-like elements deep (max 2): its latencies add up and a failure at its end reaches 'U'; ${advice}`,
          related: ['A -> B', 'B -> C'],
          fixed: null,
        },
      ],
    },
    {
      name: 'a cycle on the chain counts all its service-like members and is shown in braces',
      files: 'worker W\nservice A\nservice B\nservice C\nW -> A\nA -> B\nB -> A\nB -> C',
      findings: [
        {
          at: '5:1-5:7',
          message: `the synchronous chain 'W' -> {'A', 'B'} -> 'C' is 4 service-like elements deep (max 3): its latencies add up and a failure at its end reaches 'W'; ${advice}`,
          related: ['B -> C'],
        },
      ],
    },
    {
      name: 'one finding per chain start, across files',
      files: {
        'a.topo': 'actor U\nU -> A',
        'b.topo': 'service A\nservice B\nservice C\nservice D\nA -> B -> C -> D\nqueue Q\nworker W\nQ ~> W -> A',
      },
      findings: [
        {
          path: 'a.topo',
          at: '2:1-2:7',
          message: `the synchronous chain 'U' -> 'A' -> 'B' -> 'C' -> 'D' is 4 service-like elements deep (max 3): its latencies add up and a failure at its end reaches 'U'; ${advice}`,
          related: ['A -> B', 'B -> C', 'C -> D'],
        },
        {
          path: 'b.topo',
          at: '8:6-8:12',
          message: `the synchronous chain 'W' -> 'A' -> 'B' -> 'C' -> 'D' is 5 service-like elements deep (max 3): its latencies add up and a failure at its end reaches 'W'; ${advice}`,
          related: ['A -> B', 'B -> C', 'C -> D'],
        },
      ],
    },
    {
      name: 'a long chain is shown by its head and tail',
      files: ['actor U', ...longChain.map((name) => `service ${name}`), `U -> ${longChain.join(' -> ')}`].join('\n'),
      findings: [
        {
          at: '16:1-16:8',
          message: `the synchronous chain 'U' -> 'S1' -> 'S2' -> 'S3' -> 'S4' -> 'S5' -> …4 more… -> 'S10' -> 'S11' -> 'S12' -> 'S13' -> 'S14' is 14 service-like elements deep (max 3): its latencies add up and a failure at its end reaches 'U'; ${advice}`,
          related: longChain.slice(0, -1).map((name, i) => `${name} -> ${longChain[i + 1]}`),
        },
      ],
    },
  ],
});
