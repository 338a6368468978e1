import { CLASS_CHANNEL, ElementSymbol, LinkSymbol, Model, isConsumerLinkAt } from '../model/model';
import { keyBit } from '../model/properties';
import { appendStatement, freshName, setProperty } from './edits';
import type { Fix, Rule, TextEdit } from './types';

const DLQ = keyBit('dlq');

/**
 * How a consumer link reads in a message: "'W' consumes 'Q'" out of a channel,
 * "'B' receives messages from 'A'" for a direct message. Shared by the consumer rules.
 */
export function consumerPhrase(link: LinkSymbol): string {
  const from = link.from!;
  const to = link.to!;
  return from.kindClass === 'channel' ? `'${to.name}' consumes '${from.name}'` : `'${to.name}' receives messages from '${from.name}'`;
}

/**
 * Properties written on a chain apply to each of its hops; a key that only async links
 * take (such as `dlq`) cannot be added to a chain that also has a synchronous hop.
 */
export function chainHasSyncHop(link: LinkSymbol): boolean {
  return link.node.arrows.some((arrow) => arrow.sync);
}

/** A name neither declared nor already proposed by another fix of this run (fixes applied together must not collide). */
function unusedName(model: Model, base: string, proposed: Set<string>): string {
  let name = freshName(model, base);
  for (let i = 2; proposed.has(name) || model.byName.has(name); i++) name = `${base}${i}`;
  proposed.add(name);
  return name;
}

export const missingDlq: Rule = {
  meta: {
    id: 'missing-dlq',
    description: 'An asynchronous consumer has no dead-letter queue: a message that keeps failing is lost or blocks the queue.',
    category: 'risk',
    defaultSeverity: 'warning',
    options: {},
    fixable: true,
  },
  check({ model, report, wants }) {
    // Names proposed by earlier findings of this run: every consumer's in order, even one whose finding is not wanted.
    const proposed = new Set<string>();
    const { links, linkKeys, linkFrom, elementClass, elementKeys } = model;
    for (let i = 0; i < links.length; i++) {
      if (!isConsumerLinkAt(model, i) || (linkKeys[i]! & DLQ) !== 0) continue;
      const fromId = linkFrom[i]!;
      if (elementClass[fromId] === CLASS_CHANNEL && (elementKeys[fromId]! & DLQ) !== 0) continue;
      const link = links[i]!;
      const from = link.from!;
      const consumer = link.to!;
      const channel = from.kindClass === 'channel' ? from : undefined;
      const fix = dlqFix(model, link, consumer, channel, proposed);
      if (!wants(link.doc)) continue;
      report({
        doc: link.doc,
        span: link.span,
        message:
          `${consumerPhrase(link)} without a dead-letter queue: a message that keeps failing is lost or redelivered forever; ` +
          (channel ? `set 'dlq' on the link or on '${channel.name}'` : "set 'dlq' on the link"),
        related: channel ? [{ doc: channel.doc, span: channel.node.name, message: `'${channel.name}' has no 'dlq' either` }] : [],
        fixes: fix ? () => [fix()] : [],
      });
    }
  },
};

/**
 * Adds `dlq: <Consumer>Dlq` to the link and declares that queue, monitored, at the end of
 * the link's file. On a chain with a synchronous hop the link cannot take `dlq`: the
 * channel's own `dlq` is set instead, or there is no fix for a direct message. The name is
 * chosen now (each finding's differs from the ones before); the edits when asked for.
 */
function dlqFix(model: Model, link: LinkSymbol, consumer: ElementSymbol, channel: ElementSymbol | undefined, proposed: Set<string>): (() => Fix) | undefined {
  if (!chainHasSyncHop(link)) {
    const name = unusedName(model, `${consumer.name}Dlq`, proposed);
    return () => ({
      title: `Add the dead-letter queue '${name}'`,
      edits: joined(setProperty(link.doc, link.node, 'dlq', name), appendStatement(link.doc, `queue ${name} { monitored: true }`)),
    });
  }
  if (!channel) return undefined;
  const name = unusedName(model, `${channel.name}Dlq`, proposed);
  return () => ({
    title: `Add the dead-letter queue '${name}' to '${channel.name}'`,
    edits: joined(setProperty(channel.doc, channel.node, 'dlq', name), appendStatement(channel.doc, `queue ${name} { monitored: true }`)),
  });
}

/**
 * A statement that ends the file gets its property where the new declaration goes: two
 * inserts at one offset would depend on how the client orders them, so they become one edit.
 */
function joined(property: TextEdit, declaration: TextEdit): TextEdit[] {
  if (property.path !== declaration.path || property.end !== declaration.start) return [property, declaration];
  return [{ path: property.path, start: property.start, end: declaration.end, newText: property.newText + declaration.newText }];
}
