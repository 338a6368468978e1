import { CLASS_ENTRY } from '../model/model';
import type { Rule } from './types';

export const asyncResultUndelivered: Rule = {
  meta: {
    id: 'async-result-undelivered',
    description: 'An entry sends a message asynchronously and nothing ever delivers a result back to it.',
    category: 'risk',
    defaultSeverity: 'warning',
    options: {},
    fixable: false,
  },
  check({ model, report, wants }) {
    for (let id = 0; id < model.elements.length; id++) {
      if (model.elementClass[id] !== CLASS_ENTRY) continue;
      const entry = model.elements[id]!;
      // An awaited hop is request/reply: its reply is the delivery (user-facing-await judges it).
      // `outgoing` holds valid links in source order, so the first is the one reported.
      const [first, ...others] = model.outgoing[entry.id]!.filter((link) => !link.sync && !link.awaited);
      // Reported on that link, which may be in another file than the entry.
      if (!first || model.incoming[entry.id]!.length > 0 || !wants(first.doc)) continue;
      report({
        doc: first.doc,
        span: first.span,
        message: `'${entry.name}' sends '${first.to!.name}' a message asynchronously and nothing links back to '${entry.name}': the user never learns the outcome of that work; deliver it with an asynchronous link into '${entry.name}' (push, e-mail, websocket)`,
        related: others.map((link) => ({ doc: link.doc, span: link.span, message: `'${entry.name}' also sends '${link.to!.name}' a message here` })),
      });
    }
  },
};
