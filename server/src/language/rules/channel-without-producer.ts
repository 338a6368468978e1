import type { Rule } from './types';

export const channelWithoutProducer: Rule = {
  meta: {
    id: 'channel-without-producer',
    description: 'Nothing publishes to a queue or topic.',
    category: 'risk',
    defaultSeverity: 'info',
    options: {},
    fixable: false,
  },
  check() {
    // TODO(scaffold): implemented by the rule's author; the registry test fails while this is empty.
  },
};
