import type { Rule } from './types';

export const retryWithoutIdempotency: Rule = {
  meta: {
    id: 'retry-without-idempotency',
    description: 'An asynchronous consumer is retried but is not idempotent: a redelivered message is handled twice.',
    category: 'risk',
    defaultSeverity: 'warning',
    options: {},
    fixable: true,
  },
  check() {
    // TODO(scaffold): implemented by the rule's author; the registry test fails while this is empty.
  },
};
