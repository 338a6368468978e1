import { CLASS_ENTRY } from '../model/model';
import type { AvailabilityFigure } from '../model/figures';
import type { Rule } from './types';

/** Float products such as 0.999 × 0.9995 carry noise in the last bits: an availability this close to the slo meets it. */
const EPSILON = 1e-9;

/**
 * A composite availability (a percentage) as a message shows it: two decimals, trailing
 * zeros dropped (99.85%), with more decimals only where two would round it up to the slo
 * it misses (99.8996% against 99.9%, never "99.9% is below 99.9%").
 */
function formatAvailability(percent: number, slo: number): string {
  let text = '';
  for (let digits = 2; digits <= 6; digits++) {
    text = String(Number(percent.toFixed(digits)));
    if (Number(text) < slo) break;
  }
  return `${text}%`;
}

export const availabilityBudget: Rule = {
  meta: {
    id: 'availability-budget',
    description: "A synchronous request of an entry has a composite availability below the entry's slo.",
    category: 'risk',
    defaultSeverity: 'warning',
    options: {},
    fixable: false,
  },
  check({ model, figures, report, wants }) {
    // Entries often call the same gateway: compute each callee's figure once.
    const byCallee = new Map<number, AvailabilityFigure>();
    for (let id = 0; id < model.elements.length; id++) {
      if (model.elementClass[id] !== CLASS_ENTRY) continue;
      const entry = model.elements[id]!;
      const slo = model.elementSlo[entry.id]!;
      if (Number.isNaN(slo)) continue;
      for (const link of model.syncCalls(entry)) {
        // Reported on the link, which may be in another file than the entry.
        if (!wants(link.doc)) continue;
        const callee = link.to!;
        let figure = byCallee.get(callee.id);
        if (!figure) byCallee.set(callee.id, (figure = figures.availability(callee)));
        const percent = figure.value * 100;
        if (percent >= slo - EPSILON) continue;
        const weakest = figure.weakest.map((element) => `'${element.name}' ${element.props.percent('availability')}%`).join(', ');
        report({
          doc: link.doc,
          span: link.span,
          message: `'${entry.name}' -> '${callee.name}' is available ${formatAvailability(percent, slo)} of the time, below the ${slo}% slo of '${entry.name}' (weakest: ${weakest}); make the weakest elements more available (replicas, failover) or take them off the synchronous path (~>)`,
        });
      }
    }
  },
};
