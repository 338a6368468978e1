import { ELEMENT_MONITORED, KIND_CODE } from '../model/model';
import { setProperty } from './edits';
import type { Rule } from './types';

export const unmonitoredDlq: Rule = {
  meta: {
    id: 'unmonitored-dlq',
    description: 'A dead-letter queue is neither consumed nor monitored: failed messages pile up unseen.',
    category: 'risk',
    defaultSeverity: 'warning',
    options: {},
    fixable: true,
  },
  check({ model, report, elementRange }) {
    for (const id of [...model.dlqTargets].sort((a, b) => a - b)) {
      if (id < elementRange[0] || id >= elementRange[1] || model.elementKind[id] !== KIND_CODE.queue) continue;
      const element = model.elements[id]!;
      if (model.outgoing[element.id]!.length > 0 || (model.elementFlags[id]! & ELEMENT_MONITORED) !== 0) continue;
      const uses = model.references.filter((reference) => reference.context === 'dlq' && reference.target === element);
      report({
        doc: element.doc,
        span: element.node.name,
        message: `'${element.name}' is a dead-letter queue that nothing consumes or monitors: failed messages pile up there unseen; set 'monitored: true' and alert on its depth, or link a consumer that replays them`,
        related: uses.map((use) => ({ doc: use.doc, span: use.name, message: `'${element.name}' is named as a dead-letter queue here` })),
        fixes: () => [{ title: "Add 'monitored: true'", edits: [setProperty(element.doc, element.node, 'monitored', 'true')] }],
      });
    }
  },
};
