// Completion: what may be typed at an offset, from the tokens and the syntax tree
// around it. It works on broken, half-typed text (`A -> ` at the end of a file,
// `service X { lat`, `{ consistency: `) because the parser always returns a tree
// and the context is read from the tokens just before the cursor.
//
//   complete(result, doc, offset) → { context, items }
//
// Each item replaces doc.text[replaceStart, replaceEnd) (the word under the
// cursor, or nothing) with insertText, a snippet in LSP syntax when isSnippet.
// `documentation` is markdown with user text escaped. Contexts:
// - statement start (top level or in a group): kinds, `group`, the declared names
//   (to start a link) and snippets for a new element, link or group;
// - after `->` / `~>`: every declared name of the project, the fitting ones first
//   (after `~>` the channels; after `->` not the channels and entries it cannot call);
// - after a kind: the names that links use but nothing declares;
// - in `{ … }` of an element or a link: the keys valid for the element's kind or for
//   every hop of the link (sync, async, awaited), minus the keys already there;
// - after `key:`: values by the key's type (booleans, strong/eventual, queues for
//   dlq, protocols, sample durations and percentages as snippets).
// Nothing inside strings or comments.

import type { ElementNode, GroupNode, LinkNode, PropertyBlock, Statement } from '../syntax/ast';
import { KINDS } from '../syntax/ast';
import { T, type Token } from '../syntax/lexer';
import type { ElementSymbol, TopoDocument } from '../model/model';
import { VALUE_TYPE_WORDS, kindClass, type ValueType } from '../model/properties';
import type { LintResult } from '../lint';
import { CLASS_NAMES, CLASS_WORDS, GROUP_DOC, KIND_DOCS, SCOPE_WORDS, elementKeys, linkKeys } from './catalogue';
import { code, escapeMarkdown, quoted } from './markdown';
import { documentOf, inComment, lastTokenBefore, tokensOf } from './locate';
import { lineBreakIn } from '../util/lineIndex';
import { lastStartingBefore } from '../util/search';

export type CompletionKind = 'keyword' | 'kind' | 'element' | 'property' | 'value' | 'snippet';

export interface CompletionItem {
  label: string;
  kind: CompletionKind;
  /** The element an 'element' item names: its documentation can be made later (`elementDocumentation`). */
  element?: ElementSymbol;
  detail?: string;
  /** Markdown; user text escaped. */
  documentation?: string;
  insertText: string;
  /** insertText uses LSP snippet syntax ($1, ${1:default}, ${1|a,b|}). */
  isSnippet: boolean;
  replaceStart: number;
  replaceEnd: number;
  sortText?: string;
}

export type CompletionContext = 'none' | 'statement' | 'link-target' | 'element-name' | 'property-key' | 'property-value';

export interface CompletionList {
  /** What the cursor was found to be at; 'none' (and no items) in strings, comments and places where nothing can be offered. */
  context: CompletionContext;
  items: CompletionItem[];
}

export const PROTOCOLS = ['http', 'https', 'grpc', 'graphql', 'sql', 'amqp', 'kafka', 'sqs', 'webhook'] as const;

const none = (): CompletionList => ({ context: 'none', items: [] });

const WORD_TOKENS = new Set<T>([T.Name, T.Kind, T.Group, T.True, T.False, T.Number, T.Duration, T.Percent]);

export function complete(result: LintResult | undefined, doc: TopoDocument, offset: number): CompletionList {
  const source = documentOf(result, doc);
  const text = source.text;
  if (!(offset >= 0 && offset <= text.length)) return none();
  if (inComment(source, offset)) return none();
  const tokens = tokensOf(source);
  const k = lastTokenBefore(tokens, offset);
  let word: Token | undefined;
  let prevIndex = k;
  if (k >= 0) {
    const token = tokens[k]!;
    if (token.end >= offset) {
      if (token.type === T.String) {
        const closed = token.end - token.start >= 2 && text.charCodeAt(token.end - 1) === 34;
        if (offset < token.end || !closed) return none();
      } else if (WORD_TOKENS.has(token.type)) {
        word = token;
        prevIndex = k - 1;
      }
    }
  }
  const replaceStart = word ? word.start : offset;
  const replaceEnd = word ? word.end : offset;
  const prev = prevIndex >= 0 ? tokens[prevIndex] : undefined;
  const newlineBefore = lineBreakIn(text, prev ? prev.end : 0, replaceStart) >= 0;
  const next = tokens[k + 1];
  const nextIsColon = next !== undefined && next.type === T.Colon;
  const ctx: Context = { result, tokens, replaceStart, replaceEnd, prevIndex, word };

  if (prev && (prev.type === T.SyncArrow || prev.type === T.AsyncArrow)) return linkTargets(ctx, prev);

  const scope = scopeAt(source.file.statements, offset);
  if (scope.type === 'props') {
    const block = scope.block;
    const blockIndex = lastTokenBefore(tokens, block.start + 1);
    if (inList(tokens, blockIndex, prevIndex)) return none();
    if (prev?.type === T.Colon) {
      const key = tokens[prevIndex - 1];
      if (!key || prevIndex - 1 <= blockIndex || !(key.type === T.Name || key.type === T.Group || key.type === T.Kind || key.type === T.True || key.type === T.False)) return none();
      return propertyValues(ctx, scope.owner, key.text);
    }
    if (!prev || prevIndex <= blockIndex || prev.type === T.Comma || newlineBefore) return propertyKeys(ctx, scope.owner, block, nextIsColon);
    return none();
  }
  if (prev?.type === T.Kind) return declarationNames(ctx);
  if (prev?.type === T.Group) return none();
  if (!prev || prev.type === T.LBrace || prev.type === T.RBrace || newlineBefore) return statementStart(ctx);
  return none();
}

interface Context {
  result: LintResult | undefined;
  tokens: readonly Token[];
  replaceStart: number;
  replaceEnd: number;
  prevIndex: number;
  word: Token | undefined;
}

type Scope = { type: 'statements'; group: GroupNode | undefined } | { type: 'props'; owner: ElementNode | LinkNode; block: PropertyBlock };

/** The last statement starting before `offset`. */
function statementBefore(statements: readonly Statement[], offset: number): Statement | undefined {
  const found = lastStartingBefore(statements, offset);
  return found >= 0 ? statements[found] : undefined;
}

/**
 * Where the cursor is: in the property block of an element or link, or among the
 * statements of a group or of the file. An unclosed block or group reaches up to
 * the next statement the parser found (the parser ends an unclosed block there).
 */
function scopeAt(statements: readonly Statement[], offset: number): Scope {
  let group: GroupNode | undefined;
  let list = statements;
  while (true) {
    const statement = statementBefore(list, offset);
    if (!statement) return { type: 'statements', group };
    if (statement.type === 'group') {
      const open = statement.open;
      if (open && offset >= open.end && (statement.close ? offset <= statement.close.start : true)) {
        group = statement;
        list = statement.body;
        continue;
      }
      return { type: 'statements', group };
    }
    const block = statement.props;
    if (block && offset > block.start && (block.closed ? offset < block.end : true)) return { type: 'props', owner: statement, block };
    return { type: 'statements', group };
  }
}

/** Whether an unclosed '[' lies between the block's '{' and the cursor. */
function inList(tokens: readonly Token[], blockIndex: number, prevIndex: number): boolean {
  let depth = 0;
  for (let i = prevIndex; i > blockIndex; i--) {
    const token = tokens[i]!;
    if (token.type === T.RBracket) depth++;
    else if (token.type === T.LBracket) {
      if (depth === 0) return true;
      depth--;
    }
  }
  return false;
}

/** A completion for an element's name, ranked by the `sortText` prefix. */
function elementItem(ctx: Context, element: ElementSymbol, rank: string): CompletionItem {
  return item(ctx, {
    label: element.name,
    kind: 'element',
    element,
    detail: element.kind,
    documentation: elementDocumentation(element),
    insertText: element.name,
    sortText: `${rank}${element.name}`,
  });
}

function item(ctx: Context, fields: Omit<CompletionItem, 'replaceStart' | 'replaceEnd' | 'isSnippet'> & { isSnippet?: boolean }): CompletionItem {
  return { isSnippet: false, ...fields, replaceStart: ctx.replaceStart, replaceEnd: ctx.replaceEnd };
}

/** Per element symbol (so per model): a statement-start list of a big project repeats them on every keystroke. */
const documentationCache = new WeakMap<ElementSymbol, string>();

export function elementDocumentation(element: ElementSymbol): string {
  const cached = documentationCache.get(element);
  if (cached !== undefined) return cached;
  const parts = [`**${element.kind}** ${code(element.name)}`];
  if (element.node.label) parts.push(quoted(element.node.label.value));
  const description = element.props.string('description');
  if (description !== undefined) parts.push(escapeMarkdown(description));
  const documentation = parts.join('\n\n');
  documentationCache.set(element, documentation);
  return documentation;
}

function declaredElements(result: LintResult | undefined): ElementSymbol[] {
  return result ? [...result.model.byName.values()] : [];
}

// ---- statements ------------------------------------------------------------------

function statementStart(ctx: Context): CompletionList {
  const items: CompletionItem[] = [];
  KINDS.forEach((kind, i) => {
    items.push(
      item(ctx, {
        label: kind,
        kind: 'kind',
        detail: CLASS_NAMES[kindClass(kind)],
        documentation: KIND_DOCS[kind],
        insertText: `${kind} `,
        sortText: `1${i}`,
      }),
    );
  });
  items.push(item(ctx, { label: 'group', kind: 'keyword', detail: 'group of elements', documentation: GROUP_DOC, insertText: 'group ', sortText: '2' }));
  for (const element of declaredElements(ctx.result)) {
    items.push(elementItem(ctx, element, '3'));
  }
  const snippets: [string, string, string][] = [
    ['new service', 'service ${1:Name} { latency: ${2:10ms} }', 'Declare a service with its own latency'],
    ['new link ->', '${1:From} -> ${2:To}', 'A synchronous call: the caller waits for the answer'],
    ['new link ~>', '${1:From} ~> ${2:To}', 'An asynchronous message: the sender moves on'],
    ['new group', 'group ${1:Name} {\n\t$0\n}', GROUP_DOC],
  ];
  snippets.forEach(([label, insertText, documentation], i) => {
    items.push(item(ctx, { label, kind: 'snippet', detail: 'snippet', documentation, insertText, isSnippet: true, sortText: `4${i}` }));
  });
  return { context: 'statement', items };
}

/** After a kind: names that links or dlq values use but nothing declares yet. */
function declarationNames(ctx: Context): CompletionList {
  const model = ctx.result?.model;
  if (!model) return { context: 'element-name', items: [] };
  const seen = new Set<string>();
  const items: CompletionItem[] = [];
  for (const reference of model.references) {
    const name = reference.name.text;
    if (reference.target || seen.has(name)) continue;
    seen.add(name);
    items.push(item(ctx, { label: name, kind: 'element', detail: 'used but not declared', insertText: name, sortText: name }));
  }
  return { context: 'element-name', items };
}

function linkTargets(ctx: Context, arrow: Token): CompletionList {
  const sync = arrow.type === T.SyncArrow;
  const sourceToken = ctx.tokens[ctx.prevIndex - 1];
  const sourceName = sourceToken?.type === T.Name ? sourceToken.text : undefined;
  const source = sourceName ? ctx.result?.model.byName.get(sourceName) : undefined;
  const items: CompletionItem[] = [];
  for (const element of declaredElements(ctx.result)) {
    if (element.name === sourceName) continue;
    const cls = element.kindClass;
    let rank: number;
    if (sync) rank = cls === 'channel' || cls === 'entry' ? 2 : 0;
    else if (source?.kindClass === 'channel') rank = cls === 'service-like' ? 0 : 1;
    else rank = cls === 'channel' ? 0 : 1;
    items.push(elementItem(ctx, element, String(rank)));
  }
  return { context: 'link-target', items };
}

// ---- properties ------------------------------------------------------------------

interface KeySpec {
  key: string;
  type: ValueType;
  description: string;
  where: string;
}

function keySpecs(owner: ElementNode | LinkNode): KeySpec[] {
  if (owner.type === 'element') {
    return elementKeys(owner.kind).map((spec) => ({ ...spec, where: spec.classes.map((c) => CLASS_WORDS[c]).join(', ') }));
  }
  return linkKeys(owner).map((spec) => ({ ...spec, where: SCOPE_WORDS[spec.scope] }));
}

function propertyKeys(ctx: Context, owner: ElementNode | LinkNode, block: PropertyBlock, nextIsColon: boolean): CompletionList {
  const present = new Set(block.properties.filter((property) => !(ctx.word && property.key.start === ctx.word.start)).map((property) => property.key.text));
  const items: CompletionItem[] = [];
  keySpecs(owner).forEach((spec, i) => {
    if (present.has(spec.key)) return;
    items.push(
      item(ctx, {
        label: spec.key,
        kind: 'property',
        detail: VALUE_TYPE_WORDS[spec.type],
        documentation: `${spec.description}\n\nApplies to ${spec.where}.`,
        insertText: nextIsColon ? spec.key : `${spec.key}: ${valueSnippet(ctx, owner, spec)}`,
        isSnippet: !nextIsColon,
        sortText: String(i).padStart(2, '0'),
      }),
    );
  });
  return { context: 'property-key', items };
}

/** Sample values by key: the first is the snippet's default. */
function durationSamples(owner: ElementNode | LinkNode, key: string): string[] {
  switch (key) {
    case 'timeout':
      return ['500ms', '1s', '2s', '5s'];
    case 'budget':
      return ['300ms', '800ms', '2s'];
    case 'delay':
      return ['100ms', '1s', '1m'];
    default:
      return owner.type === 'link' ? ['1ms', '5ms', '20ms'] : ['10ms', '50ms', '200ms'];
  }
}

const PERCENT_SAMPLES = ['99.9%', '99.95%', '99.99%', '99%'];
const COUNT_SAMPLES = ['3', '5', '0'];

function queues(ctx: Context, owner: ElementNode | LinkNode): ElementSymbol[] {
  const self = owner.type === 'element' ? owner.name.text : undefined;
  return declaredElements(ctx.result).filter((element) => element.kind === 'queue' && element.name !== self);
}

function valueSnippet(ctx: Context, owner: ElementNode | LinkNode, spec: KeySpec): string {
  switch (spec.type) {
    case 'boolean':
      return spec.key === 'critical' ? '${1|false,true|}' : '${1|true,false|}';
    case 'consistency':
      return '${1|strong,eventual|}';
    case 'protocol':
      return `\${1|${PROTOCOLS.join(',')}|}`;
    case 'duration':
      return `\${1:${durationSamples(owner, spec.key)[0]}}`;
    case 'percent':
      return `\${1:${PERCENT_SAMPLES[0]}}`;
    case 'count':
      return `\${1:${COUNT_SAMPLES[0]}}`;
    case 'string':
      return '"$1"';
    case 'list':
      return '[$1]';
    case 'queue': {
      const names = queues(ctx, owner).map((element) => element.name);
      return names.length ? `\${1|${names.slice(0, 50).join(',')}|}` : '${1:DeadLetters}';
    }
  }
}

function propertyValues(ctx: Context, owner: ElementNode | LinkNode, key: string): CompletionList {
  const spec = keySpecs(owner).find((candidate) => candidate.key === key);
  if (!spec) return { context: 'property-value', items: [] };
  const items: CompletionItem[] = [];
  const value = (label: string, documentation?: string, sortText?: string): void => {
    items.push(item(ctx, { label, kind: 'value', detail: VALUE_TYPE_WORDS[spec.type], insertText: label, ...(documentation ? { documentation } : {}), ...(sortText ? { sortText } : {}) }));
  };
  const sample = (label: string, insertText: string, i: number): void => {
    items.push(item(ctx, { label, kind: 'snippet', detail: VALUE_TYPE_WORDS[spec.type], insertText, isSnippet: true, sortText: String(i) }));
  };
  switch (spec.type) {
    case 'boolean':
      value('true', undefined, spec.key === 'critical' ? '1' : '0');
      value('false', undefined, spec.key === 'critical' ? '0' : '1');
      break;
    case 'consistency':
      value('strong', 'The caller needs the callee’s current state (an inventory check before a purchase): it needs a synchronous call.');
      value('eventual', 'The caller can live with a state that catches up later.');
      break;
    case 'protocol':
      PROTOCOLS.forEach((protocol, i) => value(protocol, undefined, String(i).padStart(2, '0')));
      break;
    case 'queue':
      for (const queue of queues(ctx, owner)) {
        items.push(item(ctx, { label: queue.name, kind: 'element', detail: 'queue', documentation: elementDocumentation(queue), insertText: queue.name }));
      }
      break;
    case 'duration':
      durationSamples(owner, spec.key).forEach((raw, i) => {
        const [, number, unit] = /^([\d.]+)(ms|s|m|h)$/.exec(raw)!;
        sample(raw, `\${1:${number}}${unit}`, i);
      });
      break;
    case 'percent':
      PERCENT_SAMPLES.forEach((raw, i) => sample(raw, `\${1:${raw.slice(0, -1)}}%`, i));
      break;
    case 'count':
      COUNT_SAMPLES.forEach((raw, i) => value(raw, undefined, String(i)));
      break;
    case 'string':
      sample('""', '"$1"', 0);
      break;
    case 'list':
      sample('[]', '[$1]', 0);
      break;
  }
  return { context: 'property-value', items };
}
