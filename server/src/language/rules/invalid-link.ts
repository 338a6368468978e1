import type { Rule } from './types';

export const invalidLink: Rule = {
  meta: {
    id: 'invalid-link',
    description: 'A link the language does not allow: a sync call into or out of a channel, a sync call into an entry, a self-link, or the same link twice.',
    category: 'language',
    defaultSeverity: 'error',
    options: {},
    fixable: false,
  },
  check({ model, report }) {
    for (const link of model.links) {
      if (!link.problem) continue;
      const related = link.problem.related ? [link.problem.related] : [];
      report({ doc: link.doc, span: link.span, message: link.problem.message, related });
    }
  },
};
