import { formatDuration, setProperty } from './edits';
import type { Rule } from './types';

/**
 * The timeout the fix proposes: twice what the call needs, rounded up to 100ms, the
 * same headroom missing-timeout's fix gives, so that accepting either fix leaves a
 * timeout this rule accepts.
 */
export function raisedTimeout(needed: number): number {
  return Math.ceil((needed * 2) / 100) * 100;
}

export const timeoutBelowLatency: Rule = {
  meta: {
    id: 'timeout-below-latency',
    description: "A synchronous call's timeout is shorter than the time the callee needs to answer (link latency + R).",
    category: 'risk',
    defaultSeverity: 'warning',
    options: {},
    fixable: true,
  },
  check({ model, figures, report }) {
    for (const link of model.links) {
      if (!link.sync || link.problem || !link.from || !link.to) continue;
      const timeout = link.props.duration('timeout');
      if (timeout === undefined) continue;
      // Undefined: the callee is in, or reaches, a synchronous cycle (sync-cycle reports it).
      const needed = figures.linkCost(link);
      if (needed === undefined || timeout >= needed) continue;
      const value = formatDuration(raisedTimeout(needed));
      report({
        doc: link.doc,
        span: link.span,
        message: `'${link.from.name}' -> '${link.to.name}' times out after ${formatDuration(timeout)} but the call takes ${formatDuration(needed)} (link latency plus the response time of '${link.to.name}'): it fails even when nothing is wrong; raise the timeout above ${formatDuration(needed)}`,
        fixes: [{ title: `Raise 'timeout' to ${value}`, edits: [setProperty(link.doc, link.node, 'timeout', value)] }],
      });
    }
  },
};
