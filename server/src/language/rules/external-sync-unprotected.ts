import { setProperty } from './edits';
import type { Rule } from './types';

export const externalSyncUnprotected: Rule = {
  meta: {
    id: 'external-sync-unprotected',
    description: 'A synchronous call to an external party has neither a circuit breaker nor a timeout.',
    category: 'risk',
    defaultSeverity: 'warning',
    options: {},
    fixable: true,
  },
  check({ model, report }) {
    for (const link of model.links) {
      if (!link.sync || link.problem || !link.from || !link.to) continue;
      if (link.to.kind !== 'external') continue;
      if (link.props.boolean('circuit_breaker') === true || link.props.has('timeout')) continue;
      report({
        doc: link.doc,
        span: link.span,
        message: `'${link.from.name}' calls the external '${link.to.name}' synchronously with neither a circuit breaker nor a timeout: when '${link.to.name}' slows down or fails, '${link.from.name}' waits on it and the failure spreads to its callers; add 'circuit_breaker: true' or a timeout`,
        fixes: [{ title: "Add 'circuit_breaker: true'", edits: [setProperty(link.doc, link.node, 'circuit_breaker', 'true')] }],
      });
    }
  },
};
