import { ruleTester } from '../helpers/ruleTester';

const SPLIT = 'each message reaches only one of them, so each sees only part of the stream';
const TOPIC = 'make it a topic if every one of them needs every message';

ruleTester('queue-multiple-consumers', {
  valid: [
    { name: 'one consumer', files: 'service A\nqueue Q\nworker W\nA ~> Q\nQ ~> W' },
    { name: 'a delivery to an entry is not a consumer', files: 'service A\nqueue Q\nworker W\nactor U\nA ~> Q\nQ ~> W\nQ ~> U' },
    { name: 'a topic with many subscribers', files: 'topic T\nworker A\nworker B\nT ~> A\nT ~> B' },
    { name: 'a link declared twice counts once', files: 'queue Q\nworker W\nQ ~> W\nQ ~> W' },
    { name: 'an invalid link does not consume', files: 'queue Q\nworker W\nservice S\nQ ~> W\nQ -> S' },
  ],
  invalid: [
    {
      name: 'two workers on one queue',
      files: 'queue Jobs\nworker A\nworker B\nJobs ~> A\nJobs ~> B',
      findings: [
        {
          at: '1:7-1:11',
          message: `the queue 'Jobs' has 2 consumers, 'A' and 'B': ${SPLIT}; ${TOPIC}`,
          related: ['Jobs ~> A', 'Jobs ~> B'],
          fixed: 'topic Jobs\nworker A\nworker B\nJobs ~> A\nJobs ~> B',
        },
      ],
    },
    {
      name: 'every distinct consumer counts, across files; a delivery to an entry does not; properties are kept',
      files: { 'a.topo': 'queue Q { delay: 1s }\nactor Ops\nQ ~> Ops', 'b.topo': 'worker A\nworker B\nQ ~> A ~> B\nQ ~> B' },
      findings: [
        {
          path: 'a.topo',
          at: '1:7-1:8',
          message: `the queue 'Q' has 2 consumers, 'A' and 'B': ${SPLIT}; ${TOPIC}`,
          related: ['Q ~> A', 'Q ~> B'],
          fixed: { 'a.topo': 'topic Q { delay: 1s }\nactor Ops\nQ ~> Ops' },
        },
      ],
    },
    {
      name: 'a long list of consumers is shortened',
      files: 'queue Q\nworker A\nworker B\nworker C\nworker D\nworker E\nQ ~> A\nQ ~> B\nQ ~> C\nQ ~> D\nQ ~> E',
      findings: [{ at: '1:7-1:8', message: `the queue 'Q' has 5 consumers, 'A', 'B', 'C', 'D' and 1 more: ${SPLIT}; ${TOPIC}` }],
    },
    {
      name: 'a dead-letter queue must stay a queue: no fix',
      files: 'topic T { dlq: Dead }\nqueue Dead\nworker R1\nworker R2\nDead ~> R1\nDead ~> R2',
      findings: [
        {
          at: '2:7-2:11',
          message: `the queue 'Dead' has 2 consumers, 'R1' and 'R2': ${SPLIT}; as a dead-letter queue it must stay a queue, so keep one consumer that replays the failed messages`,
          related: ['Dead ~> R1', 'Dead ~> R2'],
          fixed: null,
        },
      ],
    },
  ],
});
