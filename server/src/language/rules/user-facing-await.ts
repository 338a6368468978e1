import type { Rule } from './types';

export const userFacingAwait: Rule = {
  meta: {
    id: 'user-facing-await',
    description: "A user-facing element awaits a reply over an asynchronous hop: the user's answer waits on a queue.",
    category: 'risk',
    defaultSeverity: 'warning',
    options: {},
    fixable: false,
  },
  check() {
    // TODO(scaffold): implemented by the rule's author; the registry test fails while this is empty.
  },
};
