// Graph layouts as pure functions of the topology, so they run in a Web Worker (components/graph/layout-worker.ts)
// and in unit tests alike. Positions are cytoscape model coordinates of node centres; flow goes left to right.

export interface LayoutNode {
  id: string;
  width: number;
  height: number;
  /** The compound (app box) the node sits in. */
  parent?: string;
}

export interface LayoutInput {
  nodes: LayoutNode[];
  edges: { source: string; target: string }[];
}

export type Positions = Record<string, { x: number; y: number }>;

const RANK_GAP = 180;
const NODE_GAP = 70;

/**
 * A layered layout in O(V + E) plus one sort per rank: ranks by longest path from the roots (Kahn's order; nodes on a
 * cycle take the rank after their ranked callers), then each rank ordered by its callers' mean position. Used above the
 * size where dagre's crossing minimisation takes seconds. Tall ranks wrap into several columns so 1,000 leaves do
 * not become one 70,000-pixel column.
 */
export function layeredLayout({ nodes, edges }: LayoutInput): Positions {
  const indexOf = new Map<string, number>();
  nodes.forEach((n, i) => indexOf.set(n.id, i));
  const outgoing: number[][] = nodes.map(() => []);
  const incoming: number[][] = nodes.map(() => []);
  const indegree = new Int32Array(nodes.length);
  for (const e of edges) {
    const s = indexOf.get(e.source);
    const t = indexOf.get(e.target);
    if (s === undefined || t === undefined || s === t) continue;
    outgoing[s]!.push(t);
    incoming[t]!.push(s);
    indegree[t]!++;
  }
  const rank = new Int32Array(nodes.length).fill(-1);
  const queue: number[] = [];
  const queued = new Uint8Array(nodes.length);
  const enqueue = (i: number) => {
    queue.push(i);
    queued[i] = 1;
  };
  for (let i = 0; i < nodes.length; i++) {
    if (indegree[i] === 0) {
      rank[i] = 0;
      enqueue(i);
    }
  }
  const place = (from: number) => {
    for (let head = from; head < queue.length; head++) {
      const i = queue[head]!;
      for (const t of outgoing[i]!) {
        rank[t] = Math.max(rank[t]!, rank[i]! + 1);
        if (--indegree[t]! === 0) enqueue(t);
      }
    }
  };
  place(0);
  // Cycles: a node never reached keeps rank -1; give it the rank after its ranked callers and carry on from it.
  for (let i = 0; i < nodes.length; i++) {
    if (queued[i]) continue;
    let r = 0;
    for (const s of incoming[i]!) if (rank[s]! >= 0) r = Math.max(r, rank[s]! + 1);
    rank[i] = r;
    indegree[i] = 0;
    const from = queue.length;
    enqueue(i);
    place(from);
  }

  const ranks: number[][] = [];
  for (let i = 0; i < nodes.length; i++) (ranks[rank[i]!] ??= []).push(i);
  const order = new Float64Array(nodes.length);
  const perColumn = Math.max(12, Math.ceil(Math.sqrt(nodes.length) * 1.5));
  const positions: Positions = {};
  let x = 0;
  for (const members of ranks) {
    if (!members) continue;
    const key = (i: number) => {
      const callers = incoming[i]!;
      if (callers.length === 0) return Number.MAX_SAFE_INTEGER;
      let sum = 0;
      for (const s of callers) sum += order[s]!;
      return sum / callers.length;
    };
    const keys = new Map(members.map((i) => [i, key(i)]));
    members.sort(
      (a, b) =>
        keys.get(a)! - keys.get(b)! ||
        (nodes[a]!.parent ?? '').localeCompare(nodes[b]!.parent ?? '') ||
        nodes[a]!.id.localeCompare(nodes[b]!.id),
    );
    const columns = Math.ceil(members.length / perColumn);
    const rows = Math.ceil(members.length / columns);
    members.forEach((i, k) => {
      order[i] = k / members.length;
      const column = Math.floor(k / rows);
      const row = k % rows;
      positions[nodes[i]!.id] = { x: x + column * (RANK_GAP / 2), y: (row - (rows - 1) / 2) * NODE_GAP };
    });
    x += RANK_GAP + (columns - 1) * (RANK_GAP / 2);
  }
  return positions;
}

/**
 * Keeps the nodes that were already drawn where they are and places the new ones where the fresh layout put them,
 * shifted by how far the fresh layout moved the kept ones on average, so a refresh never rearranges the graph. A new
 * node that would land on another one moves down until it has room (a grid of occupied cells keeps this linear).
 */
export function placeNewNodes(previous: Positions, fresh: Positions): Positions {
  let dx = 0;
  let dy = 0;
  let kept = 0;
  for (const [id, p] of Object.entries(fresh)) {
    const old = previous[id];
    if (!old) continue;
    dx += old.x - p.x;
    dy += old.y - p.y;
    kept++;
  }
  if (kept === 0) return fresh;
  dx /= kept;
  dy /= kept;
  const cell = (x: number, y: number) => `${Math.round(x / (NODE_GAP * 0.8))},${Math.round(y / (NODE_GAP * 0.8))}`;
  const occupied = new Set<string>();
  const out: Positions = {};
  for (const id of Object.keys(fresh)) {
    const old = previous[id];
    if (!old) continue;
    out[id] = old;
    occupied.add(cell(old.x, old.y));
  }
  for (const [id, p] of Object.entries(fresh)) {
    if (out[id]) continue;
    const x = p.x + dx;
    let y = p.y + dy;
    for (let tries = 0; occupied.has(cell(x, y)) && tries < 1000; tries++) y += NODE_GAP;
    out[id] = { x, y };
    occupied.add(cell(x, y));
  }
  return out;
}
