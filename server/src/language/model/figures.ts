// The figures of DESIGN section 2, computed from the model in linear time:
// cycles are condensed into components and every pass visits each link a
// bounded number of times. Composite availability is a per-element query
// (one traversal of what the element reaches), since "each element counted
// once" is a set over the reachable graph, not a sum that can be shared; so is
// the breakdown of a response time into its contributors.

import { Adjacency, Components, WorkCounter, stronglyConnectedComponents } from './graph';
import { CLASS_CHANNEL, CLASS_ENTRY, ELEMENT_PARALLEL, LINK_AWAITED, LINK_RESOLVED, LINK_SYNC, LINK_VALID, type ElementSymbol, type LinkSymbol, type Model } from './model';
import { keyBit } from './properties';

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

const ENTRY = 1;
const SERVICE_LIKE = 2;
const STORE = 4;
const CHANNEL = 8;
const PARALLEL = 16;
/** A channel with a `delay`, any other element with a `latency` (of any value). */
const HAS_OWN_LATENCY = 32;
/** By CLASS_* code. */
const CLASS_FLAG = [ENTRY, SERVICE_LIKE, STORE, CHANNEL];
const LATENCY_KEY = keyBit('latency');
const DELAY_KEY = keyBit('delay');

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
  /** Their ids, for passes that read figures by id and touch a chain start only when it matters. */
  readonly chainStartIds: Int32Array;
  /** Per sync component: service-like elements on its longest chain, and the first link of that chain. */
  private readonly componentDepth: Int32Array;
  private readonly depthNext: Int32Array;
  /** Per sync component: the largest product of (1 + retries) along a chain, and the first link of that chain. */
  private readonly componentRetryProduct: Float64Array;
  private readonly retryNext: Int32Array;
  private readonly visitMark: Int32Array;
  private visitGeneration = 0;
  /**
   * The properties the passes read, gathered once: an element's own latency (a channel's
   * delay), availability (NaN: none counted), flags; a valid link's latency and retries.
   * Reading them through the syntax tree in every pass would chase pointers per edge.
   */
  private readonly ownLatency: Float64Array;
  private readonly ownAvailability: Float64Array;
  private readonly elementFlags: Uint8Array;
  private readonly linkLatency: Float64Array;
  private readonly linkRetries: Float64Array;
  /** Per element, the edge of the wait graph R counts when it counts only the slowest (-1: none; -2: not computed yet). */
  private slowestEdge: Int32Array | undefined;
  private breakdownMark: Int32Array | undefined;
  private breakdownIndegree: Int32Array | undefined;
  private breakdownTimes: Float64Array | undefined;
  private breakdownGeneration = 0;

  /**
   * `carry`: the figures of the model before, when the two have the same elements and the
   * same valid links with the same facts (only the links' ids moved: `linkIds` maps an old
   * id to the new one). Then every figure is the same and is carried over, not recomputed.
   */
  constructor(
    readonly model: Model,
    carry?: { figures: Figures; linkIds: Int32Array },
  ) {
    const n = model.elements.length;
    const links = model.links;
    if (carry) {
      const before = carry.figures;
      const remap = (ids: Int32Array): Int32Array => ids.map((id) => (id < 0 ? id : carry.linkIds[id]!));
      this.ownLatency = before.ownLatency;
      this.ownAvailability = model.elementAvailability;
      this.elementFlags = before.elementFlags;
      this.linkLatency = new Float64Array(links.length);
      this.linkRetries = new Float64Array(links.length);
      this.linkColumns();
      this.syncGraph = { offsets: before.syncGraph.offsets, targets: before.syncGraph.targets, links: remap(before.syncGraph.links) };
      this.waitGraph = { offsets: before.waitGraph.offsets, targets: before.waitGraph.targets, links: remap(before.waitGraph.links) };
      this.syncComponents = before.syncComponents;
      this.waitComponents = before.waitComponents;
      this.responseTimes = before.responseTimes;
      this.userFacing = before.userFacing;
      this.chainStarts = before.chainStarts;
      this.chainStartIds = before.chainStartIds;
      this.componentDepth = before.componentDepth;
      this.depthNext = remap(before.depthNext);
      this.componentRetryProduct = before.componentRetryProduct;
      this.retryNext = remap(before.retryNext);
      this.slowestEdge = before.slowestEdge;
      this.visitMark = new Int32Array(n);
      return;
    }
    this.ownLatency = new Float64Array(n);
    this.ownAvailability = model.elementAvailability;
    this.elementFlags = new Uint8Array(n);
    const { elementClass, elementKeys, elementLatency, elementDelay } = model;
    for (let id = 0; id < n; id++) {
      let flags = CLASS_FLAG[elementClass[id]!]!;
      const channel = flags === CHANNEL;
      const own = channel ? elementDelay[id]! : elementLatency[id]!;
      this.ownLatency[id] = Number.isNaN(own) ? 0 : own;
      if ((elementKeys[id]! & (channel ? DELAY_KEY : LATENCY_KEY)) !== 0) flags |= HAS_OWN_LATENCY;
      if ((model.elementFlags[id]! & ELEMENT_PARALLEL) !== 0) flags |= PARALLEL;
      this.elementFlags[id] = flags;
    }
    this.linkLatency = new Float64Array(links.length);
    this.linkRetries = new Float64Array(links.length);
    // Which graph each valid link belongs to: 1 sync (and wait), 2 wait only.
    const membership = new Uint8Array(links.length);
    const syncDegree = new Int32Array(n);
    const waitDegree = new Int32Array(n);
    const syncIn = new Int32Array(n);
    let syncEdges = 0;
    let waitEdges = 0;
    const { linkFrom, linkTo, linkState } = model;
    for (let i = 0; i < links.length; i++) {
      const state = linkState[i]!;
      const to = linkTo[i]!;
      // No target, or a problem (known ends, not valid).
      if (to < 0 || (state & (LINK_RESOLVED | LINK_VALID)) === LINK_RESOLVED) continue;
      // Also for a link from an unknown element: linkCost answers for any link with a target.
      const latency = model.linkLatency[i]!;
      this.linkLatency[i] = Number.isNaN(latency) ? 0 : latency;
      const from = linkFrom[i]!;
      if (from < 0) continue;
      if ((state & LINK_SYNC) !== 0) {
        const retries = model.linkRetries[i]!;
        this.linkRetries[i] = Number.isNaN(retries) ? 0 : retries;
        membership[i] = 1;
        syncDegree[from]!++;
        syncIn[to]!++;
        syncEdges++;
      } else if ((state & LINK_AWAITED) !== 0 || (elementClass[from] === CLASS_CHANNEL && elementClass[to] !== CLASS_ENTRY)) {
        // An awaited hop, or a channel's consumer: what an awaited message waits for once it is in the channel.
        membership[i] = 2;
      } else continue;
      waitDegree[from]!++;
      waitEdges++;
    }
    this.syncGraph = fillAdjacency(model, membership, 1, syncDegree, syncEdges);
    this.waitGraph = fillAdjacency(model, membership, 2, waitDegree, waitEdges);
    this.syncComponents = stronglyConnectedComponents(n, this.syncGraph, this.counter);
    this.waitComponents = stronglyConnectedComponents(n, this.waitGraph, this.counter);
    this.responseTimes = this.computeResponseTimes();
    this.userFacing = this.computeUserFacing();
    const chainStarts: ElementSymbol[] = [];
    for (let id = 0; id < n; id++) if (syncIn[id] === 0) chainStarts.push(model.elements[id]!);
    this.chainStarts = chainStarts;
    this.chainStartIds = Int32Array.from(chainStarts, (element) => element.id);
    const components = this.syncComponents.count;
    this.componentDepth = new Int32Array(components);
    this.depthNext = new Int32Array(components).fill(-1);
    this.componentRetryProduct = new Float64Array(components);
    this.retryNext = new Int32Array(components).fill(-1);
    this.computeChains();
    this.visitMark = new Int32Array(n);
  }

  /** Each link's latency (for links with a target and no problem) and each valid synchronous link's retries, 0 when not given. */
  private linkColumns(): void {
    const { linkFrom, linkTo, linkState, linkLatency, linkRetries } = this.model;
    for (let i = 0; i < linkState.length; i++) {
      const state = linkState[i]!;
      if (linkTo[i]! < 0 || (state & (LINK_RESOLVED | LINK_VALID)) === LINK_RESOLVED) continue;
      const latency = linkLatency[i]!;
      this.linkLatency[i] = Number.isNaN(latency) ? 0 : latency;
      if (linkFrom[i]! >= 0 && (state & LINK_SYNC) !== 0) {
        const retries = linkRetries[i]!;
        this.linkRetries[i] = Number.isNaN(retries) ? 0 : retries;
      }
    }
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
    return Number.isNaN(target) ? undefined : this.linkLatency[link.id]! + target;
  }

  private computeResponseTimes(): Float64Array {
    const { model, waitGraph, waitComponents, counter, elementFlags, ownLatency, linkLatency } = this;
    const { offsets, targets, links } = waitGraph;
    const r = new Float64Array(model.elements.length);
    for (let c = 0; c < waitComponents.count; c++) {
      const members = waitComponents.members[c]!;
      if (waitComponents.cyclic[c]) {
        for (const member of members) r[member] = NaN;
        continue;
      }
      const id = members[0]!;
      const channel = (elementFlags[id]! & CHANNEL) !== 0;
      // A channel waits for its slowest consumer; a caller with `parallel: true` for its slowest call.
      const useMax = channel || (elementFlags[id]! & PARALLEL) !== 0;
      let downstream = 0;
      for (let e = offsets[id]!; e < offsets[id + 1]!; e++) {
        counter.edgeVisits++;
        const target = r[targets[e]!]!;
        const cost = channel ? target : linkLatency[links[e]!]! + target;
        downstream = useMax ? Math.max(downstream, cost) : downstream + cost;
      }
      r[id] = ownLatency[id]! + downstream;
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
    const { model, waitGraph, counter, elementFlags, ownLatency, linkLatency } = this;
    const { offsets, targets, links } = waitGraph;
    const n = model.elements.length;
    // Scratch arrays shared by every query, told apart by a generation number.
    const slowest = (this.slowestEdge ??= new Int32Array(n).fill(-2));
    const mark = (this.breakdownMark ??= new Int32Array(n));
    const indegree = (this.breakdownIndegree ??= new Int32Array(n));
    const times = (this.breakdownTimes ??= new Float64Array(n));
    const generation = ++this.breakdownGeneration;
    const isChannel = (id: number): boolean => (elementFlags[id]! & CHANNEL) !== 0;
    const edgeCost = (id: number, e: number): number => (isChannel(id) ? 0 : linkLatency[links[e]!]!) + this.responseTimes[targets[e]!]!;
    // The edges R(id) adds up, exactly as computeResponseTimes chose them: all of them, or only the slowest.
    const countsSlowest = (id: number): boolean => (elementFlags[id]! & (CHANNEL | PARALLEL)) !== 0;
    const slowestOf = (id: number): number => {
      let edge = slowest[id]!;
      if (edge !== -2) return edge;
      edge = -1;
      for (let e = offsets[id]!; e < offsets[id + 1]!; e++) {
        counter.edgeVisits++;
        if (edge < 0 || edgeCost(id, e) > edgeCost(id, edge)) edge = e;
      }
      slowest[id] = edge;
      return edge;
    };
    const reach = (id: number): void => {
      if (mark[id] !== generation) {
        mark[id] = generation;
        indegree[id] = 0;
        times[id] = 0;
        stack.push(id);
      }
      indegree[id]!++;
    };
    // In-degrees over the counted edges of the reachable part (acyclic: R is defined).
    mark[element.id] = generation;
    indegree[element.id] = 0;
    const stack = [element.id];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (countsSlowest(id)) {
        const e = slowestOf(id);
        if (e >= 0) {
          counter.edgeVisits++;
          reach(targets[e]!);
        }
      } else {
        for (let e = offsets[id]!; e < offsets[id + 1]!; e++) {
          counter.edgeVisits++;
          reach(targets[e]!);
        }
      }
    }
    times[element.id] = 1;
    const contributions: ResponseTimeContribution[] = [];
    let linkLatencyTotal = 0;
    const ready = [element.id];
    const visit = (id: number, e: number, count: number): void => {
      counter.edgeVisits++;
      const next = targets[e]!;
      if (!isChannel(id)) linkLatencyTotal += linkLatency[links[e]!]! * count;
      times[next] = times[next]! + count;
      if (--indegree[next]! === 0) ready.push(next);
    };
    for (let head = 0; head < ready.length; head++) {
      const id = ready[head]!;
      const count = times[id]!;
      const ms = ownLatency[id]! * count;
      if (ms > 0) contributions.push({ element: model.elements[id]!, ms, times: count });
      if (countsSlowest(id)) {
        const e = slowestOf(id);
        if (e >= 0) visit(id, e, count);
      } else {
        for (let e = offsets[id]!; e < offsets[id + 1]!; e++) visit(id, e, count);
      }
    }
    contributions.sort((a, b) => b.ms - a.ms || a.element.id - b.element.id);
    return { total, contributions, linkLatency: linkLatencyTotal };
  }

  /**
   * Elements counted in R(element) without a latency (channels: without a delay).
   * One traversal of what the element waits for.
   */
  missingLatencies(element: ElementSymbol): ElementSymbol[] {
    const missing: ElementSymbol[] = [];
    const flags = this.elementFlags;
    this.traverse(element.id, this.waitGraph, (id) => {
      const reached = flags[id]!;
      if ((reached & ENTRY) !== 0) return;
      if ((reached & CHANNEL) !== 0 && id === element.id) return;
      if ((reached & HAS_OWN_LATENCY) === 0) missing.push(this.model.elements[id]!);
    });
    return missing;
  }

  // ---- availability --------------------------------------------------------

  /** A(n): the product of the own availabilities of n and of everything it reaches synchronously, each once. */
  availability(element: ElementSymbol): AvailabilityFigure {
    let value = 1;
    const counted: ElementSymbol[] = [];
    const availability = this.ownAvailability;
    this.traverse(element.id, this.syncGraph, (id) => {
      const own = availability[id]!;
      // NaN (no availability) fails the comparison: it counts as 100%.
      if (own < 100) {
        value *= own / 100;
        counted.push(this.model.elements[id]!);
      }
    });
    counted.sort((a, b) => availability[a.id]! - availability[b.id]! || a.id - b.id);
    return { value, weakest: counted.slice(0, 3) };
  }

  /** Visits every node reachable from `start` (itself included) once. */
  private traverse(start: number, graph: Adjacency, visit: (id: number) => void): void {
    const generation = ++this.visitGeneration;
    const mark = this.visitMark;
    const { offsets, targets } = graph;
    const counter = this.counter;
    const stack = [start];
    mark[start] = generation;
    while (stack.length > 0) {
      const id = stack.pop()!;
      visit(id);
      for (let e = offsets[id]!; e < offsets[id + 1]!; e++) {
        counter.edgeVisits++;
        const next = targets[e]!;
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
    for (let id = 0; id < seen.length; id++) {
      if ((this.elementFlags[id]! & ENTRY) !== 0) {
        seen[id] = 1;
        queue.push(id);
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
    const { syncGraph, syncComponents, counter, elementFlags, linkRetries, componentDepth, componentRetryProduct } = this;
    const { offsets, targets, links } = syncGraph;
    const { component } = syncComponents;
    for (let c = 0; c < syncComponents.count; c++) {
      let weight = 0;
      let bestDepth = 0;
      let bestDepthLink = -1;
      let bestProduct = 1;
      let bestProductLink = -1;
      for (const id of syncComponents.members[c]!) {
        if ((elementFlags[id]! & SERVICE_LIKE) !== 0) weight++;
        for (let e = offsets[id]!; e < offsets[id + 1]!; e++) {
          counter.edgeVisits++;
          const target = component[targets[e]!]!;
          if (target === c) continue;
          const link = links[e]!;
          const depth = componentDepth[target]!;
          if (depth > bestDepth || (bestDepthLink < 0 && depth === bestDepth)) {
            bestDepth = depth;
            bestDepthLink = link;
          }
          const product = (1 + linkRetries[link]!) * componentRetryProduct[target]!;
          if (product > bestProduct || (bestProductLink < 0 && product === bestProduct && product > 1)) {
            bestProduct = product;
            bestProductLink = link;
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
  /** syncDepth of the element with this id. */
  syncDepthOf(id: number): number {
    return this.componentDepth[this.syncComponents.component[id]!]!;
  }

  /** The first link of longestChain(element), without the rest. */
  longestChainStart(element: ElementSymbol): LinkSymbol | undefined {
    const next = this.depthNext[this.syncComponents.component[element.id]!]!;
    return next >= 0 ? this.model.links[next] : undefined;
  }

  /** retryProduct of the element with this id. */
  retryProductOf(id: number): number {
    return this.componentRetryProduct[this.syncComponents.component[id]!]!;
  }

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

/**
 * The compressed adjacency of the links whose membership is `graph` (sync links belong to
 * both graphs), edges of a node in link order; `degree` counts them per source.
 */
function fillAdjacency(model: Model, membership: Uint8Array, graph: 1 | 2, degree: Int32Array, edgeCount: number): Adjacency {
  const n = degree.length;
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i]! + degree[i]!;
  const fill = offsets.slice(0, n);
  const targets = new Int32Array(edgeCount);
  const linkIds = new Int32Array(edgeCount);
  const { linkFrom, linkTo } = model;
  for (let i = 0; i < membership.length; i++) {
    const member = membership[i]!;
    if (member === 0 || (graph === 1 && member !== 1)) continue;
    const at = fill[linkFrom[i]!]!++;
    targets[at] = linkTo[i]!;
    linkIds[at] = i;
  }
  return { offsets, targets, links: linkIds };
}

export function computeFigures(model: Model): Figures {
  return new Figures(model);
}
