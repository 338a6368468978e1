import { appendStatement } from './edits';
import type { Fix, Rule } from './types';
import { closest, withArticle } from '../util/strings';

export const unknownElement: Rule = {
  meta: {
    id: 'unknown-element',
    description: 'A link or a dlq property names an element that is not declared anywhere in the project.',
    category: 'language',
    defaultSeverity: 'error',
    options: {},
    fixable: true,
  },
  check({ model, report, wants }) {
    let names: string[] | undefined;
    const references = model.references;
    for (let i = 0; i < references.length; i++) {
      const reference = references[i]!;
      if (reference.target || !wants(reference.doc)) continue;
      names ??= [...model.byName.keys()];
      const name = reference.name.text;
      const suggestion = closest(name, names);
      const kind = reference.context === 'dlq' ? 'queue' : 'service';
      const fixes: Fix[] = [];
      if (suggestion) {
        fixes.push({
          title: `Change to '${suggestion}'`,
          edits: [{ path: reference.doc.path, start: reference.name.start, end: reference.name.end, newText: suggestion }],
        });
      }
      fixes.push({ title: `Declare '${name}' as ${withArticle(kind)}`, edits: [appendStatement(reference.doc, `${kind} ${name}`)] });
      report({
        doc: reference.doc,
        span: reference.name,
        message: `unknown element '${name}'${suggestion ? `: did you mean '${suggestion}'?` : ': declare it, for example `' + kind + ' ' + name + '`'}`,
        fixes,
      });
    }
  },
};
