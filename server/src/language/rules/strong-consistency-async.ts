import { LINK_STRONG, LINK_SYNC, LINK_VALID, type ElementSymbol, type LinkSymbol, type Model } from '../model/model';
import { LINK_PROPERTY_BY_KEY } from '../model/properties';
import type { Fix, Rule } from './types';

export const strongConsistencyAsync: Rule = {
  meta: {
    id: 'strong-consistency-async',
    description: 'A link that needs strong consistency is asynchronous: the caller acts before the callee has answered.',
    category: 'risk',
    defaultSeverity: 'error',
    options: {},
    fixable: true,
  },
  check({ model, report, linkRange }) {
    const { links, linkState } = model;
    for (let i = linkRange[0]; i < linkRange[1]; i++) {
      // A valid asynchronous link that needs `consistency: strong`.
      if ((linkState[i]! & (LINK_SYNC | LINK_VALID | LINK_STRONG)) !== (LINK_VALID | LINK_STRONG)) continue;
      const link = links[i]! as LinkSymbol & { from: ElementSymbol; to: ElementSymbol };
      const from = link.from.name;
      const to = link.to.name;
      const message = link.awaited
        ? `'${from}' awaits '${to}' over messaging on a link that needs strong consistency: the reply travels through a channel that can delay, redeliver or reorder it; make the call synchronous ('->') or relax it to 'consistency: eventual'`
        : `'${from}' sends '${to}' an asynchronous message on a link that needs strong consistency: '${from}' moves on before '${to}' has the data, so the next step may act on stale state; make the call synchronous ('->') or relax it to 'consistency: eventual'`;
      report({
        doc: link.doc,
        span: link.span,
        message,
        fixes: () => {
          const fix = makeSynchronous(model, link);
          return fix ? [fix] : [];
        },
      });
    }
  },
};

/** `~>` to `->` on this hop, only when the result is a valid synchronous call that keeps every property valid. */
function makeSynchronous(model: Model, link: LinkSymbol): Fix | undefined {
  const from = link.from!;
  const to = link.to!;
  if (from.kindClass === 'channel' || to.kindClass === 'channel' || to.kindClass === 'entry') return undefined;
  if (model.outgoing[from.id]!.some((other) => other.sync && other.to === to)) return undefined;
  // `await` and `dlq` only belong on asynchronous links; in a chain they also belong to the other hops.
  if (link.node.props?.properties.some((property) => LINK_PROPERTY_BY_KEY.get(property.key.text)?.scope === 'async')) return undefined;
  const arrow = link.node.arrows[link.hop]!;
  return {
    title: `Make '${from.name} ~> ${to.name}' a synchronous call ('->')`,
    edits: [{ path: link.doc.path, start: arrow.start, end: arrow.end, newText: '->' }],
  };
}
