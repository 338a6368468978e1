import type { Rule } from './types';

export const userFacingAwait: Rule = {
  meta: {
    id: 'user-facing-await',
    description: "A user-facing element awaits a reply over an asynchronous hop: the user's answer waits on a queue.",
    category: 'risk',
    defaultSeverity: 'warning',
    options: {},
    fixable: false,
  },
  check({ model, figures, report }) {
    for (const link of model.links) {
      if (!link.awaited || link.problem || !link.from || !link.to) continue;
      if (!figures.isUserFacing(link.from)) continue;
      report({
        doc: link.doc,
        span: link.span,
        message: `'${link.from.name}' serves a user's request and awaits a reply from '${link.to.name}' over an asynchronous hop ('await: true'): the user's answer waits for the message's queueing, redelivery and consumers; call synchronously, or answer the user at once and deliver the result later`,
      });
    }
  },
};
