import { CLASS_SERVICE_LIKE, ELEMENT_NOT_CRITICAL, LINK_SYNC, LINK_VALID, type ElementSymbol, type LinkSymbol, type Model } from '../model/model';
import { LINK_PROPERTY_BY_KEY } from '../model/properties';
import { appendStatement, freshName } from './edits';
import { lineStartAt } from '../util/lineIndex';
import type { Fix, Rule } from './types';

const SYNC_VALID = LINK_SYNC | LINK_VALID;

export const nonCriticalSync: Rule = {
  meta: {
    id: 'non-critical-sync',
    description: 'A user-facing element synchronously calls work the user does not need (critical: false): its slowness and failures reach the user.',
    category: 'risk',
    defaultSeverity: 'warning',
    options: {},
    fixable: true,
  },
  check({ model, figures, report, linkRange }) {
    const { links, linkState, linkFrom, linkTo, elementClass, elementFlags } = model;
    for (let i = linkRange[0]; i < linkRange[1]; i++) {
      if ((linkState[i]! & SYNC_VALID) !== SYNC_VALID) continue;
      // `critical` belongs to service-like elements; on any other kind it is an invalid-property error.
      const to = linkTo[i]!;
      if (elementClass[to] !== CLASS_SERVICE_LIKE || (elementFlags[to]! & ELEMENT_NOT_CRITICAL) === 0) continue;
      if (figures.userFacing[linkFrom[i]!] !== 1) continue;
      const link = links[i]! as LinkSymbol & { from: ElementSymbol; to: ElementSymbol };
      report({
        doc: link.doc,
        span: link.span,
        message: `'${link.from.name}' serves a user's request and calls '${link.to.name}' synchronously, but '${link.to.name}' is not critical ('critical: false'): its latency and failures reach the user; send it a message through a topic instead`,
        fixes: () => {
          const fix = routeThroughTopic(model, link);
          return fix ? [fix] : [];
        },
      });
    }
  },
};

/**
 * Replaces `From -> Target` with `From ~> TargetRequests` and `TargetRequests ~> Target`,
 * and declares the topic at the end of the file. Only for a single-hop statement: the
 * hops of a chain share one label and one property block, so one hop cannot be rewritten alone.
 */
function routeThroughTopic(model: Model, link: LinkSymbol): Fix | undefined {
  const { node, doc } = link;
  if (node.arrows.length !== 1) return undefined;
  // A statement whose property block is not closed is a syntax error: no rewrite of a broken statement.
  if (node.props && !node.props.closed) return undefined;
  // Moving work that asks for strong consistency off the synchronous path would trade this
  // finding for a strong-consistency-async error: the user has to resolve that conflict.
  if (link.props.name('consistency') === 'strong') return undefined;

  const text = doc.text;
  const topic = freshName(model, `${link.to!.name}Requests`);
  const label = node.label ? ` ${text.slice(node.label.start, node.label.end)}` : '';
  // Properties every link takes carry over; a sync call's retries become the consumer's redelivery
  // attempts; timeout and circuit_breaker describe a caller that waits, which a publisher no longer does.
  const publish: string[] = [];
  const consume: string[] = [];
  for (const property of node.props?.properties ?? []) {
    const spec = LINK_PROPERTY_BY_KEY.get(property.key.text);
    if (!spec || spec.scope !== 'any') continue;
    const source = text.slice(property.start, property.end);
    if (spec.key !== 'retries') publish.push(source);
    consume.push(source);
  }
  const block = (properties: string[]): string => (properties.length ? ` { ${properties.join(', ')} }` : '');
  const lineStart = lineStartAt(text, node.start);
  const indent = /^[ \t]*/.exec(text.slice(lineStart, node.start))![0];
  const replacement =
    `${link.fromName.text} ~> ${topic}${label}${block(publish)}\n` + `${indent}${topic} ~> ${link.toName.text}${label}${block(consume)}`;
  return {
    title: `Route the call through a new topic '${topic}'`,
    edits: [{ path: doc.path, start: node.start, end: node.end, newText: replacement }, appendStatement(doc, `topic ${topic}`)],
  };
}
