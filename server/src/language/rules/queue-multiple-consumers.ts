import { KIND_CODE, type ElementSymbol, type LinkSymbol } from '../model/model';

const QUEUE = KIND_CODE.queue;
import type { Rule } from './types';

/** How many consumer names a message lists before it says "and N more". */
const LISTED = 4;

function listNames(elements: readonly ElementSymbol[]): string {
  const names = elements.slice(0, LISTED).map((element) => `'${element.name}'`);
  if (elements.length > LISTED) return `${names.join(', ')} and ${elements.length - LISTED} more`;
  return names.length === 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

export const queueMultipleConsumers: Rule = {
  meta: {
    id: 'queue-multiple-consumers',
    description: 'A point-to-point queue has several distinct consumers: each message reaches only one of them.',
    category: 'risk',
    defaultSeverity: 'info',
    options: {},
    fixable: true,
  },
  check({ model, report, elementRange }) {
    for (let id = elementRange[0]; id < elementRange[1]; id++) {
      if (model.elementKind[id] !== QUEUE) continue;
      const element = model.elements[id]!;
      // A delivery to an entry (push, e-mail) is not a consumer (DESIGN §1).
      const links: LinkSymbol[] = model.outgoing[element.id]!.filter((link) => link.to!.kindClass !== 'entry');
      const consumers = [...new Set(links.map((link) => link.to!))];
      if (consumers.length < 2) continue;
      const isDlq = model.dlqTargets.has(element.id);
      const advice = isDlq
        ? 'as a dead-letter queue it must stay a queue, so keep one consumer that replays the failed messages'
        : 'make it a topic if every one of them needs every message';
      report({
        doc: element.doc,
        span: element.node.name,
        message: `the queue '${element.name}' has ${consumers.length} consumers, ${listNames(consumers)}: each message reaches only one of them, so each sees only part of the stream; ${advice}`,
        related: links.map((link) => ({ doc: link.doc, span: link.span, message: `'${link.to!.name}' consumes '${element.name}' here` })),
        fixes: isDlq
          ? []
          : [{ title: `Change '${element.name}' to a topic`, edits: [{ path: element.doc.path, start: element.node.kindSpan.start, end: element.node.kindSpan.end, newText: 'topic' }] }],
      });
    }
  },
};
