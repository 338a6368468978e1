// The project model: every file of a project merged into one graph of elements
// and links, with symbols and references. Built from parsed documents; reads no files.

import { KINDS, type ElementNode, type GroupNode, type Identifier, type Kind, type LinkNode, type SourceFile, type Span, type Statement } from '../syntax/ast';
import { parse, type ParseListener } from '../syntax/parser';
import { KindClass, PropertyBag, keyBit, kindClass } from './properties';
import { withArticle } from '../util/strings';

export interface TopoDocument {
  /** The file's path as the host names it (the CLI: relative to the project root, with '/'). */
  path: string;
  text: string;
  file: SourceFile;
}

export function parseDocument(path: string, text: string): TopoDocument {
  const doc: TopoDocument = { path, text, file: undefined as unknown as SourceFile };
  // The document's symbols are gathered as it is parsed, while its nodes are fresh, for the first model that needs them.
  const extractor = new SymbolExtractor(doc);
  doc.file = parse(text, extractor);
  extracted.set(doc, extractor);
  return doc;
}

/** Symbols gathered while parsing, not yet taken by a model: each set serves one model (models must not share symbols). */
const extracted = new WeakMap<TopoDocument, SymbolExtractor>();

export interface ElementSymbol {
  id: number;
  name: string;
  kind: Kind;
  kindClass: KindClass;
  doc: TopoDocument;
  node: ElementNode;
  /** The innermost enclosing group, if any. */
  group: GroupScope | undefined;
  props: PropertyBag;
}

/** A group and the group around it: a chain of parents, shared by everything inside. */
export interface GroupScope {
  node: GroupNode;
  parent: GroupScope | undefined;
}

/** Enclosing groups of an element, outermost first. */
export function groupsOf(element: ElementSymbol): GroupNode[] {
  const groups: GroupNode[] = [];
  for (let scope = element.group; scope; scope = scope.parent) groups.push(scope.node);
  return groups.reverse();
}

export interface LinkProblem {
  message: string;
  related?: { doc: TopoDocument; span: Span; message: string };
}

export interface LinkSymbol {
  id: number;
  doc: TopoDocument;
  node: LinkNode;
  /** Which hop of the chain `node` this link is (0 for A->B in A->B~>C). */
  hop: number;
  sync: boolean;
  fromName: Identifier;
  toName: Identifier;
  from: ElementSymbol | undefined;
  to: ElementSymbol | undefined;
  props: PropertyBag;
  /** From the source name to the target name. */
  span: Span;
  /** An async link whose sender blocks for the reply. */
  awaited: boolean;
  /** Why the link is not valid (reported by invalid-link); such links stay out of the graph. */
  problem: LinkProblem | undefined;
}

export interface Reference {
  doc: TopoDocument;
  name: Identifier;
  target: ElementSymbol | undefined;
  /** A link end, or the value of a `dlq` property. */
  context: 'link' | 'dlq';
}

/** The symbols one document contributes, made once per parse and reused by every model a cache builds. */
export interface FileSymbols {
  elements: ElementSymbol[];
  links: LinkSymbol[];
  /** Names written in link statements, in order. */
  linkReferences: Reference[];
  /** Per link: the indexes in linkReferences of its source and target names. */
  linkEnds: Int32Array;
  /** `dlq` values of elements, then of link statements, and whether a dlq is allowed there. */
  elementDlqs: Reference[];
  elementDlqAllowed: boolean[];
  linkDlqs: Reference[];
  linkDlqAllowed: boolean[];
  elementFacts: ElementFacts;
  linkFacts: LinkFacts;
  /** Start and end of each element's name, and of each link. */
  elementNameSpans: Int32Array;
  linkSpans: Int32Array;
  /** A number for each link symbol, kept when an edit keeps the symbol (cache only: else zeros). */
  linkSerials: Int32Array;
  doc: TopoDocument;
  /**
   * Left by the last model that used these symbols (cache only): the element ids of its
   * links' ends and the links' first id then, valid while the project's elements are the same.
   */
  linkFrom: Int32Array | undefined;
  linkTo: Int32Array | undefined;
  /** The element id each name in linkReferences names (-1: none), as the last model left it. */
  referenceTargets: Int32Array | undefined;
  firstLinkId: number;
  elementsVersion: number;
}

/** What the passes over the whole project read of each element, as flat arrays (numbers: NaN when not given). */
interface ElementFacts {
  kind: Uint8Array;
  keys: Int32Array;
  flags: Uint8Array;
  latency: Float64Array;
  delay: Float64Array;
  availability: Float64Array;
  budget: Float64Array;
  slo: Float64Array;
}

/** What the passes over the whole project read of each link (numbers: NaN when not given). */
interface LinkFacts {
  keys: Int32Array;
  flags: Uint16Array;
  latency: Float64Array;
  timeout: Float64Array;
  retries: Float64Array;
}

function elementFacts(count: number): ElementFacts {
  return {
    kind: new Uint8Array(count),
    keys: new Int32Array(count),
    flags: new Uint8Array(count),
    latency: new Float64Array(count),
    delay: new Float64Array(count),
    availability: new Float64Array(count),
    budget: new Float64Array(count),
    slo: new Float64Array(count),
  };
}

function linkFacts(count: number): LinkFacts {
  return { keys: new Int32Array(count), flags: new Uint16Array(count), latency: new Float64Array(count), timeout: new Float64Array(count), retries: new Float64Array(count) };
}

/**
 * Symbols per document, for a host that rebuilds the model of the same project again and
 * again (the language server): a document that did not change contributes the same symbol
 * objects to the next model, which re-links them. A model built with a cache owns those
 * symbols from then on: the models built before it must no longer be used.
 */
export class ModelCache {
  private readonly files = new WeakMap<TopoDocument, FileSymbols>();
  /** The symbols each path had in the last model built. */
  private byPath = new Map<string, FileSymbols>();
  /** What the last model built left for the next: its files, element lookup and links with a problem. */
  previous: PreviousModel | undefined;
  /** Changes whenever the project's element symbols (or their order) change. */
  elementsVersion = 0;
  /** How many documents had their symbols extracted: tests use it to check that an edit extracts one. */
  extractions = 0;
  /** The symbols each path had in the model built before the last one. */
  private priorByPath = new Map<string, FileSymbols>();

  private nextSerial = 1;

  symbolsOf(doc: TopoDocument): FileSymbols {
    let symbols = this.files.get(doc);
    if (!symbols) {
      this.extractions++;
      symbols = extractSymbols(doc);
      for (let i = 0; i < symbols.linkSerials.length; i++) symbols.linkSerials[i] = this.nextSerial++;
      const before = this.byPath.get(doc.path);
      if (before && before.doc !== doc) {
        this.adoptElements(before, symbols);
        adoptLinks(before, symbols);
        // The old document's symbols now describe the new one: they must not serve it again.
        this.files.delete(before.doc);
      }
      this.files.set(doc, symbols);
    }
    return symbols;
  }

  /** Records the files of a model just built, for the next edit. */
  remember(files: readonly FileSymbols[]): void {
    this.priorByPath = this.byPath;
    this.byPath = new Map(files.map((file) => [file.doc.path, file]));
  }

  /** The symbols a path had in the model built before the last one (their ends and targets as that model left them). */
  priorSymbols(path: string): FileSymbols | undefined {
    return this.priorByPath.get(path);
  }

  /**
   * An edit that keeps a file's declarations (the same names in the same order) keeps its
   * element symbols: they take the new declarations' details, and the links of every other
   * file still point at the right objects, so the project's elements need no new lookup.
   */
  private adoptElements(before: FileSymbols, after: FileSymbols): void {
    const old = before.elements;
    const fresh = after.elements;
    if (old.length !== fresh.length) return;
    for (let i = 0; i < old.length; i++) if (old[i]!.name !== fresh[i]!.name) return;
    for (let i = 0; i < old.length; i++) {
      const element = old[i]!;
      const next = fresh[i]!;
      element.kind = next.kind;
      element.kindClass = next.kindClass;
      element.doc = next.doc;
      element.node = next.node;
      element.group = next.group;
      element.props = next.props;
      fresh[i] = element;
    }
  }
}

/**
 * The link symbols of an edited file that stay the same hop (same names, arrow and place in
 * its statement) keep their objects, found from the start and from the end of the file:
 * element link lists that hold them need not be rebuilt. They take the new hop's details.
 */
function adoptLinks(before: FileSymbols, after: FileSymbols): void {
  const serials = after.linkSerials;
  const old = before.links;
  const fresh = after.links;
  const same = (a: LinkSymbol, b: LinkSymbol): boolean =>
    a.sync === b.sync && a.hop === b.hop && a.fromName.text === b.fromName.text && a.toName.text === b.toName.text;
  const adopt = (i: number, j: number): void => {
    const link = old[i]!;
    const next = fresh[j]!;
    link.doc = next.doc;
    link.node = next.node;
    link.hop = next.hop;
    link.sync = next.sync;
    link.fromName = next.fromName;
    link.toName = next.toName;
    link.props = next.props;
    link.span = next.span;
    link.awaited = next.awaited;
    fresh[j] = link;
    serials[j] = before.linkSerials[i]!;
  };
  const shorter = Math.min(old.length, fresh.length);
  let prefix = 0;
  while (prefix < shorter && same(old[prefix]!, fresh[prefix]!)) adopt(prefix, prefix++);
  let suffix = 0;
  while (suffix < shorter - prefix && same(old[old.length - 1 - suffix]!, fresh[fresh.length - 1 - suffix]!)) {
    adopt(old.length - 1 - suffix, fresh.length - 1 - suffix);
    suffix++;
  }
}

interface PreviousModel {
  files: readonly FileSymbols[];
  allElements: ElementSymbol[];
  /** The element symbols of each file, as the model saw them. */
  elements: readonly (readonly ElementSymbol[])[];
  byName: Map<string, ElementSymbol>;
  duplicates: ElementSymbol[];
  /** Links that had a problem. */
  problems: LinkSymbol[];
  outgoing: LinkSymbol[][];
  incoming: LinkSymbol[][];
  anyOutgoing: LinkSymbol[][];
  anyIncoming: LinkSymbol[][];
  /** The serials of the links in those lists, in compressed rows per kind (out, in, any out, any in). */
  adjacency: AdjacencySerials;
}

interface AdjacencySerials {
  starts: readonly Int32Array[];
  serials: readonly Int32Array[];
  /** Each link between known elements, in order: its serial, ends, and whether it is valid. What the lists are made of. */
  resolved: Int32Array;
}

/** Link state bits of Model.linkState. */
export const LINK_SYNC = 1;
export const LINK_AWAITED = 2;
/** Both ends name declared elements. */
export const LINK_RESOLVED = 4;
/** Resolved and without a problem: in the graph. */
export const LINK_VALID = 8;

/** Facts of a link's properties in Model.linkState: `circuit_breaker: true`, `consistency: strong`. */
export const LINK_CIRCUIT_BREAKER = 16;
export const LINK_STRONG = 32;
/** The link's statement has a synchronous hop, an asynchronous hop. */
export const LINK_CHAIN_SYNC = 64;
export const LINK_CHAIN_ASYNC = 128;
/** The link's statement has a property block. */
export const LINK_HAS_PROPERTIES = 256;

/** Facts of an element's properties in Model.elementFlags. */
export const ELEMENT_PARALLEL = 1;
export const ELEMENT_NOT_CRITICAL = 2;
export const ELEMENT_IDEMPOTENT = 4;
export const ELEMENT_OUTBOX = 8;
export const ELEMENT_MONITORED = 16;
/** The declaration has a property block. */
export const ELEMENT_HAS_PROPERTIES = 32;

/** Kind classes as numbers, for Model.elementClass. */
export const CLASS_ENTRY = 0;
export const CLASS_SERVICE_LIKE = 1;
export const CLASS_STORE = 2;
export const CLASS_CHANNEL = 3;
const CLASS_CODE: Record<KindClass, number> = { entry: CLASS_ENTRY, 'service-like': CLASS_SERVICE_LIKE, store: CLASS_STORE, channel: CLASS_CHANNEL };
/** Kinds as numbers, for Model.elementKind: their index in KINDS. */
export const KIND_CODE = Object.fromEntries(KINDS.map((kind, index) => [kind, index])) as Record<Kind, number>;
/** CLASS_* by kind code. */
const KIND_CLASS_CODE = Uint8Array.from(KINDS, (kind) => CLASS_CODE[kindClass(kind)]);
const ELEMENT_FACT_KEYS = ['kind', 'keys', 'flags', 'latency', 'delay', 'availability', 'budget', 'slo'] as const;
const LINK_FACT_KEYS = ['keys', 'flags', 'latency', 'timeout', 'retries'] as const;

export class Model {
  readonly documents: TopoDocument[];
  readonly elements: ElementSymbol[];
  /** The first declaration of each name (files in path order). */
  readonly byName: Map<string, ElementSymbol> = new Map();
  /** Declarations of a name that was declared before. */
  readonly duplicates: ElementSymbol[] = [];
  readonly links: LinkSymbol[];
  readonly references: Reference[];
  /**
   * The element id each name written in a link statement names (-1: none), in the order of
   * `references` (whose names in links come first, file by file, then the `dlq` values).
   */
  readonly linkReferenceTarget: Int32Array;
  /** Valid links (both ends known, no problem) by source and by target element id. */
  readonly outgoing: LinkSymbol[][];
  readonly incoming: LinkSymbol[][];
  /** Element ids of the queues named by a `dlq` property where one is allowed (channels, async links). */
  readonly dlqTargets = new Set<number>();
  /**
   * Links of any validity (invalid ones included) by target and by source id. Rules
   * about missing links use them, so that one invalid link is one error, not also
   * "nothing publishes to Q".
   */
  readonly anyIncoming: LinkSymbol[][];
  readonly anyOutgoing: LinkSymbol[][];
  /**
   * The same facts as flat arrays by link id and element id, for passes over the whole
   * project: a test of a number in an array instead of a walk through objects.
   * Link ends are element ids (-1: none); linkState holds LINK_* bits.
   */
  readonly linkFrom: Int32Array;
  readonly linkTo: Int32Array;
  readonly linkState: Uint16Array;
  /** Catalogue keys of each link's properties (see keyBit), and their values: NaN when not given (or not of the type). */
  readonly linkKeys: Int32Array;
  readonly linkLatency: Float64Array;
  readonly linkTimeout: Float64Array;
  readonly linkRetries: Float64Array;
  /** The symbols of each document, in the order of `documents` (elements and links of a file are contiguous, in file order). */
  readonly files: readonly FileSymbols[];
  /** Built with a cache, from the same element symbols as the model before it: element ids did not change. */
  readonly reusedElements: boolean;
  /** Per document (in the order of `documents`): the id of its first element and of its first link. */
  readonly fileElementStart: Int32Array;
  readonly fileLinkStart: Int32Array;
  /** Per document: the index in `references` of its first name written in a link. */
  readonly fileReferenceStart: Int32Array;
  /** CLASS_* of each element, its kind (index in KINDS), catalogue keys, ELEMENT_* flags and values (NaN: not given). */
  readonly elementClass: Uint8Array;
  readonly elementKind: Uint8Array;
  readonly elementKeys: Int32Array;
  readonly elementFlags: Uint8Array;
  readonly elementLatency: Float64Array;
  readonly elementDelay: Float64Array;
  readonly elementAvailability: Float64Array;
  readonly elementBudget: Float64Array;
  readonly elementSlo: Float64Array;

  constructor(documents: readonly TopoDocument[], cache?: ModelCache) {
    this.documents = [...documents].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const files = this.documents.map((doc) => (cache ? cache.symbolsOf(doc) : extractSymbols(doc)));
    this.files = files;
    const previous = cache?.previous;
    // The same element symbols in the same order as the last model: ids and lookups still hold.
    const sameElements = previous !== undefined && sameElementSymbols(previous, files);
    this.reusedElements = sameElements;
    if (sameElements) {
      this.elements = previous.allElements;
      this.byName = previous.byName;
      this.duplicates = previous.duplicates;
    } else {
      this.elements = [];
      for (const file of files) {
        for (let i = 0; i < file.elements.length; i++) {
          const element = file.elements[i]!;
          element.id = this.elements.length;
          this.elements.push(element);
          if (this.byName.has(element.name)) this.duplicates.push(element);
          else this.byName.set(element.name, element);
        }
      }
      if (cache) cache.elementsVersion++;
    }
    const elementCount = this.elements.length;
    this.fileElementStart = new Int32Array(files.length);
    this.fileLinkStart = new Int32Array(files.length);
    const elements = elementFacts(elementCount);
    let at = 0;
    for (let f = 0; f < files.length; f++) {
      const file = files[f]!;
      this.fileElementStart[f] = at;
      for (const key of ELEMENT_FACT_KEYS) elements[key].set(file.elementFacts[key], at);
      at += file.elements.length;
    }
    this.elementKind = elements.kind;
    this.elementKeys = elements.keys;
    this.elementFlags = elements.flags;
    this.elementLatency = elements.latency;
    this.elementDelay = elements.delay;
    this.elementAvailability = elements.availability;
    this.elementBudget = elements.budget;
    this.elementSlo = elements.slo;
    this.elementClass = new Uint8Array(elementCount);
    for (let id = 0; id < elementCount; id++) this.elementClass[id] = KIND_CLASS_CODE[this.elementKind[id]!]!;

    const linkCount = files.reduce((sum, file) => sum + file.links.length, 0);
    const links = linkFacts(linkCount);
    const linkSerials = new Int32Array(linkCount);
    at = 0;
    for (const file of files) {
      for (const key of LINK_FACT_KEYS) links[key].set(file.linkFacts[key], at);
      linkSerials.set(file.linkSerials, at);
      at += file.links.length;
    }
    this.linkState = links.flags;
    this.linkKeys = links.keys;
    this.linkLatency = links.latency;
    this.linkTimeout = links.timeout;
    this.linkRetries = links.retries;
    this.linkFrom = new Int32Array(linkCount);
    this.linkTo = new Int32Array(linkCount);
    const referenceCount = files.reduce((sum, file) => sum + file.linkReferences.length, 0);
    this.linkReferenceTarget = new Int32Array(referenceCount);
    this.fileReferenceStart = new Int32Array(files.length);
    // Arrays of their final size: a project's links and references number in the tens of thousands.
    this.links = new Array<LinkSymbol>(linkCount);
    this.references = new Array<Reference>(referenceCount);
    const version = cache ? cache.elementsVersion : -1;
    let firstReference = 0;
    for (let f = 0; f < files.length; f++) {
      const file = files[f]!;
      const first = f === 0 ? 0 : this.fileLinkStart[f - 1]! + files[f - 1]!.links.length;
      this.fileLinkStart[f] = first;
      this.fileReferenceStart[f] = firstReference;
      for (let i = 0; i < file.links.length; i++) this.links[first + i] = file.links[i]!;
      for (let i = 0; i < file.linkReferences.length; i++) this.references[firstReference + i] = file.linkReferences[i]!;
      if (file.elementsVersion === version && file.linkFrom && file.linkTo && file.referenceTargets) {
        // Nothing this file's names refer to changed: its ends are as the last model left them.
        this.linkFrom.set(file.linkFrom, first);
        this.linkTo.set(file.linkTo, first);
        this.linkReferenceTarget.set(file.referenceTargets, firstReference);
        if (file.firstLinkId !== first) for (let i = 0; i < file.links.length; i++) file.links[i]!.id = first + i;
      } else {
        this.resolveLinks(file, first, firstReference);
        if (cache) {
          file.linkFrom = this.linkFrom.slice(first, first + file.links.length);
          file.linkTo = this.linkTo.slice(first, first + file.links.length);
          file.referenceTargets = this.linkReferenceTarget.slice(firstReference, firstReference + file.linkReferences.length);
          file.elementsVersion = version;
        }
      }
      file.firstLinkId = first;
      firstReference += file.linkReferences.length;
    }
    const problems = this.checkLinks(previous?.problems);
    const built = this.buildAdjacency(linkSerials, cache !== undefined, sameElements ? previous : undefined);
    [this.outgoing, this.incoming, this.anyOutgoing, this.anyIncoming] = built.lists;
    const adjacency = built.serials;
    this.resolveDlqs(files);
    if (cache) {
      cache.previous = {
        files,
        allElements: this.elements,
        elements: files.map((file) => file.elements.slice()),
        byName: this.byName,
        duplicates: this.duplicates,
        problems,
        outgoing: this.outgoing,
        incoming: this.incoming,
        anyOutgoing: this.anyOutgoing,
        anyIncoming: this.anyIncoming,
        adjacency: adjacency!,
      };
      cache.remember(files);
    }
  }

  /** Links a file's names to the project's elements. */
  private resolveLinks(file: FileSymbols, first: number, firstReference: number): void {
    const { links, linkReferences, linkEnds } = file;
    for (let i = 0; i < linkReferences.length; i++) {
      const reference = linkReferences[i]!;
      const target = (reference.target = this.byName.get(reference.name.text));
      this.linkReferenceTarget[firstReference + i] = target ? target.id : -1;
    }
    for (let i = 0; i < links.length; i++) {
      const link = links[i]!;
      const from = (link.from = linkReferences[linkEnds[2 * i]!]!.target);
      const to = (link.to = linkReferences[linkEnds[2 * i + 1]!]!.target);
      link.id = first + i;
      this.linkFrom[first + i] = from ? from.id : -1;
      this.linkTo[first + i] = to ? to.id : -1;
    }
  }

  /**
   * Which links are valid, in link order (a repeated link is the second one): from the
   * flat arrays, so that only links with a problem — now or in the last model — are touched.
   */
  private checkLinks(before: readonly LinkSymbol[] | undefined): LinkSymbol[] {
    const { links, linkFrom, linkTo, linkState, elementClass } = this;
    if (before) for (const link of before) link.problem = undefined;
    const problems: LinkSymbol[] = [];
    // Valid links by source, as linked lists over link ids, to find a repeated link.
    const validHead = new Int32Array(this.elements.length).fill(-1);
    const validNext = new Int32Array(links.length);
    for (let id = 0; id < links.length; id++) {
      const from = linkFrom[id]!;
      const to = linkTo[id]!;
      let state = linkState[id]!;
      if (from < 0 || to < 0) {
        // A new link starts without a problem; one carried over was cleared above.
        continue;
      }
      state |= LINK_RESOLVED;
      const sync = (state & LINK_SYNC) !== 0;
      let twin = -1;
      let problem = from === to || (sync && (elementClass[from] === CLASS_CHANNEL || elementClass[to] === CLASS_CHANNEL || elementClass[to] === CLASS_ENTRY));
      if (!problem) {
        // A valid link has no valid twin, so the list holds at most one link with this target and arrow.
        for (let other = validHead[from]!; other >= 0; other = validNext[other]!) {
          if (linkTo[other] === to && (linkState[other]! & LINK_SYNC) === (state & LINK_SYNC)) {
            twin = other;
            problem = true;
            break;
          }
        }
      }
      if (problem) {
        const link = links[id]!;
        link.problem = this.linkProblem(sync, link.from!, link.to!, twin);
        problems.push(link);
      } else {
        state |= LINK_VALID;
        validNext[id] = validHead[from]!;
        validHead[from] = id;
      }
      linkState[id] = state;
    }
    return problems;
  }

  element(name: string): ElementSymbol | undefined {
    return this.byName.get(name);
  }

  /** Valid synchronous links out of an element. */
  syncCalls(element: ElementSymbol): LinkSymbol[] {
    return this.outgoing[element.id]!.filter((link) => link.sync);
  }

  private linkProblem(sync: boolean, from: ElementSymbol, to: ElementSymbol, twinId: number): LinkProblem {
    if (from === to) return { message: `'${from.name}' links to itself: a link needs two different elements` };
    if (sync) {
      if (from.kindClass === 'channel') {
        return { message: `'${from.name}' is ${withArticle(from.kind)}: a channel delivers messages, it cannot make a synchronous call; use '~>'` };
      }
      if (to.kindClass === 'channel') {
        return { message: `'${to.name}' is ${withArticle(to.kind)}: publish to a channel with '~>', not a synchronous call` };
      }
      if (to.kindClass === 'entry') {
        return { message: `'${to.name}' is ${withArticle(to.kind)}: nothing can call an entry synchronously; deliver results to it with '~>'` };
      }
    }
    const twin = this.links[twinId]!;
    const arrow = sync ? '->' : '~>';
    return {
      message: `'${from.name} ${arrow} ${to.name}' is declared twice: the same pair may be linked twice only with different arrows`,
      related: { doc: twin.doc, span: twin.span, message: 'first declared here' },
    };
  }

  /**
   * The per-element link lists, in link order, each allocated at its exact size: with tens
   * of thousands of elements, arrays grown by push would reserve far more than they hold.
   * A list that holds the same links as the last model's (same elements) is that list.
   */
  private buildAdjacency(
    linkSerials: Int32Array,
    keepSerials: boolean,
    previous: PreviousModel | undefined,
  ): { lists: [LinkSymbol[][], LinkSymbol[][], LinkSymbol[][], LinkSymbol[][]]; serials: AdjacencySerials | undefined } {
    const n = this.elements.length;
    const { linkFrom, linkTo, linkState, links } = this;
    let resolvedLinks: Int32Array | undefined;
    if (keepSerials) {
      let count = 0;
      for (let i = 0; i < links.length; i++) if ((linkState[i]! & LINK_RESOLVED) !== 0) count++;
      resolvedLinks = new Int32Array(4 * count);
      for (let i = 0, k = 0; i < links.length; i++) {
        const state = linkState[i]!;
        if ((state & LINK_RESOLVED) === 0) continue;
        resolvedLinks[k++] = linkSerials[i]!;
        resolvedLinks[k++] = linkFrom[i]!;
        resolvedLinks[k++] = linkTo[i]!;
        resolvedLinks[k++] = state & LINK_VALID;
      }
      if (previous && sameNumbers(previous.adjacency.resolved, resolvedLinks)) {
        // The same links between the same elements, equally valid: the last model's lists, all of them.
        return { lists: [previous.outgoing, previous.incoming, previous.anyOutgoing, previous.anyIncoming], serials: previous.adjacency };
      }
    }
    // Link ids of each element's four lists (out, in, any out, any in), in compressed rows.
    const starts = [new Int32Array(n + 1), new Int32Array(n + 1), new Int32Array(n + 1), new Int32Array(n + 1)] as const;
    const [outStart, inStart, anyOutStart, anyInStart] = starts;
    let valid = 0;
    let resolved = 0;
    for (let i = 0; i < links.length; i++) {
      const state = linkState[i]!;
      if ((state & LINK_RESOLVED) === 0) continue;
      resolved++;
      anyOutStart[linkFrom[i]! + 1]!++;
      anyInStart[linkTo[i]! + 1]!++;
      if ((state & LINK_VALID) === 0) continue;
      valid++;
      outStart[linkFrom[i]! + 1]!++;
      inStart[linkTo[i]! + 1]!++;
    }
    for (const start of starts) for (let id = 0; id < n; id++) start[id + 1]! += start[id]!;
    const ids = [new Int32Array(valid), new Int32Array(valid), new Int32Array(resolved), new Int32Array(resolved)] as const;
    const cursors = starts.map((start) => start.slice(0, n));
    for (let i = 0; i < links.length; i++) {
      const state = linkState[i]!;
      if ((state & LINK_RESOLVED) === 0) continue;
      ids[2][cursors[2]![linkFrom[i]!]!++] = i;
      ids[3][cursors[3]![linkTo[i]!]!++] = i;
      if ((state & LINK_VALID) === 0) continue;
      ids[0][cursors[0]![linkFrom[i]!]!++] = i;
      ids[1][cursors[1]![linkTo[i]!]!++] = i;
    }
    const serials = keepSerials ? ids.map((list) => list.map((id) => linkSerials[id]!)) : undefined;
    const targets: [LinkSymbol[][], LinkSymbol[][], LinkSymbol[][], LinkSymbol[][]] = [[], [], [], []];
    const before = previous ? ([previous.outgoing, previous.incoming, previous.anyOutgoing, previous.anyIncoming] as const) : undefined;
    for (let kind = 0; kind < 4; kind++) {
      const start = starts[kind]!;
      const list = ids[kind]!;
      const target = targets[kind]!;
      const old = before?.[kind];
      const oldStart = previous?.adjacency.starts[kind];
      const oldSerials = previous?.adjacency.serials[kind];
      const newSerials = serials?.[kind];
      for (let id = 0; id < n; id++) {
        const from = start[id]!;
        const count = start[id + 1]! - from;
        if (old && oldStart && oldSerials && newSerials && oldStart[id + 1]! - oldStart[id]! === count) {
          // The same link symbols in the same order (told by their serials): the last model's list.
          const was = oldStart[id]!;
          let same = true;
          for (let k = 0; k < count; k++) {
            if (oldSerials[was + k] !== newSerials[from + k]) {
              same = false;
              break;
            }
          }
          if (same) {
            target.push(old[id]!);
            continue;
          }
        }
        if (count === 0) {
          target.push([]);
          continue;
        }
        const fresh = new Array<LinkSymbol>(count);
        for (let k = 0; k < count; k++) fresh[k] = links[list[from + k]!]!;
        target.push(fresh);
      }
    }
    return { lists: targets, serials: serials && resolvedLinks ? { starts, serials, resolved: resolvedLinks } : undefined };
  }

  /** `dlq` values: references to their queues, after every link reference; elements' first, then link statements'. */
  private resolveDlqs(files: readonly FileSymbols[]): void {
    const resolve = (reference: Reference, allowed: boolean): void => {
      const target = (reference.target = this.byName.get(reference.name.text));
      this.references.push(reference);
      // A dlq where none is allowed is reported by invalid-property and makes nothing a DLQ.
      if (target && allowed) this.dlqTargets.add(target.id);
    };
    for (const file of files) for (let i = 0; i < file.elementDlqs.length; i++) resolve(file.elementDlqs[i]!, file.elementDlqAllowed[i]!);
    for (const file of files) for (let i = 0; i < file.linkDlqs.length; i++) resolve(file.linkDlqs[i]!, file.linkDlqAllowed[i]!);
  }
}

function sameNumber(a: number, b: number): boolean {
  return a === b || (a !== a && b !== b);
}

function sameNumbers(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameNumber(a[i]!, b[i]!)) return false;
  return true;
}

/**
 * Whether a file's new symbols show the rest of the project what its old ones did: the
 * same elements with the same facts, the same links between known elements with the
 * same facts, the same elements named in links and by `dlq`, at the same places once
 * `position` maps an old offset to the new text (-1: the edit touched it). Then no
 * finding outside the file can tell the two apart, except by the moved places.
 * `before` is as the model before the last one left it; `after` as the last model did.
 */
export function sameExports(before: FileSymbols, after: FileSymbols, position: (offset: number) => number): boolean {
  const spanMoved = (oldStart: number, oldEnd: number, newStart: number, newEnd: number): boolean =>
    position(oldStart) !== newStart || position(oldEnd) !== newEnd;
  // Elements: the model reused the element symbols (checked by the caller), so names and ids match.
  if (before.elements.length !== after.elements.length) return false;
  const a = before.elementFacts;
  const b = after.elementFacts;
  if (!sameNumbers(a.kind, b.kind) || !sameNumbers(a.keys, b.keys) || !sameNumbers(a.flags, b.flags)) return false;
  if (!sameNumbers(a.latency, b.latency) || !sameNumbers(a.delay, b.delay) || !sameNumbers(a.availability, b.availability)) return false;
  if (!sameNumbers(a.budget, b.budget) || !sameNumbers(a.slo, b.slo)) return false;
  for (let i = 0; i < before.elements.length; i++) {
    const o = before.elementNameSpans;
    const n = after.elementNameSpans;
    if (spanMoved(o[2 * i]!, o[2 * i + 1]!, n[2 * i]!, n[2 * i + 1]!)) return false;
  }
  // Links between known elements, in order, with their facts and places (as each model left them: symbols may be shared).
  const oldLinks = resolvedLinks(before);
  const newLinks = resolvedLinks(after);
  if (!oldLinks || !newLinks || oldLinks.length !== newLinks.length) return false;
  const f = before.linkFacts;
  const g = after.linkFacts;
  for (let k = 0; k < oldLinks.length; k++) {
    const i = oldLinks[k]!;
    const j = newLinks[k]!;
    if (before.linkFrom![i] !== after.linkFrom![j] || before.linkTo![i] !== after.linkTo![j]) return false;
    if (spanMoved(before.linkSpans[2 * i]!, before.linkSpans[2 * i + 1]!, after.linkSpans[2 * j]!, after.linkSpans[2 * j + 1]!)) return false;
    if (f.keys[i] !== g.keys[j] || f.flags[i] !== g.flags[j]) return false;
    if (!sameNumber(f.latency[i]!, g.latency[j]!) || !sameNumber(f.timeout[i]!, g.timeout[j]!) || !sameNumber(f.retries[i]!, g.retries[j]!)) return false;
  }
  // The elements the file's link statements name (a named element is not an orphan).
  if (!sameTargets(before.linkReferences, after.linkReferences)) return false;
  // `dlq` references, their targets, whether a dlq is allowed there, and where they are.
  const sameDlqs = (x: Reference[], xAllowed: boolean[], y: Reference[], yAllowed: boolean[]): boolean => {
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) {
      if (x[i]!.target !== y[i]!.target || xAllowed[i] !== yAllowed[i]) return false;
      if (spanMoved(x[i]!.name.start, x[i]!.name.end, y[i]!.name.start, y[i]!.name.end)) return false;
    }
    return true;
  };
  return sameDlqs(before.elementDlqs, before.elementDlqAllowed, after.elementDlqs, after.elementDlqAllowed) && sameDlqs(before.linkDlqs, before.linkDlqAllowed, after.linkDlqs, after.linkDlqAllowed);
}

/** Indexes of a file's links whose ends both name elements, from the ends the last model using it left (none: undefined). */
function resolvedLinks(file: FileSymbols): number[] | undefined {
  const { linkFrom, linkTo } = file;
  if (!linkFrom || !linkTo) return undefined;
  const resolved: number[] = [];
  for (let i = 0; i < linkFrom.length; i++) if (linkFrom[i]! >= 0 && linkTo[i]! >= 0) resolved.push(i);
  return resolved;
}

function sameTargets(a: readonly Reference[], b: readonly Reference[]): boolean {
  // The sets of named elements, compared through marks by element id (both files name elements of one project).
  let size = 0;
  for (const reference of a) if (reference.target) size = Math.max(size, reference.target.id + 1);
  for (const reference of b) if (reference.target) size = Math.max(size, reference.target.id + 1);
  const marks = new Uint8Array(size);
  for (const reference of a) if (reference.target) marks[reference.target.id] = 1;
  for (const reference of b) {
    if (!reference.target) continue;
    if (marks[reference.target.id] === 0) return false;
    marks[reference.target.id] = 2;
  }
  for (let id = 0; id < size; id++) if (marks[id] === 1) return false;
  return true;
}

function sameElementSymbols(previous: PreviousModel, files: readonly FileSymbols[]): boolean {
  if (previous.elements.length !== files.length) return false;
  for (let f = 0; f < files.length; f++) {
    const before = previous.elements[f]!;
    const now = files[f]!.elements;
    if (before.length !== now.length) return false;
    for (let i = 0; i < now.length; i++) if (before[i] !== now[i]) return false;
  }
  return true;
}

/** The symbols of one document, not yet linked to the rest of the project (ids, ends and targets unset). */
function extractSymbols(doc: TopoDocument): FileSymbols {
  const gathered = extracted.get(doc);
  if (gathered) {
    extracted.delete(doc);
    return gathered.finish();
  }
  const extractor = new SymbolExtractor(doc);
  extractor.walk();
  return extractor.finish();
}

const K_LATENCY = keyBit('latency');
const K_DELAY = keyBit('delay');
const K_AVAILABILITY = keyBit('availability');
const K_BUDGET = keyBit('budget');
const K_SLO = keyBit('slo');
const K_PARALLEL = keyBit('parallel');
const K_CRITICAL = keyBit('critical');
const K_IDEMPOTENT = keyBit('idempotent');
const K_OUTBOX = keyBit('outbox');
const K_MONITORED = keyBit('monitored');
const K_TIMEOUT = keyBit('timeout');
const K_RETRIES = keyBit('retries');
const K_CIRCUIT_BREAKER = keyBit('circuit_breaker');
const K_CONSISTENCY = keyBit('consistency');
const K_AWAIT = keyBit('await');
const K_DLQ = keyBit('dlq');

/** One pass over a file's statements (groups nest to any depth: an explicit stack), then its facts. */
class SymbolExtractor implements ParseListener {
  private readonly elements: ElementSymbol[] = [];
  private readonly links: LinkSymbol[] = [];
  private readonly linkReferences: Reference[] = [];
  private readonly ends: number[] = [];
  private readonly elementDlqs: Reference[] = [];
  private readonly elementDlqAllowed: boolean[] = [];
  private readonly linkDlqs: Reference[] = [];
  private readonly linkDlqAllowed: boolean[] = [];

  /** The scope of each group opened while parsing, by its node. */
  private scopes: Map<GroupNode, GroupScope> | undefined;

  constructor(private readonly doc: TopoDocument) {}

  /** What the parser just parsed (see ParseListener). */
  group(node: GroupNode, parent: GroupNode | undefined): void {
    (this.scopes ??= new Map()).set(node, { node, parent: parent ? this.scopes.get(parent) : undefined });
  }

  element(node: ElementNode, group: GroupNode | undefined): void {
    this.addElement(node, group ? this.scopes?.get(group) : undefined);
  }

  link(node: LinkNode): void {
    this.addLinks(node);
  }

  walk(): void {
    const stack: { statements: readonly Statement[]; index: number; scope: GroupScope | undefined }[] = [
      { statements: this.doc.file.statements, index: 0, scope: undefined },
    ];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      if (frame.index >= frame.statements.length) {
        stack.pop();
        continue;
      }
      const statement = frame.statements[frame.index++]!;
      if (statement.type === 'element') this.addElement(statement, frame.scope);
      else if (statement.type === 'link') this.addLinks(statement);
      else stack.push({ statements: statement.body, index: 0, scope: { node: statement, parent: frame.scope } });
    }
  }

  private dlqReference(props: PropertyBag): Reference | undefined {
    if ((props.keys() & K_DLQ) === 0) return undefined;
    const value = props.get('dlq')?.value;
    if (value?.type !== 'name') return undefined;
    return { doc: this.doc, name: { start: value.start, end: value.end, text: value.text }, target: undefined, context: 'dlq' };
  }

  private addElement(node: ElementNode, group: GroupScope | undefined): void {
    if (!node.name.text) return;
    const element: ElementSymbol = {
      id: -1,
      name: node.name.text,
      kind: node.kind,
      kindClass: kindClass(node.kind),
      doc: this.doc,
      node,
      group,
      props: node.props ? new PropertyBag(node.props.properties) : PropertyBag.empty,
    };
    this.elements.push(element);
    if (node.props) {
      const dlq = this.dlqReference(element.props);
      if (dlq) {
        this.elementDlqs.push(dlq);
        this.elementDlqAllowed.push(element.kindClass === 'channel');
      }
    }
  }

  private reference(name: Identifier): number {
    this.linkReferences.push({ doc: this.doc, name, target: undefined, context: 'link' });
    return this.linkReferences.length - 1;
  }

  private addLinks(node: LinkNode): void {
    const props = node.props ? new PropertyBag(node.props.properties) : PropertyBag.empty;
    const names = node.names;
    const arrows = node.arrows;
    const awaitedIfAsync = node.props !== undefined && (props.keys() & K_AWAIT) !== 0 && props.boolean('await') === true;
    let fromName = names[0]!;
    let from = fromName.text ? this.reference(fromName) : -1;
    let made = false;
    for (let hop = 0; hop < arrows.length; hop++) {
      const toName = names[hop + 1]!;
      const to = toName.text ? this.reference(toName) : -1;
      if (from >= 0 && to >= 0) {
        const sync = arrows[hop]!.sync;
        this.links.push({
          id: -1,
          doc: this.doc,
          node,
          hop,
          sync,
          fromName,
          toName,
          from: undefined,
          to: undefined,
          props,
          span: { start: fromName.start, end: toName.end },
          awaited: !sync && awaitedIfAsync,
          problem: undefined,
        });
        this.ends.push(from, to);
        made = true;
      }
      fromName = toName;
      from = to;
    }
    // Its hops share the properties: a statement's dlq is one reference.
    if (made && node.props) {
      const dlq = this.dlqReference(props);
      if (dlq) {
        this.linkDlqs.push(dlq);
        this.linkDlqAllowed.push(arrows.some((arrow) => !arrow.sync));
      }
    }
  }

  finish(): FileSymbols {
    const { elements, links } = this;
    const elementColumns = elementFacts(elements.length);
    const elementNameSpans = new Int32Array(2 * elements.length);
    for (let i = 0; i < elements.length; i++) {
      const element = elements[i]!;
      elementNameSpans[2 * i] = element.node.name.start;
      elementNameSpans[2 * i + 1] = element.node.name.end;
      const props = element.props;
      const keys = props.keys();
      elementColumns.kind[i] = KIND_CODE[element.kind];
      elementColumns.keys[i] = keys;
      elementColumns.flags[i] =
        ((keys & K_PARALLEL) !== 0 && props.boolean('parallel') === true ? ELEMENT_PARALLEL : 0) |
        ((keys & K_CRITICAL) !== 0 && props.boolean('critical') === false ? ELEMENT_NOT_CRITICAL : 0) |
        ((keys & K_IDEMPOTENT) !== 0 && props.boolean('idempotent') === true ? ELEMENT_IDEMPOTENT : 0) |
        ((keys & K_OUTBOX) !== 0 && props.boolean('outbox') === true ? ELEMENT_OUTBOX : 0) |
        ((keys & K_MONITORED) !== 0 && props.boolean('monitored') === true ? ELEMENT_MONITORED : 0) |
        (element.node.props ? ELEMENT_HAS_PROPERTIES : 0);
      elementColumns.latency[i] = (keys & K_LATENCY) !== 0 ? (props.duration('latency') ?? NaN) : NaN;
      elementColumns.delay[i] = (keys & K_DELAY) !== 0 ? (props.duration('delay') ?? NaN) : NaN;
      elementColumns.availability[i] = (keys & K_AVAILABILITY) !== 0 ? (props.percent('availability') ?? NaN) : NaN;
      elementColumns.budget[i] = (keys & K_BUDGET) !== 0 ? (props.duration('budget') ?? NaN) : NaN;
      elementColumns.slo[i] = (keys & K_SLO) !== 0 ? (props.percent('slo') ?? NaN) : NaN;
    }
    const linkColumns = linkFacts(links.length);
    const linkSpans = new Int32Array(2 * links.length);
    for (let i = 0; i < links.length; i++) {
      linkSpans[2 * i] = links[i]!.span.start;
      linkSpans[2 * i + 1] = links[i]!.span.end;
    }
    let node: LinkNode | undefined;
    // The facts every hop of a statement shares, worked out with its first.
    let keys = 0;
    let flags = 0;
    let latency = NaN;
    let timeout = NaN;
    let retries = NaN;
    for (let i = 0; i < links.length; i++) {
      const link = links[i]!;
      if (link.node !== node) {
        node = link.node;
        const props = link.props;
        keys = props.keys();
        let sync = false;
        let async = false;
        for (let a = 0; a < node.arrows.length; a++) {
          if (node.arrows[a]!.sync) sync = true;
          else async = true;
        }
        flags =
          ((keys & K_CIRCUIT_BREAKER) !== 0 && props.boolean('circuit_breaker') === true ? LINK_CIRCUIT_BREAKER : 0) |
          ((keys & K_CONSISTENCY) !== 0 && props.name('consistency') === 'strong' ? LINK_STRONG : 0) |
          (sync ? LINK_CHAIN_SYNC : 0) |
          (async ? LINK_CHAIN_ASYNC : 0) |
          (node.props ? LINK_HAS_PROPERTIES : 0);
        latency = (keys & K_LATENCY) !== 0 ? (props.duration('latency') ?? NaN) : NaN;
        timeout = (keys & K_TIMEOUT) !== 0 ? (props.duration('timeout') ?? NaN) : NaN;
        retries = (keys & K_RETRIES) !== 0 ? (props.count('retries') ?? NaN) : NaN;
      }
      linkColumns.keys[i] = keys;
      linkColumns.flags[i] = flags | (link.sync ? LINK_SYNC : 0) | (link.awaited ? LINK_AWAITED : 0);
      linkColumns.latency[i] = latency;
      linkColumns.timeout[i] = timeout;
      linkColumns.retries[i] = retries;
    }
    return {
      elements,
      links,
      linkReferences: this.linkReferences,
      linkEnds: Int32Array.from(this.ends),
      elementDlqs: this.elementDlqs,
      elementDlqAllowed: this.elementDlqAllowed,
      linkDlqs: this.linkDlqs,
      linkDlqAllowed: this.linkDlqAllowed,
      elementFacts: elementColumns,
      linkFacts: linkColumns,
      elementNameSpans,
      linkSpans,
      linkSerials: new Int32Array(links.length),
      doc: this.doc,
      linkFrom: undefined,
      linkTo: undefined,
      referenceTargets: undefined,
      firstLinkId: -1,
      elementsVersion: -1,
    };
  }
}

export function buildModel(documents: readonly TopoDocument[], cache?: ModelCache): Model {
  return new Model(documents, cache);
}

/** isConsumerLink of the link with this id, from the model's flat arrays. */
export function isConsumerLinkAt(model: Model, id: number): boolean {
  if ((model.linkState[id]! & (LINK_SYNC | LINK_VALID)) !== LINK_VALID) return false;
  const target = model.elementClass[model.linkTo[id]!]!;
  return target === CLASS_SERVICE_LIKE || target === CLASS_STORE;
}

/**
 * An asynchronous link that hands a message to a consumer: out of a channel, or a
 * direct message, to an element that is neither an entry (a delivery to a person or
 * front end) nor a channel (a forward). The consumer rules (dlq, retries) apply to these.
 */
export function isConsumerLink(link: LinkSymbol): boolean {
  return !link.sync && !link.problem && !!link.from && !!link.to && link.to.kindClass !== 'entry' && link.to.kindClass !== 'channel';
}
