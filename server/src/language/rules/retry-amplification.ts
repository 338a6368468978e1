import type { Rule } from './types';

export const retryAmplification: Rule = {
  meta: {
    id: 'retry-amplification',
    description: 'Retries multiply along a synchronous chain: one failing leaf multiplies the load on everything above it.',
    category: 'risk',
    defaultSeverity: 'warning',
    options: {
      max: { type: 'integer', default: 10, minimum: 1, description: 'the largest product of (1 + retries) allowed along a chain' },
    },
    fixable: false,
  },
  check() {
    // TODO(scaffold): implemented by the rule's author; the registry test fails while this is empty.
  },
};
