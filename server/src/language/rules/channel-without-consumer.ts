import type { Rule } from './types';

export const channelWithoutConsumer: Rule = {
  meta: {
    id: 'channel-without-consumer',
    description: 'Nothing consumes a queue or topic: its messages are never handled.',
    category: 'risk',
    defaultSeverity: 'warning',
    options: {},
    fixable: false,
  },
  check() {
    // TODO(scaffold): implemented by the rule's author; the registry test fails while this is empty.
  },
};
