import { isConsumerLink } from '../model/model';
import { setProperty } from './edits';
import { chainHasSyncHop, consumerPhrase } from './missing-dlq';
import type { Rule } from './types';

export const missingRetry: Rule = {
  meta: {
    id: 'missing-retry',
    description: 'An asynchronous consumer declares no retries: a transient failure sends the message straight to failure handling.',
    category: 'risk',
    defaultSeverity: 'info',
    options: {},
    fixable: true,
  },
  check({ model, report }) {
    for (const link of model.links) {
      if (!isConsumerLink(link) || link.props.has('retries')) continue;
      // On a chain with a synchronous hop, `retries` would also make that call retry.
      const fixes = chainHasSyncHop(link) ? [] : [{ title: "Add 'retries: 3'", edits: [setProperty(link.doc, link.node, 'retries', '3')] }];
      report({
        doc: link.doc,
        span: link.span,
        message: `${consumerPhrase(link)} without retries: a single transient failure (a restart, a timeout) dead-letters or drops the message; set 'retries' on the link`,
        fixes,
      });
    }
  },
};
