import { setProperty, suggestedTimeout } from './edits';
import type { Rule } from './types';

export const missingTimeout: Rule = {
  meta: {
    id: 'missing-timeout',
    description: "A synchronous call from a service-like element has no timeout: a slow callee holds the caller's threads and connections.",
    category: 'risk',
    defaultSeverity: 'warning',
    options: {},
    fixable: true,
  },
  check({ model, figures, report }) {
    for (const link of model.links) {
      if (!link.sync || link.problem || !link.from || !link.to) continue;
      if (link.from.kindClass !== 'service-like' || link.props.has('timeout')) continue;
      const value = suggestedTimeout(figures.linkCost(link));
      // A chain's properties apply to every hop: a timeout on a chain with an asynchronous hop would be invalid there.
      const mixed = link.node.arrows.some((arrow) => !arrow.sync);
      report({
        doc: link.doc,
        span: link.span,
        message: `'${link.from.name}' calls '${link.to.name}' synchronously without a timeout: if '${link.to.name}' hangs, '${link.from.name}' hangs with it`,
        fixes: mixed ? [] : [{ title: `Add 'timeout: ${value}'`, edits: [setProperty(link.doc, link.node, 'timeout', value)] }],
      });
    }
  },
};
