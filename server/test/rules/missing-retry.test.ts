import { ruleTester } from '../helpers/ruleTester';

const CONSEQUENCE = "without retries: a single transient failure (a restart, a timeout) dead-letters or drops the message; set 'retries' on the link";

ruleTester('missing-retry', {
  valid: [
    { name: 'retries on the consumer link', files: 'queue Q\nworker W\nQ ~> W { retries: 3 }' },
    { name: "an explicit 'retries: 0' is a decision", files: 'queue Q\nworker W\nQ ~> W { retries: 0 }' },
    { name: 'publishing into a channel', files: 'service A\ntopic T\nA ~> T' },
    { name: 'a delivery to an entry', files: 'service Notifier\nclient App\nNotifier ~> App' },
    { name: 'a synchronous call', files: 'service A\nservice B\nA -> B { timeout: 1s }' },
    { name: 'links that are not valid do not count', files: 'worker W\nW ~> W\nW ~> Nowhere' },
  ],
  invalid: [
    {
      name: 'a subscriber of a topic',
      files: 'topic OrderEvents\nworker Emailer\nOrderEvents ~> Emailer',
      findings: [
        {
          at: '3:1-3:23',
          message: `'Emailer' consumes 'OrderEvents' ${CONSEQUENCE}`,
          fixed: 'topic OrderEvents\nworker Emailer\nOrderEvents ~> Emailer { retries: 3 }',
        },
      ],
    },
    {
      name: 'a direct message keeps its label and properties',
      files: 'service Shop\nexternal Crm\nShop ~> Crm "order placed" { protocol: webhook }',
      findings: [
        {
          at: '3:1-3:12',
          message: `'Crm' receives messages from 'Shop' ${CONSEQUENCE}`,
          fixed: 'service Shop\nexternal Crm\nShop ~> Crm "order placed" { protocol: webhook, retries: 3 }',
        },
      ],
    },
    {
      name: 'each consumer hop of a chain, fixed by one property',
      files: 'queue Q\nworker W\nservice S\nQ ~> W ~> S',
      findings: [
        { at: '4:1-4:7', message: `'W' consumes 'Q' ${CONSEQUENCE}`, fixed: 'queue Q\nworker W\nservice S\nQ ~> W ~> S { retries: 3 }' },
        { at: '4:6-4:12', message: `'S' receives messages from 'W' ${CONSEQUENCE}`, fixed: 'queue Q\nworker W\nservice S\nQ ~> W ~> S { retries: 3 }' },
      ],
    },
    {
      name: 'a chain with a synchronous hop has no fix: retries would also apply to the call',
      files: 'gateway Api\nservice Orders\nqueue Jobs\nworker W\nApi -> Orders ~> Jobs ~> W',
      findings: [{ at: '5:18-5:27', message: `'W' consumes 'Jobs' ${CONSEQUENCE}`, fixed: null }],
    },
  ],
});
