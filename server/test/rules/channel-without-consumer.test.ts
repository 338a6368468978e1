import { ruleTester } from '../helpers/ruleTester';

const queueMessage = (name: string): string =>
  `nothing consumes the queue '${name}': every message published to it piles up unhandled; link a consumer with '${name} ~> …' or remove the queue`;

ruleTester('channel-without-consumer', {
  valid: [
    { name: 'an invalid link out of a queue is invalid-link’s finding, not this rule’s', files: 'queue Q\nservice S\nservice P\nP ~> Q\nQ -> S' },
    { name: 'a consumed queue', files: 'service A\nqueue Q\nworker W\nA ~> Q\nQ ~> W' },
    { name: 'a topic that forwards to a consumed queue', files: 'service A\ntopic T\nqueue Q\nworker W\nA ~> T\nT ~> Q\nQ ~> W' },
    { name: 'a topic that delivers to an entry', files: 'service A\ntopic T\nclient App\nA ~> T\nT ~> App' },
    { name: 'a dead-letter queue is exempt', files: 'queue Q { dlq: Dead }\nqueue Dead\nworker W\nQ ~> W' },
    { name: 'a repeated declaration is duplicate-element’s concern', files: 'queue Q\nworker W\nQ ~> W\nqueue Q' },
  ],
  invalid: [
    {
      name: 'a queue with a producer and no consumer',
      files: 'service Orders\nqueue Jobs\nOrders ~> Jobs',
      findings: [{ at: '2:7-2:11', message: queueMessage('Jobs'), related: ['Orders ~> Jobs'], fixed: null }],
    },
    {
      name: 'a topic with two publishers',
      files: 'topic Events\nservice A\nservice B\nA ~> Events\nB ~> Events',
      findings: [
        {
          at: '1:7-1:13',
          message: "nothing subscribes to the topic 'Events': every message published to it reaches no one; link a subscriber with 'Events ~> …' or remove the topic",
          related: ['A ~> Events', 'B ~> Events'],
          fixed: null,
        },
      ],
    },
    {
      name: 'a queue in a group, published to from another file',
      files: { 'a.topo': 'group Billing {\n  queue Invoices\n}', 'b.topo': 'service Biller\nBiller ~> Invoices' },
      findings: [{ path: 'a.topo', at: '2:9-2:17', message: queueMessage('Invoices'), related: ['Biller ~> Invoices'] }],
    },
  ],
});
