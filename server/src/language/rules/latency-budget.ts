import type { Rule } from './types';

export const latencyBudget: Rule = {
  meta: {
    id: 'latency-budget',
    description: "A synchronous request of an entry takes longer (response time R) than the entry's budget.",
    category: 'risk',
    defaultSeverity: 'warning',
    options: {},
    fixable: false,
  },
  check() {
    // TODO(scaffold): implemented by the rule's author; the registry test fails while this is empty.
  },
};
