import type { Rule } from './types';

export const missingRetry: Rule = {
  meta: {
    id: 'missing-retry',
    description: 'An asynchronous consumer declares no retries: a transient failure sends the message straight to failure handling.',
    category: 'risk',
    defaultSeverity: 'info',
    options: {},
    fixable: true,
  },
  check() {
    // TODO(scaffold): implemented by the rule's author; the registry test fails while this is empty.
  },
};
