import type { Rule } from './types';

export const availabilityBudget: Rule = {
  meta: {
    id: 'availability-budget',
    description: "A synchronous request of an entry has a composite availability below the entry's slo.",
    category: 'risk',
    defaultSeverity: 'warning',
    options: {},
    fixable: false,
  },
  check() {
    // TODO(scaffold): implemented by the rule's author; the registry test fails while this is empty.
  },
};
