import { ruleTester } from '../helpers/ruleTester';

ruleTester('missing-timeout', {
  valid: [
    { name: 'a call with a timeout', files: 'service A\nservice B\nA -> B { timeout: 1s }' },
    { name: 'a call from an entry is exempt', files: 'actor U\nservice B\nU -> B' },
    { name: 'an asynchronous link', files: 'service A\nservice B\nA ~> B' },
    { name: 'a link naming an unknown element', files: 'service A\nA -> Nowhere' },
  ],
  invalid: [
    {
      name: 'a service calling a database',
      files: 'service A\ndatabase Db { latency: 30ms }\nA -> Db',
      findings: [
        {
          at: '3:1-3:8',
          message: "'A' calls 'Db' synchronously without a timeout: if 'Db' hangs, 'A' hangs with it",
          fixed: 'service A\ndatabase Db { latency: 30ms }\nA -> Db { timeout: 100ms }',
        },
      ],
    },
    {
      name: 'each hop of a chain, with the timeout added to the existing properties',
      files: 'service A\nservice B\nservice C { latency: 1s }\nA -> B -> C "call" { protocol: grpc }',
      findings: [
        { at: '4:1-4:7', fixed: 'service A\nservice B\nservice C { latency: 1s }\nA -> B -> C "call" { protocol: grpc, timeout: 2s }' },
        { at: '4:6-4:12', fixed: 'service A\nservice B\nservice C { latency: 1s }\nA -> B -> C "call" { protocol: grpc, timeout: 2s }' },
      ],
    },
    {
      name: 'no fix on a chain with an asynchronous hop, where a timeout would be invalid',
      files: 'service A\nservice B\nqueue Q\nA -> B ~> Q',
      findings: [{ at: '4:1-4:7', fixed: null }],
    },
    {
      name: 'a multi-line property block keeps its layout',
      files: 'gateway A\nservice B\nA -> B {\n  protocol: grpc\n}',
      findings: [{ at: '3:1-3:7', fixed: 'gateway A\nservice B\nA -> B {\n  protocol: grpc\n  timeout: 1s\n}' }],
    },
  ],
});
