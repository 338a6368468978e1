import { CLASS_CHANNEL } from '../model/model';
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
  check({ model, report, elementRange }) {
    for (let id = elementRange[0]; id < elementRange[1]; id++) {
      if (model.elementClass[id] !== CLASS_CHANNEL) continue;
      const element = model.elements[id]!;
      if (model.byName.get(element.name) !== element) continue;
      // A dead-letter queue is meant to hold messages: unmonitored-dlq covers it.
      if (model.dlqTargets.has(element.id) || model.anyOutgoing[element.id]!.length > 0) continue;
      const message =
        element.kind === 'queue'
          ? `nothing consumes the queue '${element.name}': every message published to it piles up unhandled; link a consumer with '${element.name} ~> …' or remove the queue`
          : `nothing subscribes to the topic '${element.name}': every message published to it reaches no one; link a subscriber with '${element.name} ~> …' or remove the topic`;
      report({
        doc: element.doc,
        span: element.node.name,
        message,
        related: model.incoming[element.id]!.map((link) => ({ doc: link.doc, span: link.span, message: `'${link.from!.name}' publishes to '${element.name}' here` })),
      });
    }
  },
};
