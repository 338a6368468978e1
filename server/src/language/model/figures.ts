// The figures of DESIGN section 2, computed from the model in linear time:
// cycles are condensed into components and every pass visits each link a
// bounded number of times. Composite availability is a per-element query
// (one traversal of what the element reaches), since "each element counted
// once" is a set over the reachable graph, not a sum that can be shared; so is
// the breakdown of a response time into its contributors.

import { Adjacency, Components, WorkCounter, buildAdjacency, stronglyConnectedComponents } from './graph';
import type { ElementSymbol, LinkSymbol, Model } from './model';

export interface AvailabilityFigure {
  /** Composite availability as a fraction (0.999 for 99.9%). */
  value: number;
  /** Elements with the lowest own availability among those counted, lowest first (at most three). */
  weakest: ElementSymbol[];
}

/** One element's share of a response time: its own latency (a channel: its delay) times the number of times R counts it. */
export interface ResponseTimeContribution {
  element: ElementSymbol;
  /** Milliseconds: own latency × times. */
  ms: number;
  /** How many times R counts the element: a callee reached along two sequential paths is waited for twice. */
  times: number;
}

export interface ResponseTimeBreakdown {
  /** R of the element, milliseconds; the sum of the contributions and `linkLatency`. */
  total: number;
  /** Elements with a non-zero contribution, largest first (ties in declaration order). */
  contributions: ResponseTimeContribution[];
  /** The links' own latencies counted in R, milliseconds. */
  linkLatency: number;
}

export class Figures {
  readonly counter: WorkCounter = { edgeVisits: 0 };
  /** Valid synchronous links only. */
  readonly syncGraph: Adjacency;
  readonly syncComponents: Components;
  /** Synchronous links plus awaited asynchronous hops: what a response waits for. */
  private readonly waitGraph: Adjacency;
  private readonly waitComponents: Components;
  private readonly responseTimes: Float64Array;
  /** Entries and everything they reach through synchronous links. */
  readonly userFacing: Uint8Array;
  /** Elements that no valid synchronous link enters. */
  readonly chainStarts: ElementSymbol[];
  /** Per sync component: service-like elements on its longest chain, and the first link of that chain. */
  private readonly componentDepth: Int32Array;
  private readonly depthNext: Int32Array;
  /** Per sync component: the largest product of (1 + retries) along a chain, and the first link of that chain. */
  private readonly componentRetryProduct: Float64Array;
  private readonly retryNext: Int32Array;
  private readonly visitMark: Int32Array;
  private visitGeneration = 0;

  constructor(readonly model: Model) {
    const n = model.elements.length;
    const syncEdges: { from: number; to: number; link: number }[] = [];
    const waitEdges: { from: number; to: number; link: number }[] = [];
    for (const link of model.links) {
      if (link.problem || !link.from || !link.to) continue;
      const edge = { from: link.from.id, to: link.to.id, link: link.id };
      if (link.sync) {
        syncEdges.push(edge);
        waitEdges.push(edge);
      } else if (link.awaited) {
        waitEdges.push(edge);
      } else if (link.from.kindClass === 'channel' && link.to.kindClass !== 'entry') {
        // A channel's consumers: what an awaited message waits for once it is in the channel.
        waitEdges.push(edge);
      }
    }
    this.syncGraph = buildAdjacency(n, syncEdges);
    this.waitGraph = buildAdjacency(n, waitEdges);
    this.syncComponents = stronglyConnectedComponents(n, this.syncGraph, this.counter);
    this.waitComponents = stronglyConnectedComponents(n, this.waitGraph, this.counter);
    this.responseTimes = this.computeResponseTimes();
    this.userFacing = this.computeUserFacing();
    this.chainStarts = model.elements.filter((element) => !model.incoming[element.id]!.some((link) => link.sync));
    const components = this.syncComponents.count;
    this.componentDepth = new Int32Array(components);
    this.depthNext = new Int32Array(components).fill(-1);
    this.componentRetryProduct = new Float64Array(components);
    this.retryNext = new Int32Array(components).fill(-1);
    this.computeChains();
    this.visitMark = new Int32Array(n);
  }

  // ---- response time -------------------------------------------------------

  /** R(n) in milliseconds; undefined for an element in, or reaching, a cycle of waits. */
  responseTime(element: ElementSymbol): number | undefined {
    const value = this.responseTimes[element.id]!;
    return Number.isNaN(value) ? undefined : value;
  }

  /** What one call over the link costs the caller: link latency plus the callee's R (for an awaited hop, the channel's delay and slowest consumer). */
  linkCost(link: LinkSymbol): number | undefined {
    if (!link.to || link.problem) return undefined;
    const target = this.responseTimes[link.to.id]!;
    return Number.isNaN(target) ? undefined : (link.props.duration('latency') ?? 0) + target;
  }

  private computeResponseTimes(): Float64Array {
    const { model, waitGraph, waitComponents, counter } = this;
    const r = new Float64Array(model.elements.length);
    for (let c = 0; c < waitComponents.count; c++) {
      const members = waitComponents.members[c]!;
      if (waitComponents.cyclic[c]) {
        for (const member of members) r[member] = NaN;
        continue;
      }
      const id = members[0]!;
      const element = model.elements[id]!;
      const own = element.kindClass === 'channel' ? (element.props.duration('delay') ?? 0) : (element.props.duration('latency') ?? 0);
      // A channel waits for its slowest consumer; a caller with `parallel: true` for its slowest call.
      const useMax = element.kindClass === 'channel' || element.props.boolean('parallel') === true;
      let downstream = 0;
      for (let e = waitGraph.offsets[id]!; e < waitGraph.offsets[id + 1]!; e++) {
        counter.edgeVisits++;
        const link = model.links[waitGraph.links[e]!]!;
        const target = r[waitGraph.targets[e]!]!;
        const cost = element.kindClass === 'channel' ? target : (link.props.duration('latency') ?? 0) + target;
        downstream = useMax ? Math.max(downstream, cost) : downstream + cost;
      }
      r[id] = own + downstream;
    }
    return r;
  }

  /**
   * Where R(element) comes from: each element's own latency times the number of
   * times R counts it (sequential calls add up, so a callee reached along two paths
   * counts twice; a `parallel` caller and a channel count only their slowest branch,
   * the first one when several tie). Undefined when R is. Linear in what the element
   * waits for: a topological pass (Kahn) over that part of the wait graph.
   */
  responseTimeBreakdown(element: ElementSymbol): ResponseTimeBreakdown | undefined {
    const total = this.responseTime(element);
    if (total === undefined) return undefined;
    const { model, waitGraph, responseTimes, counter } = this;
    const isChannel = (id: number): boolean => model.elements[id]!.kindClass === 'channel';
    const own = (id: number): number => {
      const props = model.elements[id]!.props;
      return (isChannel(id) ? props.duration('delay') : props.duration('latency')) ?? 0;
    };
    const edgeCost = (id: number, e: number): number =>
      (isChannel(id) ? 0 : (model.links[waitGraph.links[e]!]!.props.duration('latency') ?? 0)) + responseTimes[waitGraph.targets[e]!]!;
    // The edges R(id) adds up, exactly as computeResponseTimes chose them.
    const counted = new Map<number, number[]>();
    const countedEdges = (id: number): number[] => {
      let edges = counted.get(id);
      if (edges) return edges;
      const from = waitGraph.offsets[id]!;
      const to = waitGraph.offsets[id + 1]!;
      if (isChannel(id) || model.elements[id]!.props.boolean('parallel') === true) {
        let slowest = -1;
        for (let e = from; e < to; e++) {
          counter.edgeVisits++;
          if (slowest < 0 || edgeCost(id, e) > edgeCost(id, slowest)) slowest = e;
        }
        edges = slowest < 0 ? [] : [slowest];
      } else {
        edges = [];
        for (let e = from; e < to; e++) edges.push(e);
      }
      counted.set(id, edges);
      return edges;
    };
    // In-degrees over the counted edges of the reachable part (acyclic: R is defined).
    const indegree = new Map<number, number>([[element.id, 0]]);
    const stack = [element.id];
    while (stack.length > 0) {
      const id = stack.pop()!;
      for (const e of countedEdges(id)) {
        counter.edgeVisits++;
        const next = waitGraph.targets[e]!;
        const seen = indegree.get(next);
        if (seen === undefined) stack.push(next);
        indegree.set(next, (seen ?? 0) + 1);
      }
    }
    const times = new Map<number, number>([[element.id, 1]]);
    const contributions: ResponseTimeContribution[] = [];
    let linkLatency = 0;
    const ready = [element.id];
    for (let head = 0; head < ready.length; head++) {
      const id = ready[head]!;
      const count = times.get(id)!;
      const ms = own(id) * count;
      if (ms > 0) contributions.push({ element: model.elements[id]!, ms, times: count });
      for (const e of countedEdges(id)) {
        counter.edgeVisits++;
        const next = waitGraph.targets[e]!;
        if (!isChannel(id)) linkLatency += (model.links[waitGraph.links[e]!]!.props.duration('latency') ?? 0) * count;
        times.set(next, (times.get(next) ?? 0) + count);
        const left = indegree.get(next)! - 1;
        indegree.set(next, left);
        if (left === 0) ready.push(next);
      }
    }
    contributions.sort((a, b) => b.ms - a.ms || a.element.id - b.element.id);
    return { total, contributions, linkLatency };
  }

  /**
   * Elements counted in R(element) without a latency (channels: without a delay).
   * One traversal of what the element waits for.
   */
  missingLatencies(element: ElementSymbol): ElementSymbol[] {
    const missing: ElementSymbol[] = [];
    this.traverse(element.id, this.waitGraph, (id) => {
      const reached = this.model.elements[id]!;
      if (reached.kindClass === 'entry') return;
      const key = reached.kindClass === 'channel' ? 'delay' : 'latency';
      if (reached.kindClass === 'channel' && id === element.id) return;
      if (!reached.props.has(key)) missing.push(reached);
    });
    return missing;
  }

  // ---- availability --------------------------------------------------------

  /** A(n): the product of the own availabilities of n and of everything it reaches synchronously, each once. */
  availability(element: ElementSymbol): AvailabilityFigure {
    let value = 1;
    const counted: ElementSymbol[] = [];
    this.traverse(element.id, this.syncGraph, (id) => {
      const reached = this.model.elements[id]!;
      const own = reached.props.percent('availability');
      if (own !== undefined && own < 100) {
        value *= own / 100;
        counted.push(reached);
      }
    });
    counted.sort((a, b) => a.props.percent('availability')! - b.props.percent('availability')! || a.id - b.id);
    return { value, weakest: counted.slice(0, 3) };
  }

  /** Visits every node reachable from `start` (itself included) once. */
  private traverse(start: number, graph: Adjacency, visit: (id: number) => void): void {
    const generation = ++this.visitGeneration;
    const mark = this.visitMark;
    const stack = [start];
    mark[start] = generation;
    while (stack.length > 0) {
      const id = stack.pop()!;
      visit(id);
      for (let e = graph.offsets[id]!; e < graph.offsets[id + 1]!; e++) {
        this.counter.edgeVisits++;
        const next = graph.targets[e]!;
        if (mark[next] !== generation) {
          mark[next] = generation;
          stack.push(next);
        }
      }
    }
  }

  // ---- user-facing ---------------------------------------------------------

  isUserFacing(element: ElementSymbol): boolean {
    return this.userFacing[element.id] === 1;
  }

  private computeUserFacing(): Uint8Array {
    const { model, syncGraph } = this;
    const seen = new Uint8Array(model.elements.length);
    const queue: number[] = [];
    for (const element of model.elements) {
      if (element.kindClass === 'entry') {
        seen[element.id] = 1;
        queue.push(element.id);
      }
    }
    for (let head = 0; head < queue.length; head++) {
      const id = queue[head]!;
      for (let e = syncGraph.offsets[id]!; e < syncGraph.offsets[id + 1]!; e++) {
        this.counter.edgeVisits++;
        const next = syncGraph.targets[e]!;
        if (!seen[next]) {
          seen[next] = 1;
          queue.push(next);
        }
      }
    }
    return seen;
  }

  // ---- chains: depth and retry amplification --------------------------------

  private computeChains(): void {
    const { model, syncGraph, syncComponents, counter } = this;
    for (let c = 0; c < syncComponents.count; c++) {
      let weight = 0;
      let bestDepth = 0;
      let bestDepthLink = -1;
      let bestProduct = 1;
      let bestProductLink = -1;
      for (const id of syncComponents.members[c]!) {
        if (model.elements[id]!.kindClass === 'service-like') weight++;
        for (let e = syncGraph.offsets[id]!; e < syncGraph.offsets[id + 1]!; e++) {
          counter.edgeVisits++;
          const target = syncComponents.component[syncGraph.targets[e]!]!;
          if (target === c) continue;
          const link = model.links[syncGraph.links[e]!]!;
          const depth = this.componentDepth[target]!;
          if (depth > bestDepth || (bestDepthLink < 0 && depth === bestDepth)) {
            bestDepth = depth;
            bestDepthLink = link.id;
          }
          const product = (1 + (link.props.count('retries') ?? 0)) * this.componentRetryProduct[target]!;
          if (product > bestProduct || (bestProductLink < 0 && product === bestProduct && product > 1)) {
            bestProduct = product;
            bestProductLink = link.id;
          }
        }
      }
      this.componentDepth[c] = weight + bestDepth;
      this.depthNext[c] = bestDepthLink;
      this.componentRetryProduct[c] = bestProduct;
      this.retryNext[c] = bestProductLink;
    }
  }

  /** Sync depth: service-like elements on the longest synchronous chain from the element (cycles condensed). */
  syncDepth(element: ElementSymbol): number {
    return this.componentDepth[this.syncComponents.component[element.id]!]!;
  }

  /** The links of the element's longest synchronous chain, in order. */
  longestChain(element: ElementSymbol): LinkSymbol[] {
    return this.follow(element, this.depthNext);
  }

  /** The largest product of (1 + retries) along a synchronous chain from the element. */
  retryProduct(element: ElementSymbol): number {
    return this.componentRetryProduct[this.syncComponents.component[element.id]!]!;
  }

  /** The links of the chain with the largest retry product, in order. */
  retryChain(element: ElementSymbol): LinkSymbol[] {
    return this.follow(element, this.retryNext);
  }

  private follow(element: ElementSymbol, next: Int32Array): LinkSymbol[] {
    const chain: LinkSymbol[] = [];
    let component = this.syncComponents.component[element.id]!;
    while (next[component]! >= 0) {
      const link = this.model.links[next[component]!]!;
      chain.push(link);
      component = this.syncComponents.component[link.to!.id]!;
    }
    return chain;
  }

  /** Whether the element is in a synchronous cycle. */
  inSyncCycle(element: ElementSymbol): boolean {
    return this.syncComponents.cyclic[this.syncComponents.component[element.id]!]!;
  }
}

export function computeFigures(model: Model): Figures {
  return new Figures(model);
}
