import type { Rule } from './types';

export const queueMultipleConsumers: Rule = {
  meta: {
    id: 'queue-multiple-consumers',
    description: 'A point-to-point queue has several distinct consumers: each message reaches only one of them.',
    category: 'risk',
    defaultSeverity: 'info',
    options: {},
    fixable: true,
  },
  check() {
    // TODO(scaffold): implemented by the rule's author; the registry test fails while this is empty.
  },
};
