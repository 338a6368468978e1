import { CLASS_ENTRY, CLASS_SERVICE_LIKE, CLASS_STORE, ELEMENT_OUTBOX, LINK_SYNC, LINK_VALID } from '../model/model';
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
  check({ model, report, elementRange }) {
    // Which elements have a synchronous store call (1) and an asynchronous message out (2): the candidates.
    const { links, linkState, linkFrom, linkTo, elementClass, elementFlags } = model;
    const has = new Uint8Array(model.elements.length);
    for (let i = 0; i < links.length; i++) {
      const state = linkState[i]!;
      if ((state & LINK_VALID) === 0) continue;
      const target = elementClass[linkTo[i]!];
      if ((state & LINK_SYNC) !== 0) {
        if (target === CLASS_STORE) has[linkFrom[i]!]! |= 1;
      } else if (target !== CLASS_ENTRY) has[linkFrom[i]!]! |= 2;
    }
    for (let id = elementRange[0]; id < elementRange[1]; id++) {
      if (has[id] !== 3 || elementClass[id] !== CLASS_SERVICE_LIKE || (elementFlags[id]! & ELEMENT_OUTBOX) !== 0) continue;
      const element = model.elements[id]!;
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
        fixes: () => [{ title: "Add 'outbox: true'", edits: [setProperty(element.doc, element.node, 'outbox', 'true')] }],
      });
    }
  },
};
