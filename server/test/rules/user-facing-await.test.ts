import { ruleTester } from '../helpers/ruleTester';

const message = (from: string, to: string): string =>
  `'${from}' serves a user's request and awaits a reply from '${to}' over an asynchronous hop ('await: true'): the user's answer waits for the message's queueing, redelivery and consumers; call synchronously, or answer the user at once and deliver the result later`;

ruleTester('user-facing-await', {
  valid: [
    { name: 'a user-facing element that does not wait for its message', files: 'actor U\nservice Api\nqueue Jobs\nU -> Api\nApi ~> Jobs' },
    { name: "'await: false'", files: 'actor U\nservice Api\nqueue Jobs\nU -> Api\nApi ~> Jobs { await: false }' },
    { name: 'an awaited hop off the request path', files: 'service Batch\nservice Render\nBatch ~> Render { await: true, timeout: 10s }' },
    {
      name: 'an awaited hop after an asynchronous one is off the request path',
      files: 'actor U\nservice Api\nqueue Jobs\nworker W\nservice Render\nU -> Api\nApi ~> Jobs\nJobs ~> W\nW ~> Render { await: true }',
    },
    { name: 'an invalid link is not judged', files: 'actor U\nservice Api\nU -> Api\nApi ~> Api { await: true }' },
  ],
  invalid: [
    {
      name: 'a gateway on the request path awaits a queue',
      files: 'actor U\ngateway Api\nqueue Jobs\nworker W\nU -> Api\nApi ~> Jobs { await: true, timeout: 5s }\nJobs ~> W',
      findings: [{ at: '6:1-6:12', message: message('Api', 'Jobs'), fixed: null }],
    },
    {
      name: 'an entry awaiting a direct message',
      files: 'client App\nservice Render\nApp ~> Render { await: true }',
      findings: [{ at: '3:1-3:14', message: message('App', 'Render'), fixed: null }],
    },
    {
      name: 'a chain: only the hop whose sender is user-facing',
      files: 'actor U\nservice Api\nqueue Jobs\nservice Render\nU -> Api\nApi ~> Jobs ~> Render { await: true }',
      findings: [{ at: '6:1-6:12', message: message('Api', 'Jobs') }],
    },
    {
      name: 'one diagnostic on each awaited link, across files',
      files: {
        'a.topo': 'actor U\nservice Api\nU -> Api\nApi ~> Quotes { await: true }',
        'b.topo': 'service Quotes\nservice Stock\nApi -> Quotes { timeout: 1s }\nQuotes ~> Stock { await: true }',
      },
      findings: [
        { path: 'a.topo', at: '4:1-4:14', message: message('Api', 'Quotes') },
        { path: 'b.topo', at: '4:1-4:16', message: message('Quotes', 'Stock') },
      ],
    },
  ],
});
