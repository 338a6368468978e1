// Graph algorithms on flat arrays: compressed adjacency and Tarjan's strongly
// connected components, iterative so that deep chains cannot overflow the stack.
// Every pass counts the edges it visits, so tests can assert linear work.

export interface WorkCounter {
  edgeVisits: number;
}

/** Adjacency in compressed-row form: the edges of node n are offsets[n]..offsets[n+1]. */
export interface Adjacency {
  offsets: Int32Array;
  targets: Int32Array;
  /** The link each edge comes from. */
  links: Int32Array;
}

export function buildAdjacency(nodeCount: number, edges: readonly { from: number; to: number; link: number }[]): Adjacency {
  const offsets = new Int32Array(nodeCount + 1);
  for (const edge of edges) offsets[edge.from + 1]!++;
  for (let i = 0; i < nodeCount; i++) offsets[i + 1]! += offsets[i]!;
  const fill = offsets.slice(0, nodeCount);
  const targets = new Int32Array(edges.length);
  const links = new Int32Array(edges.length);
  for (const edge of edges) {
    const at = fill[edge.from]!++;
    targets[at] = edge.to;
    links[at] = edge.link;
  }
  return { offsets, targets, links };
}

export interface Components {
  /** Component of each node. Components are numbered so that every edge goes from a higher or equal number to a lower or equal one: dependencies first. */
  component: Int32Array;
  count: number;
  /** Members of each component. */
  members: number[][];
  /** A component with more than one member (self-links are never in the graph). */
  cyclic: boolean[];
}

export function stronglyConnectedComponents(nodeCount: number, graph: Adjacency, counter: WorkCounter): Components {
  const index = new Int32Array(nodeCount).fill(-1);
  const lowlink = new Int32Array(nodeCount);
  const onStack = new Uint8Array(nodeCount);
  const component = new Int32Array(nodeCount).fill(-1);
  const stack: number[] = [];
  const members: number[][] = [];
  // The explicit call stack: a node and the next edge to look at.
  const callNode = new Int32Array(nodeCount);
  const callEdge = new Int32Array(nodeCount);
  let nextIndex = 0;

  for (let root = 0; root < nodeCount; root++) {
    if (index[root] !== -1) continue;
    let depth = 0;
    callNode[0] = root;
    callEdge[0] = graph.offsets[root]!;
    index[root] = lowlink[root] = nextIndex++;
    stack.push(root);
    onStack[root] = 1;
    while (depth >= 0) {
      const node = callNode[depth]!;
      const edge = callEdge[depth]!;
      if (edge < graph.offsets[node + 1]!) {
        callEdge[depth] = edge + 1;
        counter.edgeVisits++;
        const next = graph.targets[edge]!;
        if (index[next] === -1) {
          index[next] = lowlink[next] = nextIndex++;
          stack.push(next);
          onStack[next] = 1;
          depth++;
          callNode[depth] = next;
          callEdge[depth] = graph.offsets[next]!;
        } else if (onStack[next] && index[next]! < lowlink[node]!) {
          lowlink[node] = index[next]!;
        }
        continue;
      }
      if (lowlink[node] === index[node]) {
        const id = members.length;
        if (stack[stack.length - 1] === node) {
          // A component of one: most of them. An array literal holds exactly one entry.
          stack.pop();
          onStack[node] = 0;
          component[node] = id;
          members.push([node]);
        } else {
          const group: number[] = [];
          let member: number;
          do {
            member = stack.pop()!;
            onStack[member] = 0;
            component[member] = id;
            group.push(member);
          } while (member !== node);
          members.push(group.slice());
        }
      }
      depth--;
      if (depth >= 0) {
        const parent = callNode[depth]!;
        if (lowlink[node]! < lowlink[parent]!) lowlink[parent] = lowlink[node]!;
      }
    }
  }
  return { component, count: members.length, members, cyclic: members.map((group) => group.length > 1) };
}
