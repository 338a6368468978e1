import { ruleTester } from '../helpers/ruleTester';

const tail = 'call each other synchronously in a cycle: a request can end up waiting on itself and a failure in any of them reaches all; make one of these calls asynchronous (~>) to break the cycle';

const ring = Array.from({ length: 9 }, (_, i) => `R${i + 1}`);

ruleTester('sync-cycle', {
  valid: [
    { name: 'a chain without a way back', files: 'service A\nservice B\nservice C\nA -> B -> C\nA -> C' },
    { name: 'an asynchronous link back is not a synchronous cycle', files: 'service A\nservice B\nA -> B\nB ~> A' },
    { name: 'an answer delivered through a queue', files: 'service A\nservice B\nqueue Replies\nA -> B\nB ~> Replies\nReplies ~> A' },
    { name: 'a link to itself is an invalid link, not a cycle', files: 'service A\nA -> A' },
  ],
  invalid: [
    {
      name: 'two services calling each other',
      files: 'service A\nservice B\nA -> B\nB -> A',
      findings: [{ at: '3:1-3:7', message: `'A' and 'B' ${tail}`, related: ['B -> A'], fixed: null }],
    },
    {
      name: 'a cycle declared in one chain; links leaving the cycle are not part of it',
      files: 'service A\nservice B\nservice C\nservice D\nA -> B -> C -> A\nC -> D\nD -> A',
      findings: [{ at: '5:1-5:7', message: `'A', 'B', 'C' and 'D' ${tail}`, related: ['B -> C', 'C -> A', 'C -> D', 'D -> A'] }],
    },
    {
      name: 'a cycle with an exit is reported once; the exit is not related',
      files: 'service A\nservice B\nservice C\nA -> B\nB -> A\nB -> C',
      findings: [{ at: '4:1-4:7', message: `'A' and 'B' ${tail}`, related: ['B -> A'] }],
    },
    {
      name: 'across files: the first link in source order, files in path order',
      files: { 'b.topo': 'service A\nA -> B', 'a.topo': 'service B\nB -> A' },
      findings: [{ path: 'a.topo', at: '2:1-2:7', message: `'B' and 'A' ${tail}`, related: ['A -> B'] }],
    },
    {
      name: 'two separate cycles, one finding each',
      files: 'service A\nservice B\nservice C\nservice D\nA -> B\nC -> D\nB -> A\nD -> C',
      findings: [
        { at: '5:1-5:7', message: `'A' and 'B' ${tail}`, related: ['B -> A'] },
        { at: '6:1-6:7', message: `'C' and 'D' ${tail}`, related: ['D -> C'] },
      ],
    },
    {
      name: 'a large cycle names its first members and counts the rest',
      files: [...ring.map((name) => `service ${name}`), `${ring.join(' -> ')} -> R1`].join('\n'),
      findings: [
        {
          at: '10:1-10:9',
          message: `'R1', 'R2', 'R3', 'R4', 'R5', 'R6' and 3 more ${tail}`,
          related: [...ring.slice(1).map((name, i) => `${name} -> ${ring[i + 2] ?? 'R1'}`)],
        },
      ],
    },
  ],
});
