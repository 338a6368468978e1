import { LINK_RESOLVED, LINK_VALID, type LinkProblem, type LinkSymbol } from '../model/model';
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
  check({ model, report, linkRange }) {
    const { links, linkState } = model;
    for (let i = linkRange[0]; i < linkRange[1]; i++) {
      // A link has a problem when its ends are known but it is not valid.
      if ((linkState[i]! & (LINK_RESOLVED | LINK_VALID)) !== LINK_RESOLVED) continue;
      const link = links[i]! as LinkSymbol & { problem: LinkProblem };
      const related = link.problem.related ? [link.problem.related] : [];
      report({ doc: link.doc, span: link.span, message: link.problem.message, related });
    }
  },
};
