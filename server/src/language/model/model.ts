// The project model: every file of a project merged into one graph of elements
// and links, with symbols and references. Built from parsed documents; reads no files.

import type { ElementNode, GroupNode, Identifier, Kind, LinkNode, SourceFile, Span, Statement } from '../syntax/ast';
import { parse } from '../syntax/parser';
import { KindClass, PropertyBag, kindClass } from './properties';
import { withArticle } from '../util/strings';

export interface TopoDocument {
  /** The file's path as the host names it (the CLI: relative to the project root, with '/'). */
  path: string;
  text: string;
  file: SourceFile;
}

export function parseDocument(path: string, text: string): TopoDocument {
  return { path, text, file: parse(text) };
}

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

export class Model {
  readonly documents: TopoDocument[];
  readonly elements: ElementSymbol[] = [];
  /** The first declaration of each name (files in path order). */
  readonly byName = new Map<string, ElementSymbol>();
  /** Declarations of a name that was declared before. */
  readonly duplicates: ElementSymbol[] = [];
  readonly links: LinkSymbol[] = [];
  readonly references: Reference[] = [];
  /** Valid links (both ends known, no problem) by source and by target element id. */
  readonly outgoing: LinkSymbol[][] = [];
  readonly incoming: LinkSymbol[][] = [];
  /** Element ids of the queues named by a `dlq` property where one is allowed (channels, async links). */
  readonly dlqTargets = new Set<number>();
  /**
   * Links of any validity (invalid ones included) by target and by source id. Rules
   * about missing links use them, so that one invalid link is one error, not also
   * "nothing publishes to Q".
   */
  readonly anyIncoming: LinkSymbol[][] = [];
  readonly anyOutgoing: LinkSymbol[][] = [];

  constructor(documents: readonly TopoDocument[]) {
    this.documents = [...documents].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const linkNodes: { doc: TopoDocument; node: LinkNode }[] = [];
    for (const doc of this.documents) this.collect(doc, linkNodes);
    for (const { doc, node } of linkNodes) this.addLinks(doc, node);
    this.collectDlqReferences();
  }

  element(name: string): ElementSymbol | undefined {
    return this.byName.get(name);
  }

  /** Valid synchronous links out of an element. */
  syncCalls(element: ElementSymbol): LinkSymbol[] {
    return this.outgoing[element.id]!.filter((link) => link.sync);
  }

  /** Walks a file's statements with an explicit stack: groups may nest to any depth. */
  private collect(doc: TopoDocument, links: { doc: TopoDocument; node: LinkNode }[]): void {
    const stack: { statements: readonly Statement[]; index: number; scope: GroupScope | undefined }[] = [
      { statements: doc.file.statements, index: 0, scope: undefined },
    ];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      if (frame.index >= frame.statements.length) {
        stack.pop();
        continue;
      }
      const statement = frame.statements[frame.index++]!;
      if (statement.type === 'element') this.addElement(doc, statement, frame.scope);
      else if (statement.type === 'link') links.push({ doc, node: statement });
      else stack.push({ statements: statement.body, index: 0, scope: { node: statement, parent: frame.scope } });
    }
  }

  private addElement(doc: TopoDocument, node: ElementNode, group: GroupScope | undefined): void {
    if (!node.name.text) return;
    const element: ElementSymbol = {
      id: this.elements.length,
      name: node.name.text,
      kind: node.kind,
      kindClass: kindClass(node.kind),
      doc,
      node,
      group,
      props: node.props ? new PropertyBag(node.props.properties) : PropertyBag.empty,
    };
    this.elements.push(element);
    this.outgoing.push([]);
    this.incoming.push([]);
    this.anyOutgoing.push([]);
    this.anyIncoming.push([]);
    if (this.byName.has(element.name)) this.duplicates.push(element);
    else this.byName.set(element.name, element);
  }

  private addLinks(doc: TopoDocument, node: LinkNode): void {
    const props = node.props ? new PropertyBag(node.props.properties) : PropertyBag.empty;
    for (const name of node.names) {
      if (name.text) this.references.push({ doc, name, target: this.byName.get(name.text), context: 'link' });
    }
    for (let hop = 0; hop < node.arrows.length; hop++) {
      const fromName = node.names[hop]!;
      const toName = node.names[hop + 1]!;
      if (!fromName.text || !toName.text) continue;
      const sync = node.arrows[hop]!.sync;
      const link: LinkSymbol = {
        id: this.links.length,
        doc,
        node,
        hop,
        sync,
        fromName,
        toName,
        from: this.byName.get(fromName.text),
        to: this.byName.get(toName.text),
        props,
        span: { start: fromName.start, end: toName.end },
        awaited: !sync && props.boolean('await') === true,
        problem: undefined,
      };
      this.links.push(link);
      if (!link.from || !link.to) continue;
      this.anyOutgoing[link.from.id]!.push(link);
      this.anyIncoming[link.to.id]!.push(link);
      link.problem = this.linkProblem(link, link.from, link.to);
      if (link.problem) continue;
      this.outgoing[link.from.id]!.push(link);
      this.incoming[link.to.id]!.push(link);
    }
  }

  private linkProblem(link: LinkSymbol, from: ElementSymbol, to: ElementSymbol): LinkProblem | undefined {
    if (from === to) return { message: `'${from.name}' links to itself: a link needs two different elements` };
    if (link.sync) {
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
    const twin = this.outgoing[from.id]!.find((other) => other.to === to && other.sync === link.sync);
    if (twin) {
      const arrow = link.sync ? '->' : '~>';
      return {
        message: `'${from.name} ${arrow} ${to.name}' is declared twice: the same pair may be linked twice only with different arrows`,
        related: { doc: twin.doc, span: twin.span, message: 'first declared here' },
      };
    }
    return undefined;
  }

  private collectDlqReferences(): void {
    const visit = (doc: TopoDocument, props: PropertyBag, allowed: boolean): void => {
      const property = props.get('dlq');
      const value = property?.value;
      if (value?.type !== 'name') return;
      const target = this.byName.get(value.text);
      this.references.push({ doc, name: { start: value.start, end: value.end, text: value.text }, target, context: 'dlq' });
      // A dlq where none is allowed is reported by invalid-property and makes nothing a DLQ.
      if (target && allowed) this.dlqTargets.add(target.id);
    };
    for (const element of this.elements) visit(element.doc, element.props, element.kindClass === 'channel');
    const seen = new Set<LinkNode>();
    for (const link of this.links) {
      if (seen.has(link.node)) continue;
      seen.add(link.node);
      visit(link.doc, link.props, link.node.arrows.some((arrow) => !arrow.sync));
    }
  }
}

export function buildModel(documents: readonly TopoDocument[]): Model {
  return new Model(documents);
}

/**
 * An asynchronous link that hands a message to a consumer: out of a channel, or a
 * direct message, to an element that is neither an entry (a delivery to a person or
 * front end) nor a channel (a forward). The consumer rules (dlq, retries) apply to these.
 */
export function isConsumerLink(link: LinkSymbol): boolean {
  return !link.sync && !link.problem && !!link.from && !!link.to && link.to.kindClass !== 'entry' && link.to.kindClass !== 'channel';
}
