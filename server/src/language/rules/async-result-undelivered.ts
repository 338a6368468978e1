import type { Rule } from './types';

export const asyncResultUndelivered: Rule = {
  meta: {
    id: 'async-result-undelivered',
    description: 'An entry sends a message asynchronously and nothing ever delivers a result back to it.',
    category: 'risk',
    defaultSeverity: 'warning',
    options: {},
    fixable: false,
  },
  check() {
    // TODO(scaffold): implemented by the rule's author; the registry test fails while this is empty.
  },
};
