import { CLASS_ENTRY } from '../model/model';
import { formatDuration } from './edits';
import type { Rule } from './types';

/** How many of the biggest contributors a message names. */
const CONTRIBUTORS_NAMED = 3;
/** How many elements without a latency a message names before it counts the rest. */
const MISSING_NAMED = 3;

export const latencyBudget: Rule = {
  meta: {
    id: 'latency-budget',
    description: "A request of an entry (a synchronous call, or an awaited asynchronous hop) takes longer (response time R) than the entry's budget.",
    category: 'risk',
    defaultSeverity: 'warning',
    options: {},
    fixable: false,
  },
  check({ model, figures, report, wants }) {
    for (let id = 0; id < model.elements.length; id++) {
      if (model.elementClass[id] !== CLASS_ENTRY) continue;
      const entry = model.elements[id]!;
      const budget = model.elementBudget[entry.id]!;
      if (Number.isNaN(budget)) continue;
      // The entry's requests: its synchronous calls and the asynchronous hops it awaits a reply on.
      for (const link of model.outgoing[entry.id]!.filter((candidate) => candidate.sync || candidate.awaited)) {
        // Reported on the link, which may be in another file than the entry.
        if (!wants(link.doc)) continue;
        const cost = figures.linkCost(link);
        // Undefined: the callee is in, or reaches, a synchronous cycle (sync-cycle reports it).
        if (cost === undefined || cost <= budget) continue;
        const callee = link.to!;
        const breakdown = figures.responseTimeBreakdown(callee)!;
        // cost > budget >= 0, so something contributes: parts is never empty.
        const parts = breakdown.contributions
          .slice(0, CONTRIBUTORS_NAMED)
          .map(({ element, ms, times }) => `'${element.name}' ${formatDuration(ms)}${times > 1 ? ` in ${times} calls` : ''}`);
        const linkLatency = breakdown.linkLatency + (link.props.duration('latency') ?? 0);
        if (linkLatency > 0) parts.push(`link latency ${formatDuration(linkLatency)}`);
        const missing = figures.missingLatencies(callee).sort((a, b) => a.id - b.id);
        let missingText = '';
        if (missing.length > 0) {
          const names = missing.slice(0, MISSING_NAMED).map((element) => `'${element.name}'`);
          const more = missing.length > MISSING_NAMED ? ` and ${missing.length - MISSING_NAMED} more` : '';
          missingText = `; no latency given for ${names.join(', ')}${more}, counted as 0`;
        }
        report({
          doc: link.doc,
          span: link.span,
          message: `'${entry.name}' ${link.sync ? '->' : '~>'} '${callee.name}' takes ${formatDuration(cost)}, over the ${formatDuration(budget)} budget of '${entry.name}' (biggest: ${parts.join(', ')}${missingText}); move work the user does not wait for off the synchronous path (~>), call independent services in parallel, or raise the budget`,
        });
      }
    }
  },
};
