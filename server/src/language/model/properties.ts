// The property catalogue of DESIGN section 1: which keys each element kind and
// each link takes, and the type of their values. The model reads typed values
// through it; the invalid-property rule validates against it.

import type { Kind, Property, Value } from '../syntax/ast';

export type KindClass = 'entry' | 'service-like' | 'store' | 'channel';

export function kindClass(kind: Kind): KindClass {
  switch (kind) {
    case 'actor':
    case 'client':
      return 'entry';
    case 'gateway':
    case 'service':
    case 'worker':
    case 'external':
      return 'service-like';
    case 'database':
    case 'cache':
      return 'store';
    case 'queue':
    case 'topic':
      return 'channel';
  }
}

export type ValueType = 'string' | 'list' | 'duration' | 'percent' | 'boolean' | 'count' | 'queue' | 'protocol' | 'consistency';

export const VALUE_TYPE_WORDS: Record<ValueType, string> = {
  string: 'a string',
  list: 'a list such as ["a", "b"]',
  duration: 'a duration such as 300ms or 2s',
  percent: 'a percentage such as 99.9%',
  boolean: 'true or false',
  count: 'a whole number such as 3',
  queue: 'the name of a queue',
  protocol: 'a protocol name such as https or grpc',
  consistency: 'strong or eventual',
};

export interface ElementPropertySpec {
  key: string;
  type: ValueType;
  classes: readonly KindClass[];
  description: string;
}

export type LinkScope = 'any' | 'sync' | 'async' | 'sync-or-await';

export interface LinkPropertySpec {
  key: string;
  type: ValueType;
  scope: LinkScope;
  description: string;
}

const ALL: readonly KindClass[] = ['entry', 'service-like', 'store', 'channel'];
const RUNTIME: readonly KindClass[] = ['service-like', 'store'];

export const ELEMENT_PROPERTIES: readonly ElementPropertySpec[] = [
  { key: 'description', type: 'string', classes: ALL, description: 'documentation shown on hover and in the diagram' },
  { key: 'owner', type: 'string', classes: ALL, description: 'the team that owns it' },
  { key: 'technology', type: 'string', classes: ALL, description: 'what it is built with' },
  { key: 'tags', type: 'list', classes: ALL, description: 'free labels' },
  { key: 'latency', type: 'duration', classes: RUNTIME, description: 'own processing time per request, downstream calls excluded' },
  { key: 'availability', type: 'percent', classes: RUNTIME, description: 'own availability' },
  { key: 'critical', type: 'boolean', classes: ['service-like'], description: "false: work the user's request does not need (email, analytics); default true" },
  { key: 'idempotent', type: 'boolean', classes: ['service-like'], description: 'handling the same message twice is harmless' },
  { key: 'parallel', type: 'boolean', classes: ['service-like'], description: 'its synchronous calls run concurrently, not in sequence' },
  { key: 'outbox', type: 'boolean', classes: ['service-like'], description: 'it writes and publishes through an outbox' },
  { key: 'budget', type: 'duration', classes: ['entry'], description: 'response-time budget of each synchronous request it makes' },
  { key: 'slo', type: 'percent', classes: ['entry'], description: 'availability target of each synchronous request it makes' },
  { key: 'dlq', type: 'queue', classes: ['channel'], description: 'dead-letter queue (redrive target)' },
  { key: 'delay', type: 'duration', classes: ['channel'], description: 'typical time a message waits in the channel' },
  { key: 'monitored', type: 'boolean', classes: ['channel'], description: 'depth/age alerting exists' },
];

export const LINK_PROPERTIES: readonly LinkPropertySpec[] = [
  { key: 'protocol', type: 'protocol', scope: 'any', description: 'http, https, grpc, graphql, sql, amqp, kafka, sqs, webhook…' },
  { key: 'latency', type: 'duration', scope: 'any', description: 'transport overhead per call' },
  { key: 'description', type: 'string', scope: 'any', description: 'documentation of the link' },
  { key: 'consistency', type: 'consistency', scope: 'any', description: 'what the caller needs from the callee: strong or eventual' },
  { key: 'timeout', type: 'duration', scope: 'sync-or-await', description: 'how long the caller waits before giving up' },
  { key: 'retries', type: 'count', scope: 'any', description: 'sync: how often the caller retries; async: the consumer’s redelivery attempts' },
  { key: 'circuit_breaker', type: 'boolean', scope: 'sync', description: 'the caller stops calling a failing callee for a while' },
  { key: 'await', type: 'boolean', scope: 'async', description: 'the sender blocks for a reply (request/reply over messaging)' },
  { key: 'dlq', type: 'queue', scope: 'async', description: "the consumer's dead-letter queue" },
];

export const ELEMENT_PROPERTY_BY_KEY = new Map(ELEMENT_PROPERTIES.map((spec) => [spec.key, spec]));
export const LINK_PROPERTY_BY_KEY = new Map(LINK_PROPERTIES.map((spec) => [spec.key, spec]));

/** Whether a value has the shape the type asks for (ranges are checked by the rule). */
export function valueMatches(type: ValueType, value: Value): boolean {
  switch (type) {
    case 'string':
      return value.type === 'string';
    case 'list':
      return value.type === 'list';
    case 'duration':
      return value.type === 'duration';
    case 'percent':
      return value.type === 'percent';
    case 'boolean':
      return value.type === 'boolean';
    case 'count':
      return value.type === 'number' && Number.isInteger(value.value);
    case 'queue':
      return value.type === 'name';
    case 'protocol':
      return value.type === 'name' || value.type === 'string';
    case 'consistency':
      return value.type === 'name' && (value.text === 'strong' || value.text === 'eventual');
  }
}

/** A bit for each key of the catalogue, elements' and links' alike. */
const KEY_BIT = new Map<string, number>();
for (const spec of [...ELEMENT_PROPERTIES, ...LINK_PROPERTIES]) if (!KEY_BIT.has(spec.key)) KEY_BIT.set(spec.key, 1 << KEY_BIT.size);

/** The bit of a catalogue key in PropertyBag.keys() (0 for a key not in the catalogue). */
export function keyBit(key: string): number {
  return KEY_BIT.get(key) ?? 0;
}

/**
 * Properties by key; the first occurrence of a key wins (a repeated key is reported by
 * invalid-property). A block holds a handful of properties, so a scan of the parsed
 * list beats building a map for each of tens of thousands of elements and links. Which
 * catalogue keys the block has is worked out once, on first use, so that asking for a key
 * it lacks — most questions rules ask — costs no scan.
 */
export class PropertyBag {
  static readonly empty = new PropertyBag([]);

  /** The catalogue keys present, one bit each; -1 until first asked. */
  private present = -1;

  constructor(private readonly properties: readonly Property[]) {}

  get(key: string): Property | undefined {
    const bit = KEY_BIT.get(key);
    if (bit !== undefined && (this.presentKeys() & bit) === 0) return undefined;
    const properties = this.properties;
    for (let i = 0; i < properties.length; i++) if (properties[i]!.key.text === key) return properties[i];
    return undefined;
  }

  /** The catalogue keys the block has, one bit each (see keyBit). */
  keys(): number {
    return this.presentKeys();
  }

  private presentKeys(): number {
    let present = this.present;
    if (present < 0) {
      present = 0;
      const properties = this.properties;
      for (let i = 0; i < properties.length; i++) present |= KEY_BIT.get(properties[i]!.key.text) ?? 0;
      this.present = present;
    }
    return present;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  duration(key: string): number | undefined {
    const value = this.get(key)?.value;
    return value?.type === 'duration' ? value.ms : undefined;
  }

  /** A percentage as written (99.9 for 99.9%), only when in range. */
  percent(key: string): number | undefined {
    const value = this.get(key)?.value;
    return value?.type === 'percent' && value.value <= 100 ? value.value : undefined;
  }

  boolean(key: string): boolean | undefined {
    const value = this.get(key)?.value;
    return value?.type === 'boolean' ? value.value : undefined;
  }

  count(key: string): number | undefined {
    const value = this.get(key)?.value;
    return value?.type === 'number' && Number.isInteger(value.value) ? value.value : undefined;
  }

  name(key: string): string | undefined {
    const value = this.get(key)?.value;
    return value?.type === 'name' ? value.text : undefined;
  }

  string(key: string): string | undefined {
    const value = this.get(key)?.value;
    return value?.type === 'string' ? value.value : value?.type === 'name' ? value.text : undefined;
  }
}
