import { describeChain } from './sync-chain-depth';
import type { Rule } from './types';

/** The message shows the product's factors (4 × 4) for two to this many retrying links. */
const MAX_FACTORS_SHOWN = 6;

function formatProduct(product: number): string {
  if (!Number.isFinite(product)) return 'more than 1e308';
  return product < 1e15 ? String(product) : product.toExponential(2);
}

export const retryAmplification: Rule = {
  meta: {
    id: 'retry-amplification',
    description: 'Retries multiply along a synchronous chain: one failing leaf multiplies the load on everything above it.',
    category: 'risk',
    defaultSeverity: 'warning',
    options: {
      max: { type: 'integer', default: 10, minimum: 1, description: 'the largest product of (1 + retries) allowed along a chain' },
    },
    fixable: false,
  },
  check({ figures, options, report, wants }) {
    const max = options['max']!;
    const starts = figures.chainStartIds;
    for (let i = 0; i < starts.length; i++) {
      const product = figures.retryProductOf(starts[i]!);
      if (product <= max) continue;
      const start = figures.model.elements[starts[i]!]!;
      const chain = figures.retryChain(start);
      // The link where the running product first exceeds max: where the amplification becomes too much.
      let running = 1;
      const at = chain.find((link) => (running *= 1 + (link.props.count('retries') ?? 0)) > max);
      if (!at || !wants(at.doc)) continue;
      const retrying = chain.filter((link) => (link.props.count('retries') ?? 0) > 0);
      const factors = retrying.map((link) => 1 + link.props.count('retries')!);
      const shown = factors.length >= 2 && factors.length <= MAX_FACTORS_SHOWN ? ` (${factors.join(' × ')})` : '';
      const leaf = chain.at(-1)!.to!;
      report({
        doc: at.doc,
        span: at.span,
        message: `retries multiply along ${describeChain(figures, start, chain)}: one failing call to '${leaf.name}' becomes up to ${formatProduct(product)} attempts${shown}, above the max of ${max}; retry in one layer only and let the others fail fast`,
        related: retrying
          .filter((link) => link !== at)
          .map((link) => ({ doc: link.doc, span: link.span, message: `'${link.from!.name}' -> '${link.to!.name}' has retries: ${link.props.count('retries')} (×${1 + link.props.count('retries')!})` })),
      });
    }
  },
};
