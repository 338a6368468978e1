// What the editor says about the language itself: what each kind means, where a
// property applies, and which property keys an element or a link takes. The keys
// and types come from model/properties.ts (the one catalogue); this file only adds
// the words shown in hover and completion.

import type { Kind, LinkNode } from '../syntax/ast';
import {
  ELEMENT_PROPERTIES,
  LINK_PROPERTIES,
  type ElementPropertySpec,
  type KindClass,
  type LinkPropertySpec,
  type LinkScope,
  kindClass,
} from '../model/properties';

export const KIND_DOCS: Record<Kind, string> = {
  actor: 'A person who uses the system. An *entry*: it starts requests; its `budget` and `slo` bound each synchronous request it makes.',
  client: 'A front end (web or mobile app). An *entry*: it starts requests; its `budget` and `slo` bound each synchronous request it makes.',
  gateway: 'The front door of the back end (API gateway, load balancer, backend for frontend). *Service-like*.',
  service: 'A back-end service that handles requests. *Service-like*.',
  worker: 'Consumes messages and does its work off the caller’s path. *Service-like*.',
  database: 'A store of record. A *store*: it holds data and answers calls.',
  cache: 'A fast store in front of slower data. A *store*: it holds data and answers calls.',
  queue: 'A point-to-point *channel*: each message goes to one consumer. `A ~> Q` publishes to it; `Q ~> C` makes C a consumer.',
  topic: 'A publish/subscribe *channel*: every subscriber gets each message. `A ~> T` publishes to it; `T ~> C` subscribes C.',
  external: 'A third party outside your control (a payment provider, an e-mail API). *Service-like*: protect synchronous calls to it with a timeout or a circuit breaker.',
};

export const GROUP_DOC =
  'Draws a boundary around elements (a team, a bounded context, a deployment). Groups nest; they do not scope names: names are one flat namespace per project.';

export const CLASS_WORDS: Record<KindClass, string> = {
  entry: 'entries (actor, client)',
  'service-like': 'service-like elements (gateway, service, worker, external)',
  store: 'stores (database, cache)',
  channel: 'channels (queue, topic)',
};

export const CLASS_NAMES: Record<KindClass, string> = {
  entry: 'entry',
  'service-like': 'service-like element',
  store: 'store',
  channel: 'channel',
};

export const SCOPE_WORDS: Record<LinkScope, string> = {
  any: 'every link',
  sync: "synchronous links ('->')",
  async: "asynchronous links ('~>')",
  'sync-or-await': "synchronous links ('->') and awaited asynchronous links ('~>' with await: true)",
};

/** The element properties a kind takes, in catalogue order. */
export function elementKeys(kind: Kind): ElementPropertySpec[] {
  const cls = kindClass(kind);
  return ELEMENT_PROPERTIES.filter((spec) => spec.classes.includes(cls));
}

/** Whether a link property's scope admits a hop. */
export function scopeAdmits(scope: LinkScope, sync: boolean, awaited: boolean): boolean {
  switch (scope) {
    case 'any':
      return true;
    case 'sync':
      return sync;
    case 'async':
      return !sync;
    case 'sync-or-await':
      return sync || awaited;
  }
}

/** Whether the link statement's properties are awaited (`await: true`), which only async hops honour. */
export function isAwaited(link: LinkNode): boolean {
  return !!link.props?.properties.some((property) => property.key.text === 'await' && property.value?.type === 'boolean' && property.value.value);
}

/**
 * The link properties valid on a link statement: its properties apply to every hop
 * of the chain, so a key must suit each hop (the invalid-property rule checks hop by hop).
 */
export function linkKeys(link: LinkNode): LinkPropertySpec[] {
  const awaited = isAwaited(link);
  const arrows = link.arrows.length > 0 ? link.arrows : [{ sync: true }];
  return LINK_PROPERTIES.filter((spec) => arrows.every((arrow) => scopeAdmits(spec.scope, arrow.sync, awaited)));
}
