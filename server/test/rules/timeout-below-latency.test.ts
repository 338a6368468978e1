import { ruleTester } from '../helpers/ruleTester';

const why = 'it fails even when nothing is wrong';

ruleTester('timeout-below-latency', {
  valid: [
    { name: 'a timeout equal to what the call takes', files: 'service A\nservice B { latency: 300ms }\nA -> B { timeout: 300ms }' },
    { name: 'a call without a timeout (missing-timeout’s concern)', files: 'service A\nservice B { latency: 300ms }\nA -> B' },
    {
      name: 'a callee in a synchronous cycle has no response time (sync-cycle reports it)',
      files: 'service A\nservice B { latency: 1s }\nservice C\nA -> B { timeout: 10ms }\nB -> C { timeout: 10ms }\nC -> B { timeout: 10ms }',
    },
    {
      name: 'an awaited asynchronous hop whose timeout covers the channel delay and the slowest consumer',
      files: 'service A\nqueue Q { delay: 1s }\nworker W { latency: 200ms }\nA ~> Q { await: true, timeout: 1200ms }\nQ ~> W',
    },
    { name: 'an asynchronous hop that is not awaited', files: 'service A\nqueue Q { delay: 1s }\nworker W\nA ~> Q\nQ ~> W' },
    {
      name: 'a parallel caller needs only its slowest call',
      files: 'gateway G { latency: 10ms, parallel: true }\nservice B { latency: 200ms }\nservice C { latency: 250ms }\nactor U\nU -> G { timeout: 300ms }\nG -> B { timeout: 1s }\nG -> C { timeout: 1s }',
    },
  ],
  invalid: [
    {
      name: 'an awaited asynchronous hop that times out before the reply can come',
      files: 'service A\nqueue Q { delay: 1s }\nworker W { latency: 200ms }\nA ~> Q { await: true, timeout: 100ms }\nQ ~> W',
      findings: [
        {
          at: '4:1-4:7',
          message: `'A' ~> 'Q' times out after 100ms but the reply takes 1.2s (link latency, the delay of 'Q' and its slowest consumer): ${why}; raise the timeout above 1.2s`,
          fixed: 'service A\nqueue Q { delay: 1s }\nworker W { latency: 200ms }\nA ~> Q { await: true, timeout: 2.4s }\nQ ~> W',
        },
      ],
    },
    {
      name: 'a timeout below the callee’s latency',
      files: 'service A\nservice B { latency: 300ms }\nA -> B { timeout: 200ms }',
      findings: [
        {
          at: '3:1-3:7',
          message: `'A' -> 'B' times out after 200ms but the call takes 300ms (link latency plus the response time of 'B'): ${why}; raise the timeout above 300ms`,
          fixed: 'service A\nservice B { latency: 300ms }\nA -> B { timeout: 600ms }',
        },
      ],
    },
    {
      name: 'link latency and what the callee calls count',
      files: 'gateway Api\nservice Orders { latency: 40ms }\ndatabase Db { latency: 8ms }\nApi -> Orders { timeout: 50ms, latency: 5ms }\nOrders -> Db { timeout: 1s }',
      findings: [
        {
          at: '4:1-4:14',
          message: `'Api' -> 'Orders' times out after 50ms but the call takes 53ms (link latency plus the response time of 'Orders'): ${why}; raise the timeout above 53ms`,
          fixed: 'gateway Api\nservice Orders { latency: 40ms }\ndatabase Db { latency: 8ms }\nApi -> Orders { timeout: 200ms, latency: 5ms }\nOrders -> Db { timeout: 1s }',
        },
      ],
    },
    {
      name: 'a call from an entry',
      files: 'actor U\nservice A { latency: 2s }\nU -> A { timeout: 1500ms }',
      findings: [
        {
          at: '3:1-3:7',
          message: `'U' -> 'A' times out after 1.5s but the call takes 2s (link latency plus the response time of 'A'): ${why}; raise the timeout above 2s`,
          fixed: 'actor U\nservice A { latency: 2s }\nU -> A { timeout: 4s }',
        },
      ],
    },
    {
      name: 'a chain shares its timeout: each hop is measured, each fix sets the shared value',
      files: 'service A\nservice B { latency: 100ms }\nservice C { latency: 250ms }\nA -> B -> C { timeout: 200ms }',
      findings: [
        {
          at: '4:1-4:7',
          message: `'A' -> 'B' times out after 200ms but the call takes 350ms (link latency plus the response time of 'B'): ${why}; raise the timeout above 350ms`,
          fixed: 'service A\nservice B { latency: 100ms }\nservice C { latency: 250ms }\nA -> B -> C { timeout: 700ms }',
        },
        {
          at: '4:6-4:12',
          message: `'B' -> 'C' times out after 200ms but the call takes 250ms (link latency plus the response time of 'C'): ${why}; raise the timeout above 250ms`,
          fixed: 'service A\nservice B { latency: 100ms }\nservice C { latency: 250ms }\nA -> B -> C { timeout: 500ms }',
        },
      ],
    },
    {
      name: 'an awaited hop downstream counts; a multi-line block keeps its layout',
      files: 'gateway Api\nservice A { latency: 100ms }\nqueue Q { delay: 1s }\nworker W { latency: 150ms }\nApi -> A {\n  protocol: grpc\n  timeout: 1s\n}\nA ~> Q { await: true, timeout: 5s }\nQ ~> W',
      findings: [
        {
          at: '5:1-5:9',
          message: `'Api' -> 'A' times out after 1s but the call takes 1250ms (link latency plus the response time of 'A'): ${why}; raise the timeout above 1250ms`,
          fixed: 'gateway Api\nservice A { latency: 100ms }\nqueue Q { delay: 1s }\nworker W { latency: 150ms }\nApi -> A {\n  protocol: grpc\n  timeout: 2.5s\n}\nA ~> Q { await: true, timeout: 5s }\nQ ~> W',
        },
      ],
    },
  ],
});
