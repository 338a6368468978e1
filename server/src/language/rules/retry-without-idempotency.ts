import { ELEMENT_IDEMPOTENT, isConsumerLinkAt } from '../model/model';
import { withArticle } from '../util/strings';
import { setProperty } from './edits';
import { consumerPhrase } from './missing-dlq';
import type { Rule } from './types';

export const retryWithoutIdempotency: Rule = {
  meta: {
    id: 'retry-without-idempotency',
    description: 'An asynchronous consumer is retried but is not idempotent: a redelivered message is handled twice.',
    category: 'risk',
    defaultSeverity: 'warning',
    options: {},
    fixable: true,
  },
  check({ model, report, linkRange }) {
    const { links, linkRetries, linkTo, elementFlags } = model;
    for (let i = linkRange[0]; i < linkRange[1]; i++) {
      // NaN (no retries) fails the comparison.
      const retries = linkRetries[i]!;
      if (!(retries > 0) || !isConsumerLinkAt(model, i) || (elementFlags[linkTo[i]!]! & ELEMENT_IDEMPOTENT) !== 0) continue;
      const link = links[i]!;
      const consumer = link.to!;
      const attempts = `${retries} ${retries === 1 ? 'retry' : 'retries'}`;
      const declared = { doc: consumer.doc, span: consumer.node.name, message: `'${consumer.name}' is declared here` };
      if (consumer.kindClass !== 'service-like') {
        // Stores cannot declare `idempotent`: there is nothing mechanical to add.
        report({
          doc: link.doc,
          span: link.span,
          message: `${consumerPhrase(link)} with ${attempts}, but ${withArticle(consumer.kind)} cannot be declared idempotent: a redelivered message may be written twice; consume through an idempotent service, or make the write an upsert and suppress this finding`,
          related: [declared],
        });
        continue;
      }
      report({
        doc: link.doc,
        span: link.span,
        message: `${consumerPhrase(link)} with ${attempts} but is not idempotent: a redelivered message is handled twice; make '${consumer.name}' idempotent and declare 'idempotent: true'`,
        related: [declared],
        fixes: () => [{ title: `Declare '${consumer.name}' idempotent`, edits: [setProperty(consumer.doc, consumer.node, 'idempotent', 'true')] }],
      });
    }
  },
};
