import type { Property, PropertyBlock, Value } from '../syntax/ast';
import { ELEMENT_HAS_PROPERTIES, LINK_HAS_PROPERTIES, type ElementSymbol, type LinkSymbol, type TopoDocument } from '../model/model';
import {
  ELEMENT_PROPERTIES,
  ELEMENT_PROPERTY_BY_KEY,
  KindClass,
  LINK_PROPERTIES,
  LINK_PROPERTY_BY_KEY,
  VALUE_TYPE_WORDS,
  ValueType,
  keyBit,
  valueMatches,
} from '../model/properties';
import { closest, withArticle } from '../util/strings';
import type { Fix, Report, Rule } from './types';

const CLASS_WORDS: Record<KindClass, string> = {
  entry: 'entries (actor, client)',
  'service-like': 'service-like elements (gateway, service, worker, external)',
  store: 'stores (database, cache)',
  channel: 'channels (queue, topic)',
};

/** The keys each class of element takes, and the keys links take: computed once, not per element. */
const ALLOWED_BY_CLASS: Record<KindClass, string[]> = {
  entry: [],
  'service-like': [],
  store: [],
  channel: [],
};
for (const spec of ELEMENT_PROPERTIES) for (const kindClass of spec.classes) ALLOWED_BY_CLASS[kindClass].push(spec.key);
const LINK_KEYS = LINK_PROPERTIES.map((spec) => spec.key);
const DLQ = keyBit('dlq');

export const invalidProperty: Rule = {
  meta: {
    id: 'invalid-property',
    description: 'A property key that does not belong to the element or link, a value of the wrong type, a percentage out of range, or a dlq that is not a queue.',
    category: 'language',
    defaultSeverity: 'error',
    options: {},
    fixable: true,
  },
  check({ model, report, linkRange, elementRange }) {
    const seen = new Set<string>();
    const once = (r: Report): void => {
      // One finding per place: a chain's properties are checked once per hop, and the first hop's verdict stands.
      const key = `${r.doc.path}\0${r.span.start}`;
      if (seen.has(key)) return;
      seen.add(key);
      report(r);
    };
    const { elements, links, elementFlags, linkState, elementKeys, linkKeys } = model;
    for (let id = elementRange[0]; id < elementRange[1]; id++) {
      if ((elementFlags[id]! & ELEMENT_HAS_PROPERTIES) === 0) continue;
      const element = elements[id]!;
      checkElement(element, element.node.props!, once);
    }
    for (let id = linkRange[0]; id < linkRange[1]; id++) {
      if ((linkState[id]! & LINK_HAS_PROPERTIES) === 0) continue;
      const link = links[id]!;
      checkLink(link, link.node.props!, once);
    }
    // dlq targets must be queues.
    const checkDlq = (doc: TopoDocument, property: Property | undefined): void => {
      const value = property?.value;
      if (value?.type !== 'name') return;
      const target = model.byName.get(value.text);
      if (target && target.kind !== 'queue') {
        once({ doc, span: value, message: `'dlq' must name a queue: '${target.name}' is a ${target.kind}` });
      }
    };
    for (let id = elementRange[0]; id < elementRange[1]; id++) if ((elementKeys[id]! & DLQ) !== 0) checkDlq(elements[id]!.doc, elements[id]!.props.get('dlq'));
    for (let id = linkRange[0]; id < linkRange[1]; id++) if ((linkKeys[id]! & DLQ) !== 0) checkDlq(links[id]!.doc, links[id]!.props.get('dlq'));
  },
};

/** Past this many properties, a set finds repeats faster than comparing each key with those before it. */
const SMALL_BLOCK = 12;

function checkRepeats(doc: TopoDocument, block: PropertyBlock, report: (r: Report) => void): void {
  const properties = block.properties;
  if (properties.length < 2) return;
  if (properties.length <= SMALL_BLOCK) {
    for (let i = 1; i < properties.length; i++) {
      const key = properties[i]!.key.text;
      for (let j = 0; j < i; j++) {
        if (properties[j]!.key.text !== key) continue;
        reportRepeat(doc, block, properties[i]!, report);
        break;
      }
    }
    return;
  }
  const keys = new Set<string>();
  for (const property of properties) {
    const key = property.key.text;
    if (keys.has(key)) reportRepeat(doc, block, property, report);
    keys.add(key);
  }
}

function reportRepeat(doc: TopoDocument, block: PropertyBlock, property: Property, report: (r: Report) => void): void {
  const key = property.key.text;
  report({
    doc,
    span: property.key,
    message: `'${key}' is set twice: only the first value counts`,
    fixes: [{ title: `Remove the repeated '${key}'`, edits: [removeProperty(doc, block, property)] }],
  });
}

function checkElement(element: ElementSymbol, block: PropertyBlock, report: (r: Report) => void): void {
  const { doc } = element;
  checkRepeats(doc, block, report);
  const allowed = ALLOWED_BY_CLASS[element.kindClass];
  for (const property of block.properties) {
    const key = property.key.text;
    const spec = ELEMENT_PROPERTY_BY_KEY.get(key);
    if (!spec || !spec.classes.includes(element.kindClass)) {
      const suggestion = closest(key, allowed);
      const fixes: Fix[] = suggestion ? [renameKey(doc, property, suggestion)] : [];
      let message: string;
      if (spec) {
        message = `'${key}' does not apply to ${withArticle(element.kind)}: it is for ${spec.classes.map((c) => CLASS_WORDS[c]).join(' and ')}`;
      } else if (LINK_PROPERTY_BY_KEY.has(key)) {
        message = `'${key}' is a property of links, not of ${withArticle(element.kind)}${suggestion ? `; did you mean '${suggestion}'?` : ''}`;
      } else {
        message = `unknown property '${key}' on ${withArticle(element.kind)}${suggestion ? `: did you mean '${suggestion}'?` : `; it takes ${allowed.join(', ')}`}`;
      }
      report({ doc, span: property.key, message, fixes });
      continue;
    }
    if (property.value) checkValue(doc, key, spec.type, property.value, report);
  }
}

/** A link as messages name it: `A -> B`. */
function where(link: LinkSymbol): string {
  return `${link.fromName.text} ${link.sync ? '->' : '~>'} ${link.toName.text}`;
}

function checkLink(link: LinkSymbol, block: PropertyBlock, report: (r: Report) => void): void {
  const { doc } = link;
  checkRepeats(doc, block, report);
  const allowed = LINK_KEYS;
  for (const property of block.properties) {
    const key = property.key.text;
    const spec = LINK_PROPERTY_BY_KEY.get(key);
    if (!spec) {
      const suggestion = closest(key, allowed);
      const element = ELEMENT_PROPERTY_BY_KEY.get(key);
      const message = element
        ? `'${key}' is a property of elements, not of links: set it on the element's declaration`
        : `unknown property '${key}' on a link${suggestion ? `: did you mean '${suggestion}'?` : `; links take ${allowed.join(', ')}`}`;
      report({ doc, span: property.key, message, fixes: suggestion && !element ? [renameKey(doc, property, suggestion)] : [] });
      continue;
    }
    if (spec.scope === 'sync' && !link.sync) {
      report({ doc, span: property.key, message: `'${key}' applies to synchronous calls ('->'), not to the asynchronous link ${where(link)}` });
      continue;
    }
    if (spec.scope === 'async' && link.sync) {
      report({ doc, span: property.key, message: `'${key}' applies to asynchronous links ('~>'), not to the synchronous call ${where(link)}` });
      continue;
    }
    if (spec.scope === 'sync-or-await' && !link.sync && !link.awaited) {
      report({
        doc,
        span: property.key,
        message: `'${key}' on the asynchronous link ${where(link)} needs 'await: true': a sender that does not wait has nothing to time out`,
      });
      continue;
    }
    if (property.value) checkValue(doc, key, spec.type, property.value, report);
  }
}

function checkValue(doc: TopoDocument, key: string, type: ValueType, value: Value, report: (r: Report) => void): void {
  if (!valueMatches(type, value)) {
    const fixes: Fix[] = [];
    if (type === 'duration' && value.type === 'number') {
      fixes.push({ title: `Write ${value.raw}ms`, edits: [{ path: doc.path, start: value.start, end: value.end, newText: `${value.raw}ms` }] });
    } else if (type === 'percent' && value.type === 'number' && value.value <= 100) {
      fixes.push({ title: `Write ${value.raw}%`, edits: [{ path: doc.path, start: value.start, end: value.end, newText: `${value.raw}%` }] });
    } else if (type === 'consistency' && value.type === 'string' && (value.value === 'strong' || value.value === 'eventual')) {
      fixes.push({ title: `Write ${value.value}`, edits: [{ path: doc.path, start: value.start, end: value.end, newText: value.value }] });
    }
    report({ doc, span: value, message: `'${key}' expects ${VALUE_TYPE_WORDS[type]}, got ${describeValue(doc, value)}`, fixes });
    return;
  }
  if (value.type === 'percent' && value.value > 100) {
    report({ doc, span: value, message: `'${key}' must be a percentage between 0% and 100%, got ${value.raw}` });
  }
}

function describeValue(doc: TopoDocument, value: Value): string {
  switch (value.type) {
    case 'string':
      return 'a string';
    case 'list':
      return 'a list';
    default: {
      const raw = doc.text.slice(value.start, value.end);
      return `'${raw.length > 40 ? `${raw.slice(0, 37)}...` : raw}'`;
    }
  }
}

function renameKey(doc: TopoDocument, property: Property, suggestion: string): Fix {
  return { title: `Change to '${suggestion}'`, edits: [{ path: doc.path, start: property.key.start, end: property.key.end, newText: suggestion }] };
}

function removeProperty(doc: TopoDocument, block: PropertyBlock, property: Property) {
  const index = block.properties.indexOf(property);
  const previous = block.properties[index - 1]!;
  // From the end of the previous property to the end of this one: removes the separator too.
  return { path: doc.path, start: previous.end, end: property.end, newText: '' };
}
