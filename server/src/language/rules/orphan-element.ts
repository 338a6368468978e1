import type { Rule } from './types';

export const orphanElement: Rule = {
  meta: {
    id: 'orphan-element',
    description: 'An element has no links at all.',
    category: 'risk',
    defaultSeverity: 'info',
    options: {},
    fixable: false,
  },
  check() {
    // TODO(scaffold): implemented by the rule's author; the registry test fails while this is empty.
  },
};
