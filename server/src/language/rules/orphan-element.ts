import type { Rule } from './types';

export const orphanElement: Rule = {
  meta: {
    id: 'orphan-element',
    description: 'An element has no links at all.',
    category: 'risk',
    defaultSeverity: 'info',
    options: {},
    fixable: false,
  },
  check({ model, report }) {
    // Every name written in a link statement, valid or not: an invalid link is invalid-link's
    // finding, and a statement still being typed (`A ->`) already shows where A belongs.
    const linked = new Set<string>();
    for (const reference of model.references) if (reference.context === 'link') linked.add(reference.name.text);
    for (const element of model.elements) {
      // A repeated declaration is duplicate-element's finding; a queue named by `dlq` is linked by that property.
      if (model.byName.get(element.name) !== element || linked.has(element.name) || model.dlqTargets.has(element.id)) continue;
      report({
        doc: element.doc,
        span: element.node.name,
        message: `'${element.name}' has no links: it takes part in no request or message flow and no rule can judge how it communicates; link it to the elements it talks to, or remove it`,
      });
    }
  },
};
