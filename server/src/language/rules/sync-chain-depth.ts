import type { Figures } from '../model/figures';
import type { ElementSymbol, LinkSymbol } from '../model/model';
import type { Rule } from './types';

/** Past this many steps a chain is shown by its head and tail, so that a message stays one readable line. */
const MAX_STEPS_SHOWN = 12;
/** Past this many members a cycle in a chain is shown by its first members and a count. */
const MAX_CYCLE_MEMBERS_SHOWN = 4;

/**
 * A synchronous chain as a message shows it: 'A' -> 'B' -> 'C'. The figures condense
 * synchronous cycles, so a chain may pass through one; it is shown as its members in
 * braces, in declaration order: 'A' -> {'B', 'C'} -> 'D'. Shared with retry-amplification.
 */
export function describeChain(figures: Figures, start: ElementSymbol, chain: readonly LinkSymbol[]): string {
  const { component, members, cyclic } = figures.syncComponents;
  const steps = [component[start.id]!, ...chain.map((link) => component[link.to!.id]!)];
  const show = (c: number): string => {
    if (!cyclic[c]) return `'${figures.model.elements[members[c]![0]!]!.name}'`;
    const names = [...members[c]!].sort((a, b) => a - b).map((id) => `'${figures.model.elements[id]!.name}'`);
    const more = names.length - MAX_CYCLE_MEMBERS_SHOWN;
    return more > 1 ? `{${names.slice(0, MAX_CYCLE_MEMBERS_SHOWN).join(', ')} and ${more} more}` : `{${names.join(', ')}}`;
  };
  if (steps.length <= MAX_STEPS_SHOWN) return steps.map(show).join(' -> ');
  const head = steps.slice(0, MAX_STEPS_SHOWN / 2).map(show);
  const tail = steps.slice(steps.length - MAX_STEPS_SHOWN / 2 + 1).map(show);
  return `${head.join(' -> ')} -> …${steps.length - head.length - tail.length} more… -> ${tail.join(' -> ')}`;
}

export const syncChainDepth: Rule = {
  meta: {
    id: 'sync-chain-depth',
    description: 'A synchronous chain has more service-like hops than maxDepth: its latencies add up and a failure anywhere cascades to the start.',
    category: 'risk',
    defaultSeverity: 'warning',
    options: {
      maxDepth: { type: 'integer', default: 3, minimum: 1, description: 'the largest number of service-like elements a synchronous chain may have' },
    },
    fixable: false,
  },
  check({ figures, options, report, wants }) {
    const maxDepth = options['maxDepth']!;
    const starts = figures.chainStartIds;
    for (let i = 0; i < starts.length; i++) {
      const depth = figures.syncDepthOf(starts[i]!);
      if (depth <= maxDepth) continue;
      const start = figures.model.elements[starts[i]!]!;
      // Reported on the chain's first link, wherever it is written.
      const first = figures.longestChainStart(start);
      if (!first || !wants(first.doc)) continue;
      const chain = figures.longestChain(start);
      report({
        doc: first.doc,
        span: first.span,
        message: `the synchronous chain ${describeChain(figures, start, chain)} is ${depth} service-like elements deep (max ${maxDepth}): its latencies add up and a failure at its end reaches '${start.name}'; make a call that nobody waits for asynchronous (~>) or merge steps`,
        related: chain.slice(1).map((link, i) => ({
          doc: link.doc,
          span: link.span,
          message: `hop ${i + 2} of ${chain.length}: '${link.from!.name}' -> '${link.to!.name}'`,
        })),
      });
    }
  },
};
