import { setProperty } from './edits';
import type { Rule } from './types';

export const dualWrite: Rule = {
  meta: {
    id: 'dual-write',
    description: 'An element writes to a store and publishes a message without an outbox: one can succeed while the other fails.',
    category: 'risk',
    defaultSeverity: 'info',
    options: {},
    fixable: true,
  },
  check({ model, report }) {
    for (const element of model.elements) {
      if (element.kindClass !== 'service-like' || element.props.boolean('outbox') === true) continue;
      const outgoing = model.outgoing[element.id]!;
      // The language does not tell reads from writes: every synchronous store call counts.
      const write = outgoing.find((link) => link.sync && link.to!.kindClass === 'store');
      // A message to a channel or to another element; a delivery to a person (an entry) is not a publish.
      const publish = outgoing.find((link) => !link.sync && link.to!.kindClass !== 'entry');
      if (!write || !publish) continue;
      const store = write.to!;
      const target = publish.to!;
      const publishes = target.kindClass === 'channel' ? `publishes to '${target.name}'` : `sends '${target.name}' a message`;
      report({
        doc: element.doc,
        span: element.node.name,
        message: `'${element.name}' calls the ${store.kind} '${store.name}' and ${publishes} as two separate steps: if one succeeds and the other fails, the data and the messages disagree; publish through an outbox written in the same transaction ('outbox: true')`,
        related: [
          { doc: write.doc, span: write.span, message: `'${element.name}' calls '${store.name}' here` },
          { doc: publish.doc, span: publish.span, message: `'${element.name}' ${publishes} here` },
        ],
        fixes: [{ title: "Add 'outbox: true'", edits: [setProperty(element.doc, element.node, 'outbox', 'true')] }],
      });
    }
  },
};
