import type { Rule } from './types';

export const syntaxError: Rule = {
  meta: {
    id: 'syntax-error',
    description: 'The file does not follow the grammar of the Topo language.',
    category: 'language',
    defaultSeverity: 'error',
    options: {},
    fixable: false,
  },
  check({ model, report, wants }) {
    for (const doc of model.documents) {
      if (!wants(doc)) continue;
      for (const diagnostic of doc.file.diagnostics) report({ doc, span: diagnostic, message: diagnostic.message });
    }
  },
};
