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
  check({ model, report, elementRange }) {
    // Every name written in a link statement, valid or not: an invalid link is invalid-link's
    // finding, and a statement still being typed (`A ->`) already shows where A belongs.
    // A name written in a link resolves to the first declaration of that name, the only one this rule judges.
    const linked = new Uint8Array(model.elements.length);
    const targets = model.linkReferenceTarget;
    for (let i = 0; i < targets.length; i++) if (targets[i]! >= 0) linked[targets[i]!] = 1;
    for (let id = elementRange[0]; id < elementRange[1]; id++) {
      if (linked[id] === 1) continue;
      const element = model.elements[id]!;
      // A repeated declaration is duplicate-element's finding; a queue named by `dlq` is linked by that property.
      if (model.byName.get(element.name) !== element || model.dlqTargets.has(element.id)) continue;
      report({
        doc: element.doc,
        span: element.node.name,
        message: `'${element.name}' has no links: it takes part in no request or message flow and no rule can judge how it communicates; link it to the elements it talks to, or remove it`,
      });
    }
  },
};
