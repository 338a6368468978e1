import { LINK_SYNC, LINK_VALID, type ElementSymbol, type LinkSymbol } from '../model/model';
import type { Rule } from './types';

/** Past this many members a cycle is named by its first members and a count, so that the message stays one readable line. */
const MAX_MEMBERS_NAMED = 6;

function nameMembers(members: readonly ElementSymbol[]): string {
  const names = members.map((member) => `'${member.name}'`);
  if (names.length > MAX_MEMBERS_NAMED + 1) return `${names.slice(0, MAX_MEMBERS_NAMED).join(', ')} and ${names.length - MAX_MEMBERS_NAMED} more`;
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

export const syncCycle: Rule = {
  meta: {
    id: 'sync-cycle',
    description: "Elements call each other synchronously in a cycle: a request can wait on itself and every member's failure reaches the others.",
    category: 'risk',
    defaultSeverity: 'error',
    options: {},
    fixable: false,
  },
  check({ model, figures, report, wants }) {
    const { component, cyclic } = figures.syncComponents;
    // The links inside each cyclic component, in source order (model.links is: files in path order, then offsets).
    const linksOf = new Map<number, LinkSymbol[]>();
    const { links, linkState, linkFrom, linkTo } = model;
    for (let i = 0; i < links.length; i++) {
      if ((linkState[i]! & (LINK_SYNC | LINK_VALID)) !== (LINK_SYNC | LINK_VALID)) continue;
      const c = component[linkFrom[i]!]!;
      if (!cyclic[c] || component[linkTo[i]!] !== c) continue;
      const link = links[i]!;
      let list = linksOf.get(c);
      if (!list) linksOf.set(c, (list = []));
      list.push(link);
    }
    for (const links of linksOf.values()) {
      // Members in the order the cycle's links name them, starting with the first link's caller.
      const members = new Set<ElementSymbol>();
      for (const link of links) members.add(link.from!).add(link.to!);
      const [first, ...others] = links as [LinkSymbol, ...LinkSymbol[]];
      if (!wants(first.doc)) continue;
      report({
        doc: first.doc,
        span: first.span,
        message: `${nameMembers([...members])} call each other synchronously in a cycle: a request can end up waiting on itself and a failure in any of them reaches all; make one of these calls asynchronous (~>) to break the cycle`,
        related: others.map((link) => ({ doc: link.doc, span: link.span, message: `'${link.from!.name}' -> '${link.to!.name}' is part of the same cycle` })),
      });
    }
  },
};
