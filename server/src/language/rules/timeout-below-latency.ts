import type { Rule } from './types';

export const timeoutBelowLatency: Rule = {
  meta: {
    id: 'timeout-below-latency',
    description: "A synchronous call's timeout is shorter than the time the callee needs to answer (link latency + R).",
    category: 'risk',
    defaultSeverity: 'warning',
    options: {},
    fixable: true,
  },
  check() {
    // TODO(scaffold): implemented by the rule's author; the registry test fails while this is empty.
  },
};
