import type { Rule } from './types';

export const strongConsistencyAsync: Rule = {
  meta: {
    id: 'strong-consistency-async',
    description: 'A link that needs strong consistency is asynchronous: the caller acts before the callee has answered.',
    category: 'risk',
    defaultSeverity: 'error',
    options: {},
    fixable: true,
  },
  check() {
    // TODO(scaffold): implemented by the rule's author; the registry test fails while this is empty.
  },
};
