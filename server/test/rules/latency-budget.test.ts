import { ruleTester } from '../helpers/ruleTester';

const advice = 'move work the user does not wait for off the synchronous path (~>), call independent services in parallel, or raise the budget';

ruleTester('latency-budget', {
  valid: [
    {
      name: 'a request that takes exactly its budget',
      files: 'actor U { budget: 100ms }\nservice A { latency: 60ms }\nservice B { latency: 40ms }\nU -> A\nA -> B { timeout: 1s }',
    },
    { name: 'an entry without a budget', files: 'actor U\nservice A { latency: 5s }\nU -> A' },
    {
      name: 'work behind a fire-and-forget message is off the user’s path',
      files: 'actor U { budget: 100ms }\nservice A { latency: 50ms }\nqueue Q\nworker W { latency: 5s }\nU -> A\nA ~> Q\nQ ~> W',
    },
    {
      name: 'parallel: true waits for the slowest call only',
      files: 'actor U { budget: 100ms }\nservice A { latency: 10ms, parallel: true }\nservice B { latency: 80ms }\nservice C { latency: 70ms }\nU -> A\nA -> B { timeout: 1s }\nA -> C { timeout: 1s }',
    },
    {
      name: 'a request into a synchronous cycle has no response time (sync-cycle reports it)',
      files: 'actor U { budget: 10ms }\nservice A { latency: 50ms }\nservice B\nU -> A\nA -> B\nB -> A',
    },
  ],
  invalid: [
    {
      name: 'sequential calls add up',
      files: 'actor U { budget: 100ms }\nservice A { latency: 10ms }\nservice B { latency: 80ms }\nservice C { latency: 70ms }\nU -> A\nA -> B { timeout: 1s }\nA -> C { timeout: 1s }',
      findings: [
        {
          at: '5:1-5:7',
          message: `'U' -> 'A' takes 160ms, over the 100ms budget of 'U' (biggest: 'B' 80ms, 'C' 70ms, 'A' 10ms); ${advice}`,
          fixed: null,
        },
      ],
    },
    {
      name: 'a callee waited for twice, link latencies and a missing latency',
      files:
        'actor U { budget: 50ms }\nservice A\nservice B { latency: 5ms }\nservice C { latency: 5ms }\ndatabase Db { latency: 20ms }\nU -> A { latency: 3ms }\nA -> B { latency: 1ms }\nA -> C\nB -> Db\nC -> Db',
      findings: [
        {
          at: '6:1-6:7',
          message: `'U' -> 'A' takes 54ms, over the 50ms budget of 'U' (biggest: 'Db' 40ms in 2 calls, 'B' 5ms, 'C' 5ms, link latency 4ms; no latency given for 'A', counted as 0); ${advice}`,
        },
      ],
    },
    {
      name: 'an awaited hop waits for the channel and its slowest consumer',
      files:
        'client App { budget: 1s }\nservice A { latency: 100ms }\nqueue Q { delay: 500ms }\nworker W { latency: 300ms }\nworker W2 { latency: 450ms }\nApp -> A\nA ~> Q { await: true, timeout: 2s }\nQ ~> W\nQ ~> W2',
      findings: [
        {
          at: '6:1-6:9',
          message: `'App' -> 'A' takes 1050ms, over the 1s budget of 'App' (biggest: 'Q' 500ms, 'W2' 450ms, 'A' 100ms); ${advice}`,
        },
      ],
    },
    {
      name: 'an entry that awaits a reply over a queue waits for the delay and the slowest consumer',
      files: 'client App { budget: 1s }\nqueue Q { delay: 800ms }\nworker W { latency: 300ms }\nApp ~> Q { await: true, timeout: 5s }\nQ ~> W',
      findings: [
        {
          at: '4:1-4:9',
          message: `'App' ~> 'Q' takes 1.1s, over the 1s budget of 'App' (biggest: 'Q' 800ms, 'W' 300ms); ${advice}`,
        },
      ],
    },
    {
      name: 'each request of an entry is measured on its own; only the slow one is reported',
      files: 'actor U { budget: 200ms }\nservice Fast { latency: 50ms }\nservice Slow { latency: 250ms }\nU -> Fast\nU -> Slow',
      findings: [{ at: '5:1-5:10', message: `'U' -> 'Slow' takes 250ms, over the 200ms budget of 'U' (biggest: 'Slow' 250ms); ${advice}` }],
    },
    {
      name: 'the biggest three contributors, and the missing latencies counted',
      files: {
        'a.topo': 'actor Customer { budget: 800ms }\nCustomer -> Api',
        'b.topo':
          'gateway Api\nservice Orders { latency: 300ms }\nservice Payments { latency: 400ms }\nservice Search { latency: 200ms }\nexternal Stripe\nexternal Tax\nexternal Maps\nexternal Geo\nApi -> Orders -> Payments -> Stripe\nApi -> Search\nOrders -> Tax\nSearch -> Maps\nSearch -> Geo',
      },
      findings: [
        {
          path: 'a.topo',
          at: '2:1-2:16',
          message: `'Customer' -> 'Api' takes 900ms, over the 800ms budget of 'Customer' (biggest: 'Payments' 400ms, 'Orders' 300ms, 'Search' 200ms; no latency given for 'Api', 'Stripe', 'Tax' and 2 more, counted as 0); ${advice}`,
        },
      ],
    },
  ],
});
