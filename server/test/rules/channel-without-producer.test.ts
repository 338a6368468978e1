import { ruleTester } from '../helpers/ruleTester';

const message = (kind: string, name: string): string =>
  `nothing publishes to the ${kind} '${name}': as designed, no message ever flows through it; link its producer with '… ~> ${name}' or remove the ${kind}`;

ruleTester('channel-without-producer', {
  valid: [
    { name: 'an invalid link into a queue is invalid-link’s finding, not this rule’s', files: 'service S\nqueue Q\nworker W\nS -> Q\nQ ~> W' },
    { name: 'a published queue', files: 'service A\nqueue Q\nworker W\nA ~> Q\nQ ~> W' },
    { name: 'a queue fed by a topic', files: 'service A\ntopic T\nqueue Q\nA ~> T\nT ~> Q' },
    { name: 'a queue fed by a front end', files: 'client App\nqueue Q\nApp ~> Q' },
    { name: 'a dead-letter queue is exempt', files: 'service A\nqueue Q { dlq: Dead }\nqueue Dead { monitored: true }\nA ~> Q' },
    { name: 'a repeated declaration is duplicate-element’s concern', files: 'service A\nqueue Q\nA ~> Q\nqueue Q' },
  ],
  invalid: [
    {
      name: 'a queue with a consumer and no producer',
      files: 'queue Jobs\nworker W\nJobs ~> W',
      findings: [{ at: '1:7-1:11', message: message('queue', 'Jobs'), related: ['Jobs ~> W'], fixed: null }],
    },
    {
      name: 'a topic with no link at all',
      files: 'topic Events',
      findings: [{ at: '1:7-1:13', message: message('topic', 'Events'), related: [], fixed: null }],
    },
    {
      name: 'consumers in several files',
      files: { 'a.topo': 'topic Prices', 'b.topo': 'worker Indexer\nworker Cache\nPrices ~> Indexer\nPrices ~> Cache' },
      findings: [{ path: 'a.topo', at: '1:7-1:13', message: message('topic', 'Prices'), related: ['Prices ~> Indexer', 'Prices ~> Cache'] }],
    },
  ],
});
