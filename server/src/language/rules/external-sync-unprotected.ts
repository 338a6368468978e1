import { setProperty } from './edits';
import { KIND_CODE, LINK_CIRCUIT_BREAKER, LINK_SYNC, LINK_VALID, type ElementSymbol, type LinkSymbol } from '../model/model';
import { keyBit } from '../model/properties';
import type { Rule } from './types';

const SYNC_VALID = LINK_SYNC | LINK_VALID;
const TIMEOUT = keyBit('timeout');
const EXTERNAL = KIND_CODE.external;

export const externalSyncUnprotected: Rule = {
  meta: {
    id: 'external-sync-unprotected',
    description: 'A synchronous call to an external party has neither a circuit breaker nor a timeout.',
    category: 'risk',
    defaultSeverity: 'warning',
    options: {},
    fixable: true,
  },
  check({ model, report, linkRange }) {
    const { links, linkState, linkTo, linkKeys, elementKind } = model;
    for (let i = linkRange[0]; i < linkRange[1]; i++) {
      const state = linkState[i]!;
      if ((state & SYNC_VALID) !== SYNC_VALID || elementKind[linkTo[i]!] !== EXTERNAL) continue;
      if ((state & LINK_CIRCUIT_BREAKER) !== 0 || (linkKeys[i]! & TIMEOUT) !== 0) continue;
      const link = links[i]! as LinkSymbol & { from: ElementSymbol; to: ElementSymbol };
      report({
        doc: link.doc,
        span: link.span,
        message: `'${link.from.name}' calls the external '${link.to.name}' synchronously with neither a circuit breaker nor a timeout: when '${link.to.name}' slows down or fails, '${link.from.name}' waits on it and the failure spreads to its callers; add 'circuit_breaker: true' or a timeout`,
        fixes: () => [{ title: "Add 'circuit_breaker: true'", edits: [setProperty(link.doc, link.node, 'circuit_breaker', 'true')] }],
      });
    }
  },
};
