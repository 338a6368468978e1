import { ruleTester } from '../helpers/ruleTester';

const message = (name: string): string =>
  `'${name}' is a dead-letter queue that nothing consumes or monitors: failed messages pile up there unseen; set 'monitored: true' and alert on its depth, or link a consumer that replays them`;

ruleTester('unmonitored-dlq', {
  valid: [
    { name: 'a monitored dlq', files: 'queue Q { dlq: D }\nqueue D { monitored: true }' },
    { name: 'a consumed dlq', files: 'queue Q { dlq: D }\nqueue D\nworker Redrive\nD ~> Redrive' },
    { name: 'a dlq that notifies a person', files: 'queue Q { dlq: D }\nqueue D\nactor Ops\nD ~> Ops' },
    { name: 'a monitored dlq named by a link', files: 'topic T\nworker W\nqueue D { monitored: true }\nT ~> W { dlq: D }' },
    { name: 'a queue that is not a dlq', files: 'queue Q' },
    { name: 'a dlq naming a topic is invalid-property’s concern', files: 'queue Q { dlq: T }\ntopic T' },
  ],
  invalid: [
    {
      name: "a channel's dlq",
      files: 'queue Jobs { dlq: JobsDlq }\nqueue JobsDlq',
      findings: [
        {
          at: '2:7-2:14',
          message: message('JobsDlq'),
          related: ['JobsDlq'],
          fixed: 'queue Jobs { dlq: JobsDlq }\nqueue JobsDlq { monitored: true }',
        },
      ],
    },
    {
      name: "'monitored: false' is turned to true",
      files: 'queue D { monitored: false }\ntopic T { dlq: D }',
      findings: [{ at: '1:7-1:8', message: message('D'), related: ['D'], fixed: 'queue D { monitored: true }\ntopic T { dlq: D }' }],
    },
    {
      name: 'named by links in two files, declared in a third',
      files: {
        'a.topo': 'topic T\nworker W\nT ~> W { dlq: Dead }',
        'b.topo': 'queue Q\nworker V\nQ ~> V { dlq: Dead }',
        'c.topo': 'queue Dead { owner: "ops" }',
      },
      findings: [
        {
          path: 'c.topo',
          at: '1:7-1:11',
          message: message('Dead'),
          related: ['Dead', 'Dead'],
          fixed: { 'c.topo': 'queue Dead { owner: "ops", monitored: true }' },
        },
      ],
    },
    {
      name: 'an invalid link out of the dlq does not consume it',
      files: 'queue Q { dlq: Dead }\nqueue Dead\nservice S\nDead -> S',
      findings: [{ at: '2:7-2:11', message: message('Dead'), fixed: 'queue Q { dlq: Dead }\nqueue Dead { monitored: true }\nservice S\nDead -> S' }],
    },
  ],
});
