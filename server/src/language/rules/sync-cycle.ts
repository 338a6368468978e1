import type { Rule } from './types';

export const syncCycle: Rule = {
  meta: {
    id: 'sync-cycle',
    description: "Elements call each other synchronously in a cycle: a request can wait on itself and every member's failure reaches the others.",
    category: 'risk',
    defaultSeverity: 'error',
    options: {},
    fixable: false,
  },
  check() {
    // TODO(scaffold): implemented by the rule's author; the registry test fails while this is empty.
  },
};
