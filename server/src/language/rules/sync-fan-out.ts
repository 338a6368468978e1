import type { Rule } from './types';

export const syncFanOut: Rule = {
  meta: {
    id: 'sync-fan-out',
    description: 'An element makes many synchronous calls: its response time and availability depend on all of them.',
    category: 'risk',
    defaultSeverity: 'info',
    options: {
      max: { type: 'integer', default: 3, minimum: 1, description: 'the largest number of synchronous calls one element may make' },
    },
    fixable: false,
  },
  check({ model, figures, options, report, elementRange }) {
    const max = options['max']!;
    // The synchronous graph holds exactly the valid synchronous links: an element's calls are its edges there.
    const { offsets } = figures.syncGraph;
    for (let id = elementRange[0]; id < elementRange[1]; id++) {
      if (offsets[id + 1]! - offsets[id]! <= max) continue;
      const element = model.elements[id]!;
      const calls = model.syncCalls(element);
      report({
        doc: element.doc,
        span: element.node.name,
        message: `'${element.name}' makes ${calls.length} synchronous calls (max ${max}): it answers only when all of them have answered and fails when any of them fails; send what the answer does not need as messages (~>), or put related calls behind one service`,
        related: calls.map((link) => ({ doc: link.doc, span: link.span, message: `synchronous call to '${link.to!.name}'` })),
      });
    }
  },
};
