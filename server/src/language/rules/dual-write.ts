import type { Rule } from './types';

export const dualWrite: Rule = {
  meta: {
    id: 'dual-write',
    description: 'An element writes to a store and publishes a message without an outbox: one can succeed while the other fails.',
    category: 'risk',
    defaultSeverity: 'info',
    options: {},
    fixable: true,
  },
  check() {
    // TODO(scaffold): implemented by the rule's author; the registry test fails while this is empty.
  },
};
