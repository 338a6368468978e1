import type { Rule } from './types';

export const unmonitoredDlq: Rule = {
  meta: {
    id: 'unmonitored-dlq',
    description: 'A dead-letter queue is neither consumed nor monitored: failed messages pile up unseen.',
    category: 'risk',
    defaultSeverity: 'warning',
    options: {},
    fixable: true,
  },
  check() {
    // TODO(scaffold): implemented by the rule's author; the registry test fails while this is empty.
  },
};
