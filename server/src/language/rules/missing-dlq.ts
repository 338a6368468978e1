import type { Rule } from './types';

export const missingDlq: Rule = {
  meta: {
    id: 'missing-dlq',
    description: 'An asynchronous consumer has no dead-letter queue: a message that keeps failing is lost or blocks the queue.',
    category: 'risk',
    defaultSeverity: 'warning',
    options: {},
    fixable: true,
  },
  check() {
    // TODO(scaffold): implemented by the rule's author; the registry test fails while this is empty.
  },
};
