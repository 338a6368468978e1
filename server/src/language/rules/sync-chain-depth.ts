import type { Rule } from './types';

export const syncChainDepth: Rule = {
  meta: {
    id: 'sync-chain-depth',
    description: 'A synchronous chain has more service-like hops than maxDepth: its latencies add up and a failure anywhere cascades to the start.',
    category: 'risk',
    defaultSeverity: 'warning',
    options: {
      maxDepth: { type: 'integer', default: 3, minimum: 1, description: 'the largest number of service-like elements a synchronous chain may have' },
    },
    fixable: false,
  },
  check() {
    // TODO(scaffold): implemented by the rule's author; the registry test fails while this is empty.
  },
};
