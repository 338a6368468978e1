import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleTester, type RuleCases } from '../helpers/ruleTester';
import { applyEdits, lint } from '../helpers/project';

const message = (from: string, to: string): string =>
  `'${from}' serves a user's request and calls '${to}' synchronously, but '${to}' is not critical ('critical: false'): its latency and failures reach the user; send it a message through a topic instead`;

const cases: RuleCases = {
  valid: [
    { name: 'a user-facing call to a critical element (the default)', files: 'actor U\nservice Orders\nU -> Orders' },
    {
      name: 'a user-facing element messages a non-critical worker asynchronously',
      files: 'actor U\nservice Orders\nworker Emailer { critical: false }\nU -> Orders\nOrders ~> Emailer',
    },
    {
      name: 'a consumer off the request path calls a non-critical worker synchronously',
      files: 'service Orders\nqueue Jobs\nworker Runner\nworker Emailer { critical: false }\nOrders ~> Jobs\nJobs ~> Runner\nRunner -> Emailer { timeout: 1s }',
    },
    { name: "'critical' on a store is invalid-property's finding, not this rule's", files: 'actor U\ndatabase Db { critical: false }\nU -> Db' },
    { name: 'an invalid link is not judged', files: 'actor U\nworker W { critical: false }\nqueue Q\nU ~> Q\nQ -> W' },
  ],
  invalid: [
    {
      name: 'a single hop becomes a topic, keeping the label and the properties an asynchronous link takes',
      files: [
        'actor Customer',
        'service Orders',
        'worker Emailer { critical: false }',
        'Customer -> Orders',
        'Orders -> Emailer "send receipt" { protocol: https, timeout: 300ms, retries: 2 }',
      ].join('\n'),
      findings: [
        {
          at: '5:1-5:18',
          message: message('Orders', 'Emailer'),
          fixed: [
            'actor Customer',
            'service Orders',
            'worker Emailer { critical: false }',
            'Customer -> Orders',
            'Orders ~> EmailerRequests "send receipt" { protocol: https }',
            'EmailerRequests ~> Emailer "send receipt" { protocol: https, retries: 2 }',
            'topic EmailerRequests\n',
          ].join('\n'),
        },
      ],
    },
    {
      name: 'an entry calling a non-critical element directly',
      files: 'client Web\nworker Analytics { critical: false }\nWeb -> Analytics\n',
      findings: [
        {
          at: '3:1-3:17',
          message: message('Web', 'Analytics'),
          fixed: 'client Web\nworker Analytics { critical: false }\nWeb ~> AnalyticsRequests\nAnalyticsRequests ~> Analytics\ntopic AnalyticsRequests\n',
        },
      ],
    },
    {
      name: 'inside a group: indentation kept, sync-only properties dropped, a taken name made fresh',
      files: [
        'actor U',
        'group Shop {',
        '  gateway Api',
        '  worker Emailer { critical: false }',
        '  Api -> Emailer {',
        '    circuit_breaker: true',
        '    description: "mail"',
        '  }',
        '}',
        'U -> Api',
        'queue EmailerRequests',
      ].join('\n'),
      findings: [
        {
          at: '5:3-5:17',
          fixed: [
            'actor U',
            'group Shop {',
            '  gateway Api',
            '  worker Emailer { critical: false }',
            '  Api ~> EmailerRequests2 { description: "mail" }',
            '  EmailerRequests2 ~> Emailer { description: "mail" }',
            '}',
            'U -> Api',
            'queue EmailerRequests',
            'topic EmailerRequests2\n',
          ].join('\n'),
        },
      ],
    },
    {
      name: 'a hop of a chain: no fix, since the hops share one statement',
      files: 'actor U\nservice Orders\nworker Audit { critical: false }\nU -> Orders -> Audit',
      findings: [{ at: '4:6-4:21', message: message('Orders', 'Audit'), fixed: null }],
    },
    {
      name: "a call that needs 'consistency: strong': no fix, moving it off the sync path would break that",
      files: 'actor U\nworker Audit { critical: false }\nU -> Audit { consistency: strong }',
      findings: [{ at: '3:1-3:11', fixed: null }],
    },
    {
      name: 'every user-facing caller, deep in the request path, and only the valid one of a repeated link',
      files: [
        'actor U',
        'gateway Api',
        'service Orders',
        'worker Pdf { critical: false }',
        'U -> Api -> Orders',
        'Api -> Pdf',
        'Orders -> Pdf "receipt"',
        'Orders -> Pdf',
      ].join('\n'),
      findings: [
        {
          at: '6:1-6:11',
          message: message('Api', 'Pdf'),
          fixed: [
            'actor U',
            'gateway Api',
            'service Orders',
            'worker Pdf { critical: false }',
            'U -> Api -> Orders',
            'Api ~> PdfRequests',
            'PdfRequests ~> Pdf',
            'Orders -> Pdf "receipt"',
            'Orders -> Pdf',
            'topic PdfRequests\n',
          ].join('\n'),
        },
        { at: '7:1-7:14', message: message('Orders', 'Pdf') },
      ],
    },
  ],
};

ruleTester('non-critical-sync', cases);

test('non-critical-sync: the rerouting fix introduces no error', () => {
  const errors = (files: Parameters<typeof lint>[0]): string[] =>
    lint(files).findings.filter((f) => f.severity === 'error').map((f) => `${f.ruleId}: ${f.message}`);
  for (const item of cases.invalid) {
    const before = errors(item.files);
    for (const finding of lint(item.files).findings.filter((f) => f.ruleId === 'non-critical-sync')) {
      for (const fix of finding.fixes.filter((f) => !f.suppression)) {
        const added = errors(applyEdits(item.files, fix.edits)).filter((error) => !before.includes(error));
        assert.deepEqual(added, [], `${item.name}: ${fix.title}`);
      }
    }
  }
});
