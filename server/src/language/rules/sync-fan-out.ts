import type { Rule } from './types';

export const syncFanOut: Rule = {
  meta: {
    id: 'sync-fan-out',
    description: 'An element makes many synchronous calls: its response time and availability depend on all of them.',
    category: 'risk',
    defaultSeverity: 'info',
    options: {
      max: { type: 'integer', default: 3, minimum: 1, description: 'the largest number of synchronous calls one element may make' },
    },
    fixable: false,
  },
  check() {
    // TODO(scaffold): implemented by the rule's author; the registry test fails while this is empty.
  },
};
