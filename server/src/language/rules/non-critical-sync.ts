import type { Rule } from './types';

export const nonCriticalSync: Rule = {
  meta: {
    id: 'non-critical-sync',
    description: 'A user-facing element synchronously calls work the user does not need (critical: false): its slowness and failures reach the user.',
    category: 'risk',
    defaultSeverity: 'warning',
    options: {},
    fixable: true,
  },
  check() {
    // TODO(scaffold): implemented by the rule's author; the registry test fails while this is empty.
  },
};
