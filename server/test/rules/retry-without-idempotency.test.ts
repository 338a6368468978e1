import { ruleTester } from '../helpers/ruleTester';

const REDELIVERED = 'but is not idempotent: a redelivered message is handled twice';

ruleTester('retry-without-idempotency', {
  valid: [
    { name: 'an idempotent consumer', files: 'queue Q\nworker W { idempotent: true }\nQ ~> W { retries: 3 }' },
    { name: 'no retries', files: 'queue Q\nworker W\nQ ~> W' },
    { name: 'zero retries', files: 'queue Q\nworker W\nQ ~> W { retries: 0 }' },
    { name: 'a synchronous call with retries is not a consumer', files: 'service A\nservice B\nA -> B { timeout: 1s, retries: 2 }' },
    { name: 'publishing into a channel', files: 'service A\nqueue Q\nA ~> Q { retries: 2 }' },
    { name: 'a delivery to an entry', files: 'service Notifier\nactor U\nNotifier ~> U { retries: 2 }' },
  ],
  invalid: [
    {
      name: 'a worker consuming a queue',
      files: 'queue Jobs\nworker Resizer\nJobs ~> Resizer { retries: 5 }',
      findings: [
        {
          at: '3:1-3:16',
          message: `'Resizer' consumes 'Jobs' with 5 retries ${REDELIVERED}; make 'Resizer' idempotent and declare 'idempotent: true'`,
          related: ['Resizer'],
          fixed: 'queue Jobs\nworker Resizer { idempotent: true }\nJobs ~> Resizer { retries: 5 }',
        },
      ],
    },
    {
      name: "a consumer declared in another file, with 'idempotent: false'",
      files: {
        'main.topo': 'service Orders\nOrders ~> Payments { retries: 1 }',
        'services.topo': 'service Payments {\n  latency: 300ms\n  idempotent: false\n}',
      },
      findings: [
        {
          at: '2:1-2:19',
          message: `'Payments' receives messages from 'Orders' with 1 retry ${REDELIVERED}; make 'Payments' idempotent and declare 'idempotent: true'`,
          related: ['Payments'],
          fixed: { 'main.topo': 'service Orders\nOrders ~> Payments { retries: 1 }', 'services.topo': 'service Payments {\n  latency: 300ms\n  idempotent: true\n}' },
        },
      ],
    },
    {
      name: 'an external system called by webhook',
      files: 'service Shop\nexternal Crm\nShop ~> Crm { protocol: webhook, retries: 3 }',
      findings: [
        {
          at: '3:1-3:12',
          message: `'Crm' receives messages from 'Shop' with 3 retries ${REDELIVERED}; make 'Crm' idempotent and declare 'idempotent: true'`,
          fixed: 'service Shop\nexternal Crm { idempotent: true }\nShop ~> Crm { protocol: webhook, retries: 3 }',
        },
      ],
    },
    {
      name: 'only the consumer hop of a chain',
      files: 'service A\nqueue Q\nworker W\nA ~> Q ~> W { retries: 2 }',
      findings: [
        {
          at: '4:6-4:12',
          message: `'W' consumes 'Q' with 2 retries ${REDELIVERED}; make 'W' idempotent and declare 'idempotent: true'`,
          fixed: 'service A\nqueue Q\nworker W { idempotent: true }\nA ~> Q ~> W { retries: 2 }',
        },
      ],
    },
    {
      name: 'a store cannot declare idempotent: no fix',
      files: 'queue Q\ndatabase AuditDb\nQ ~> AuditDb { retries: 2 }',
      findings: [
        {
          at: '3:1-3:13',
          message:
            "'AuditDb' consumes 'Q' with 2 retries, but a database cannot be declared idempotent: a redelivered message may be written twice; consume through an idempotent service, or make the write an upsert and suppress this finding",
          related: ['AuditDb'],
          fixed: null,
        },
      ],
    },
  ],
});
