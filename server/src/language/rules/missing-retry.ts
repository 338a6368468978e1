import { isConsumerLinkAt } from '../model/model';
import { keyBit } from '../model/properties';
import { setProperty } from './edits';
import { chainHasSyncHop, consumerPhrase } from './missing-dlq';
import type { Rule } from './types';

const RETRIES = keyBit('retries');

export const missingRetry: Rule = {
  meta: {
    id: 'missing-retry',
    description: 'An asynchronous consumer declares no retries: a transient failure sends the message straight to failure handling.',
    category: 'risk',
    defaultSeverity: 'info',
    options: {},
    fixable: true,
  },
  check({ model, report, linkRange }) {
    const { links, linkKeys } = model;
    for (let i = linkRange[0]; i < linkRange[1]; i++) {
      if (!isConsumerLinkAt(model, i) || (linkKeys[i]! & RETRIES) !== 0) continue;
      const link = links[i]!;
      // On a chain with a synchronous hop, `retries` would also make that call retry.
      const fixes = chainHasSyncHop(link) ? [] : () => [{ title: "Add 'retries: 3'", edits: [setProperty(link.doc, link.node, 'retries', '3')] }];
      report({
        doc: link.doc,
        span: link.span,
        message: `${consumerPhrase(link)} without retries: a single transient failure (a restart, a timeout) dead-letters or drops the message; set 'retries' on the link`,
        fixes,
      });
    }
  },
};
