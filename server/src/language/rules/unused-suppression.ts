import type { Rule } from './types';

/** Reported by the suppression pass in lint.ts, which alone knows which suppressions were used. */
export const unusedSuppression: Rule = {
  meta: {
    id: 'unused-suppression',
    description: 'A topo-ignore comment silences nothing, names an unknown rule, or names a language check.',
    category: 'risk',
    defaultSeverity: 'info',
    options: {},
    fixable: true,
  },
  check() {
    // The findings come from applySuppressions in lint.ts, after every other rule has run.
  },
};
