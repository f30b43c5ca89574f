import type { GraphEdge } from '../../../lib/api/graph.js';

// The "path" view: everything upstream (who calls it, transitively) and downstream (whom it calls) of a selection.

export interface PathSet {
  nodes: Set<string>;
  edges: Set<string>;
}

function index(edges: GraphEdge[], key: 'source' | 'target'): Map<string, GraphEdge[]> {
  const byNode = new Map<string, GraphEdge[]>();
  for (const edge of edges) {
    const list = byNode.get(edge[key]);
    if (list) list.push(edge);
    else byNode.set(edge[key], [edge]);
  }
  return byNode;
}

function walk(start: string, next: Map<string, GraphEdge[]>, follow: 'source' | 'target', into: PathSet) {
  const seen = new Set([start]);
  const queue = [start];
  while (queue.length > 0) {
    const id = queue.pop()!;
    into.nodes.add(id);
    for (const edge of next.get(id) ?? []) {
      into.edges.add(edge.id);
      const other = edge[follow];
      if (!seen.has(other)) {
        seen.add(other);
        queue.push(other);
      }
    }
  }
}

/** The nodes and edges on any path through the selected node, or through the selected edge. */
export function pathThrough(edges: GraphEdge[], selected: { node: string } | { edge: GraphEdge }): PathSet {
  const outgoing = index(edges, 'source');
  const incoming = index(edges, 'target');
  const set: PathSet = { nodes: new Set(), edges: new Set() };
  if ('node' in selected) {
    walk(selected.node, outgoing, 'target', set);
    walk(selected.node, incoming, 'source', set);
  } else {
    set.edges.add(selected.edge.id);
    walk(selected.edge.target, outgoing, 'target', set);
    walk(selected.edge.source, incoming, 'source', set);
  }
  return set;
}
