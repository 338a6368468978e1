import { LINK_AWAITED, LINK_VALID, type ElementSymbol, type LinkSymbol } from '../model/model';
import type { Rule } from './types';

const AWAITED_VALID = LINK_AWAITED | LINK_VALID;

export const userFacingAwait: Rule = {
  meta: {
    id: 'user-facing-await',
    description: "A user-facing element awaits a reply over an asynchronous hop: the user's answer waits on a queue.",
    category: 'risk',
    defaultSeverity: 'warning',
    options: {},
    fixable: false,
  },
  check({ model, figures, report, linkRange }) {
    const { links, linkState, linkFrom } = model;
    for (let i = linkRange[0]; i < linkRange[1]; i++) {
      if ((linkState[i]! & AWAITED_VALID) !== AWAITED_VALID || figures.userFacing[linkFrom[i]!] !== 1) continue;
      const link = links[i]! as LinkSymbol & { from: ElementSymbol; to: ElementSymbol };
      report({
        doc: link.doc,
        span: link.span,
        message: `'${link.from.name}' serves a user's request and awaits a reply from '${link.to.name}' over an asynchronous hop ('await: true'): the user's answer waits for the message's queueing, redelivery and consumers; call synchronously, or answer the user at once and deliver the result later`,
      });
    }
  },
};
