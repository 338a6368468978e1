import { ruleTester } from '../helpers/ruleTester';

const advice = 'retry in one layer only and let the others fail fast';

ruleTester('retry-amplification', {
  valid: [
    { name: 'a product of exactly max', files: 'service A\nservice B\nservice C\nA -> B { retries: 1 }\nB -> C { retries: 4 }' },
    {
      name: 'asynchronous redeliveries are not synchronous retries',
      files: 'queue Q\nworker W { idempotent: true }\nservice B\nQ ~> W { retries: 5 }\nW -> B { retries: 3 }',
    },
    { name: 'sibling calls do not multiply', files: 'service A\nservice B\nservice C\nA -> B { retries: 3 }\nA -> C { retries: 3 }' },
    { name: 'a larger max', files: 'service A\nservice B\nservice C\nA -> B { retries: 3 }\nB -> C { retries: 3 }', options: { max: 16 } },
  ],
  invalid: [
    {
      name: 'two layers retrying three times each',
      files: 'service A\nservice B\nservice C\nA -> B { retries: 3 }\nB -> C { retries: 3 }',
      findings: [
        {
          at: '5:1-5:7',
          message: `retries multiply along 'A' -> 'B' -> 'C': one failing call to 'C' becomes up to 16 attempts (4 × 4), above the max of 10; ${advice}`,
          related: ['A -> B'],
          fixed: null,
        },
      ],
    },
    {
      name: 'reported where the running product first exceeds max',
      files: 'service A\nservice B\nservice C\nservice D\nA -> B { retries: 2 }\nB -> C { retries: 3 }\nC -> D { retries: 1 }',
      findings: [
        {
          at: '6:1-6:7',
          message: `retries multiply along 'A' -> 'B' -> 'C' -> 'D': one failing call to 'D' becomes up to 24 attempts (3 × 4 × 2), above the max of 10; ${advice}`,
          related: ['A -> B', 'C -> D'],
        },
      ],
    },
    {
      name: 'the heavier branch, through links that do not retry',
      files: 'actor U\ngateway G\nservice B\nservice C\nservice D\nU -> G\nG -> B { retries: 2 }\nB -> C { retries: 1 }\nB -> D { retries: 4 }',
      findings: [
        {
          at: '9:1-9:7',
          message: `retries multiply along 'U' -> 'G' -> 'B' -> 'D': one failing call to 'D' becomes up to 15 attempts (3 × 5), above the max of 10; ${advice}`,
          related: ['G -> B'],
        },
      ],
    },
    {
      name: 'one finding per chain start',
      files: 'actor U\nqueue Q\nworker W { idempotent: true }\nservice A\nservice B\nU -> A\nQ ~> W { retries: 1 }\nW -> A\nA -> B { retries: 3 }',
      options: { max: 3 },
      findings: [
        {
          at: '9:1-9:7',
          message: `retries multiply along 'U' -> 'A' -> 'B': one failing call to 'B' becomes up to 4 attempts, above the max of 3; ${advice}`,
          related: [],
        },
        {
          at: '9:1-9:7',
          message: `retries multiply along 'W' -> 'A' -> 'B': one failing call to 'B' becomes up to 4 attempts, above the max of 3; ${advice}`,
          related: [],
        },
      ],
    },
    {
      name: 'a cycle on the chain is shown in braces; retries inside it are not multiplied',
      files: 'service A\nservice B\nservice C\nservice D\nA -> B { retries: 2 }\nB -> C { retries: 9 }\nC -> B\nC -> D { retries: 3 }',
      findings: [
        {
          at: '8:1-8:7',
          message: `retries multiply along 'A' -> {'B', 'C'} -> 'D': one failing call to 'D' becomes up to 12 attempts (3 × 4), above the max of 10; ${advice}`,
          related: ['A -> B'],
        },
      ],
    },
  ],
});
