import { formatDuration, setProperty, suggestedTimeout } from './edits';
import { LINK_AWAITED, LINK_SYNC, LINK_VALID, type ElementSymbol, type LinkSymbol } from '../model/model';
import type { Rule } from './types';

export const timeoutBelowLatency: Rule = {
  meta: {
    id: 'timeout-below-latency',
    description: "A call's timeout is shorter than the time the callee needs to answer (link latency + R); awaited asynchronous hops included.",
    category: 'risk',
    defaultSeverity: 'warning',
    options: {},
    fixable: true,
  },
  check({ model, figures, report, linkRange }) {
    const { links, linkState, linkTimeout } = model;
    for (let i = linkRange[0]; i < linkRange[1]; i++) {
      // A synchronous call, or an awaited asynchronous hop (request/reply over messaging): both wait for a reply.
      const state = linkState[i]!;
      if ((state & (LINK_SYNC | LINK_AWAITED)) === 0 || (state & LINK_VALID) === 0) continue;
      const timeout = linkTimeout[i]!;
      if (Number.isNaN(timeout)) continue;
      const link = links[i]! as LinkSymbol & { from: ElementSymbol; to: ElementSymbol };
      // Undefined: the callee is in, or reaches, a synchronous cycle (sync-cycle reports it).
      const needed = figures.linkCost(link);
      if (needed === undefined || timeout >= needed) continue;
      report({
        doc: link.doc,
        span: link.span,
        message: `'${link.from.name}' ${link.sync ? '->' : '~>'} '${link.to.name}' times out after ${formatDuration(timeout)} but the ${link.sync ? 'call' : 'reply'} takes ${formatDuration(needed)} (${
          link.sync || link.to.kindClass !== 'channel'
            ? `link latency plus the response time of '${link.to.name}'`
            : `link latency, the delay of '${link.to.name}' and its slowest consumer`
        }): it fails even when nothing is wrong; raise the timeout above ${formatDuration(needed)}`,
        fixes: () => {
          const value = suggestedTimeout(needed);
          return [{ title: `Raise 'timeout' to ${value}`, edits: [setProperty(link.doc, link.node, 'timeout', value)] }];
        },
      });
    }
  },
};
