import type { Rule } from './types';

export const externalSyncUnprotected: Rule = {
  meta: {
    id: 'external-sync-unprotected',
    description: 'A synchronous call to an external party has neither a circuit breaker nor a timeout.',
    category: 'risk',
    defaultSeverity: 'warning',
    options: {},
    fixable: true,
  },
  check() {
    // TODO(scaffold): implemented by the rule's author; the registry test fails while this is empty.
  },
};
