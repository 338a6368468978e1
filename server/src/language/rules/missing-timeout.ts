import { setProperty, suggestedTimeout } from './edits';
import { CLASS_SERVICE_LIKE, LINK_CHAIN_ASYNC, LINK_SYNC, LINK_VALID, type ElementSymbol, type LinkSymbol } from '../model/model';
import { keyBit } from '../model/properties';
import type { Rule } from './types';

const SYNC_VALID = LINK_SYNC | LINK_VALID;
const TIMEOUT = keyBit('timeout');

export const missingTimeout: Rule = {
  meta: {
    id: 'missing-timeout',
    description: "A synchronous call from a service-like element has no timeout: a slow callee holds the caller's threads and connections.",
    category: 'risk',
    defaultSeverity: 'warning',
    options: {},
    fixable: true,
  },
  check({ model, figures, report, linkRange }) {
    const { links, linkState, linkFrom, linkKeys, elementClass } = model;
    for (let i = linkRange[0]; i < linkRange[1]; i++) {
      // A valid synchronous call from a service-like element, without a timeout key.
      if ((linkState[i]! & SYNC_VALID) !== SYNC_VALID || elementClass[linkFrom[i]!] !== CLASS_SERVICE_LIKE || (linkKeys[i]! & TIMEOUT) !== 0) continue;
      const link = links[i]! as LinkSymbol & { from: ElementSymbol; to: ElementSymbol };
      // A chain's properties apply to every hop: a timeout on a chain with an asynchronous hop would be invalid there.
      const mixed = (linkState[i]! & LINK_CHAIN_ASYNC) !== 0;
      // Read now: the figures belong to this run, and a finding may outlive it (LintCache).
      const cost = figures.linkCost(link);
      report({
        doc: link.doc,
        span: link.span,
        message: `'${link.from.name}' calls '${link.to.name}' synchronously without a timeout: if '${link.to.name}' hangs, '${link.from.name}' hangs with it`,
        fixes: mixed
          ? []
          : () => {
              const value = suggestedTimeout(cost);
              return [{ title: `Add 'timeout: ${value}'`, edits: [setProperty(link.doc, link.node, 'timeout', value)] }];
            },
      });
    }
  },
};
