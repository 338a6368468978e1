import { ruleTester } from '../helpers/ruleTester';

const message = (name: string): string =>
  `'${name}' has no links: it takes part in no request or message flow and no rule can judge how it communicates; link it to the elements it talks to, or remove it`;

ruleTester('orphan-element', {
  valid: [
    { name: 'every element linked', files: 'actor U\nservice A\nU -> A' },
    { name: 'a link declared in another file counts', files: { 'a.topo': 'service A\nservice B', 'b.topo': 'A ~> B' } },
    { name: 'a queue named by a channel’s dlq counts as linked', files: 'service S\nqueue Q { dlq: QDlq }\nqueue QDlq { monitored: true }\nworker W\nS ~> Q\nQ ~> W' },
    { name: 'a queue named by a link’s dlq counts as linked', files: 'service S\nqueue Q\nworker W\nqueue Dead\nS ~> Q\nQ ~> W { dlq: Dead }' },
    { name: 'an invalid link still names its ends (invalid-link reports it)', files: 'service A\nqueue Q\nA -> Q' },
    { name: 'a link to an undeclared element still names its source', files: 'service A\nA -> Nowhere' },
    { name: 'a link still being typed names its source', files: 'service A\nA ->' },
  ],
  invalid: [
    {
      name: 'a service nothing talks to',
      files: 'service A\nservice B\nservice Lonely\nA -> B { timeout: 1s }',
      findings: [{ at: '3:9-3:15', message: message('Lonely'), fixed: null }],
    },
    {
      name: 'inside a group',
      files: 'group Storage {\n  database Unused "old data"\n}',
      findings: [{ at: '2:12-2:18', message: message('Unused') }],
    },
    {
      name: 'every kind, in every file, in path order',
      files: { 'b.topo': 'actor Visitor', 'a.topo': 'topic Events\ncache Hot { latency: 1ms }' },
      findings: [
        { path: 'a.topo', at: '1:7-1:13', message: message('Events') },
        { path: 'a.topo', at: '2:7-2:10', message: message('Hot') },
        { path: 'b.topo', at: '1:7-1:14', message: message('Visitor') },
      ],
    },
    {
      name: 'a repeated declaration is reported once, on the first (duplicate-element reports the other)',
      files: 'service A\nworker A',
      findings: [{ at: '1:9-1:10', message: message('A') }],
    },
  ],
});
