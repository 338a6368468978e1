import { ruleTester } from '../helpers/ruleTester';

const tail = "as two separate steps: if one succeeds and the other fails, the data and the messages disagree; publish through an outbox written in the same transaction ('outbox: true')";

ruleTester('dual-write', {
  valid: [
    {
      name: 'an element with an outbox',
      files: 'service Orders { outbox: true }\ndatabase OrdersDb\ntopic OrderEvents\nOrders -> OrdersDb { timeout: 200ms }\nOrders ~> OrderEvents',
    },
    { name: 'only a store call', files: 'service Orders\ndatabase OrdersDb\nOrders -> OrdersDb { timeout: 200ms }' },
    { name: 'only a publish', files: 'service Orders\ntopic OrderEvents\nOrders ~> OrderEvents' },
    {
      name: 'a delivery to a person is not a publish',
      files: 'service Notifier\ncache Templates\nactor Customer\nNotifier -> Templates { timeout: 50ms }\nNotifier ~> Customer',
    },
    { name: 'an entry is not service-like', files: 'client App\ndatabase Local\nqueue Sync\nApp -> Local\nApp ~> Sync' },
    {
      name: 'an invalid publish does not count',
      files: 'service Orders\ndatabase OrdersDb\nOrders -> OrdersDb { timeout: 200ms }\nOrders ~> Orders',
    },
  ],
  invalid: [
    {
      name: 'a service writes to its database and publishes an event',
      files: 'service Orders\ndatabase OrdersDb\ntopic OrderEvents\nOrders -> OrdersDb { timeout: 200ms }\nOrders ~> OrderEvents',
      findings: [
        {
          at: '1:9-1:15',
          message: `'Orders' calls the database 'OrdersDb' and publishes to 'OrderEvents' ${tail}`,
          related: ['Orders -> OrdersDb', 'Orders ~> OrderEvents'],
          fixed: 'service Orders { outbox: true }\ndatabase OrdersDb\ntopic OrderEvents\nOrders -> OrdersDb { timeout: 200ms }\nOrders ~> OrderEvents',
        },
      ],
    },
    {
      name: 'a cache and a direct message; the first of each in source order is related',
      files: 'worker Billing { latency: 5ms }\ncache Sessions\ndatabase Ledger\nservice Audit\nBilling ~> Audit\nBilling -> Sessions { timeout: 20ms }\nBilling -> Ledger { timeout: 20ms }',
      findings: [
        {
          at: '1:8-1:15',
          message: `'Billing' calls the cache 'Sessions' and sends 'Audit' a message ${tail}`,
          related: ['Billing -> Sessions', 'Billing ~> Audit'],
          fixed: 'worker Billing { latency: 5ms, outbox: true }\ncache Sessions\ndatabase Ledger\nservice Audit\nBilling ~> Audit\nBilling -> Sessions { timeout: 20ms }\nBilling -> Ledger { timeout: 20ms }',
        },
      ],
    },
    {
      name: "'outbox: false' is set to true",
      files: 'service Orders { outbox: false }\ndatabase Db\nqueue Q\nOrders -> Db { timeout: 1s }\nOrders ~> Q',
      findings: [{ at: '1:9-1:15', fixed: 'service Orders { outbox: true }\ndatabase Db\nqueue Q\nOrders -> Db { timeout: 1s }\nOrders ~> Q' }],
    },
    {
      name: 'the declaration in one file, the links in another',
      files: { 'a.topo': 'group Shop {\n  service Orders\n}', 'b.topo': 'database Db\ntopic Events\nOrders -> Db { timeout: 1s }\nOrders ~> Events' },
      findings: [
        {
          path: 'a.topo',
          at: '2:11-2:17',
          related: ['Orders -> Db', 'Orders ~> Events'],
          fixed: { 'a.topo': 'group Shop {\n  service Orders { outbox: true }\n}', 'b.topo': 'database Db\ntopic Events\nOrders -> Db { timeout: 1s }\nOrders ~> Events' },
        },
      ],
    },
  ],
});
