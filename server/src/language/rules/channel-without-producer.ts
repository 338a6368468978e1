import { CLASS_CHANNEL } from '../model/model';
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
  check({ model, report, elementRange }) {
    for (let id = elementRange[0]; id < elementRange[1]; id++) {
      if (model.elementClass[id] !== CLASS_CHANNEL) continue;
      const element = model.elements[id]!;
      if (model.byName.get(element.name) !== element) continue;
      // A dead-letter queue is fed by redelivery, not by a link.
      if (model.dlqTargets.has(element.id) || model.anyIncoming[element.id]!.length > 0) continue;
      report({
        doc: element.doc,
        span: element.node.name,
        message: `nothing publishes to the ${element.kind} '${element.name}': as designed, no message ever flows through it; link its producer with '… ~> ${element.name}' or remove the ${element.kind}`,
        related: model.outgoing[element.id]!.map((link) => ({ doc: link.doc, span: link.span, message: `'${link.to!.name}' waits on '${element.name}' here` })),
      });
    }
  },
};
