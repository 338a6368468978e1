import { formatDuration, setProperty, suggestedTimeout } from './edits';
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
  check({ model, figures, report }) {
    for (const link of model.links) {
      // A synchronous call, or an awaited asynchronous hop (request/reply over messaging): both wait for a reply.
      if (!(link.sync || link.awaited) || link.problem || !link.from || !link.to) continue;
      const timeout = link.props.duration('timeout');
      if (timeout === undefined) continue;
      // Undefined: the callee is in, or reaches, a synchronous cycle (sync-cycle reports it).
      const needed = figures.linkCost(link);
      if (needed === undefined || timeout >= needed) continue;
      const value = suggestedTimeout(needed);
      report({
        doc: link.doc,
        span: link.span,
        message: `'${link.from.name}' ${link.sync ? '->' : '~>'} '${link.to.name}' times out after ${formatDuration(timeout)} but the ${link.sync ? 'call' : 'reply'} takes ${formatDuration(needed)} (${
          link.sync || link.to.kindClass !== 'channel'
            ? `link latency plus the response time of '${link.to.name}'`
            : `link latency, the delay of '${link.to.name}' and its slowest consumer`
        }): it fails even when nothing is wrong; raise the timeout above ${formatDuration(needed)}`,
        fixes: [{ title: `Raise 'timeout' to ${value}`, edits: [setProperty(link.doc, link.node, 'timeout', value)] }],
      });
    }
  },
};
