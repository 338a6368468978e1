import { ruleTester } from '../helpers/ruleTester';

const CONSEQUENCE = 'without a dead-letter queue: a message that keeps failing is lost or redelivered forever';

ruleTester('missing-dlq', {
  valid: [
    { name: 'a dlq on the consumer link', files: 'queue Q\nworker W\nqueue WDlq { monitored: true }\nQ ~> W { dlq: WDlq }' },
    { name: "the channel's dlq covers its consumers", files: 'queue Q { dlq: QDlq }\nqueue QDlq { monitored: true }\nworker W\nQ ~> W' },
    { name: 'a dlq on a direct message', files: 'service Orders\nworker Emailer\nqueue EmailDlq\nOrders ~> Emailer { dlq: EmailDlq }' },
    { name: 'publishing into a channel is not consuming', files: 'service A\nqueue Q\nA ~> Q' },
    { name: 'a delivery to an entry is not a consumer', files: 'service Notifier\nactor Customer\nNotifier ~> Customer' },
    { name: 'a synchronous call', files: 'service A\nservice B\nA -> B { timeout: 1s }' },
    { name: 'links that are not valid do not count', files: 'service A\nA ~> A\nA ~> Nowhere' },
    { name: 'a dlq naming a non-queue counts as set (invalid-property reports it)', files: 'service A\nworker W\nservice S\nA ~> W { dlq: S }' },
  ],
  invalid: [
    {
      name: 'a consumer of a queue: the dlq is set on the link and declared at the end of the file',
      files: 'queue Jobs\nworker Resizer\nJobs ~> Resizer\n',
      findings: [
        {
          at: '3:1-3:16',
          message: `'Resizer' consumes 'Jobs' ${CONSEQUENCE}; set 'dlq' on the link or on 'Jobs'`,
          related: ['Jobs'],
          fixed: 'queue Jobs\nworker Resizer\nJobs ~> Resizer { dlq: ResizerDlq }\nqueue ResizerDlq { monitored: true }\n',
        },
      ],
    },
    {
      name: 'a direct message that ends the file without a newline',
      files: 'service Orders\nworker Emailer\nOrders ~> Emailer',
      findings: [
        {
          at: '3:1-3:18',
          message: `'Emailer' receives messages from 'Orders' ${CONSEQUENCE}; set 'dlq' on the link`,
          related: [],
          fixed: 'service Orders\nworker Emailer\nOrders ~> Emailer { dlq: EmailerDlq }\nqueue EmailerDlq { monitored: true }\n',
        },
      ],
    },
    {
      name: 'the proposed names avoid declared names and each other',
      files: 'topic T\nqueue Q\nworker W\nservice WDlq\nT ~> W { retries: 1 }\nQ ~> W\n',
      findings: [
        {
          at: '5:1-5:7',
          message: `'W' consumes 'T' ${CONSEQUENCE}; set 'dlq' on the link or on 'T'`,
          fixed: 'topic T\nqueue Q\nworker W\nservice WDlq\nT ~> W { retries: 1, dlq: WDlq2 }\nQ ~> W\nqueue WDlq2 { monitored: true }\n',
        },
        {
          at: '6:1-6:7',
          message: `'W' consumes 'Q' ${CONSEQUENCE}; set 'dlq' on the link or on 'Q'`,
          fixed: 'topic T\nqueue Q\nworker W\nservice WDlq\nT ~> W { retries: 1 }\nQ ~> W { dlq: WDlq3 }\nqueue WDlq3 { monitored: true }\n',
        },
      ],
    },
    {
      name: 'each consumer hop of a chain',
      files: 'queue Q\nworker W\nservice S\nQ ~> W ~> S\n',
      findings: [
        {
          at: '4:1-4:7',
          message: `'W' consumes 'Q' ${CONSEQUENCE}; set 'dlq' on the link or on 'Q'`,
          fixed: 'queue Q\nworker W\nservice S\nQ ~> W ~> S { dlq: WDlq }\nqueue WDlq { monitored: true }\n',
        },
        {
          at: '4:6-4:12',
          message: `'S' receives messages from 'W' ${CONSEQUENCE}; set 'dlq' on the link`,
          fixed: 'queue Q\nworker W\nservice S\nQ ~> W ~> S { dlq: SDlq }\nqueue SDlq { monitored: true }\n',
        },
      ],
    },
    {
      name: 'a multi-line property block keeps its layout',
      files: 'topic T\nworker W\nT ~> W {\n  retries: 3\n}\n',
      findings: [{ at: '3:1-3:7', fixed: 'topic T\nworker W\nT ~> W {\n  retries: 3\n  dlq: WDlq\n}\nqueue WDlq { monitored: true }\n' }],
    },
    {
      name: "a chain with a synchronous hop cannot take 'dlq': the channel gets it, in the channel's file",
      files: { 'channels.topo': 'queue Jobs { monitored: true }\n', 'main.topo': 'gateway Api\nservice Orders\nworker W\nApi -> Orders ~> Jobs ~> W\n' },
      findings: [
        {
          at: '4:18-4:27',
          message: `'W' consumes 'Jobs' ${CONSEQUENCE}; set 'dlq' on the link or on 'Jobs'`,
          related: ['Jobs'],
          fixed: {
            'channels.topo': 'queue Jobs { monitored: true, dlq: JobsDlq }\nqueue JobsDlq { monitored: true }\n',
            'main.topo': 'gateway Api\nservice Orders\nworker W\nApi -> Orders ~> Jobs ~> W\n',
          },
        },
      ],
    },
    {
      name: 'a direct message in a chain with a synchronous hop has no fix',
      files: 'service A\nservice B\nworker C\nA -> B ~> C\n',
      findings: [{ at: '4:6-4:12', message: `'C' receives messages from 'B' ${CONSEQUENCE}; set 'dlq' on the link`, fixed: null }],
    },
    {
      name: 'a link declared twice is reported once',
      files: 'service A\nworker B\nA ~> B\nA ~> B\n',
      findings: [{ at: '3:1-3:7', message: `'B' receives messages from 'A' ${CONSEQUENCE}; set 'dlq' on the link` }],
    },
  ],
});
