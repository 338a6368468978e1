import type { Rule } from './types';
import { withArticle } from '../util/strings';

export const duplicateElement: Rule = {
  meta: {
    id: 'duplicate-element',
    description: 'Two declarations use the same name; names form one namespace per project.',
    category: 'language',
    defaultSeverity: 'error',
    options: {},
    fixable: false,
  },
  check({ model, report, wants }) {
    for (const duplicate of model.duplicates) {
      if (!wants(duplicate.doc)) continue;
      const first = model.byName.get(duplicate.name)!;
      const where = first.doc === duplicate.doc ? '' : ` in ${first.doc.path}`;
      report({
        doc: duplicate.doc,
        span: duplicate.node.name,
        message: `'${duplicate.name}' is already declared as ${withArticle(first.kind)}${where}: names are unique across the project`,
        related: [{ doc: first.doc, span: first.node.name, message: `'${duplicate.name}' is first declared here` }],
      });
    }
  },
};
