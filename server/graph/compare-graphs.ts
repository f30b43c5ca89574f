// Two windows of the same graph: each current edge gets the earlier window's figures (null when it is new), and the
// edges that carried traffic before but not now are returned as removed.
import type { GraphResponse } from '../../lib/api/graph.js';
import type { BuiltGraph } from './build-graph.js';

export function compareGraphs(current: BuiltGraph, earlier: BuiltGraph): NonNullable<GraphResponse['removedEdges']> {
  const before = new Map(earlier.edges.map((e) => [e.id, e]));
  for (const edge of current.edges) {
    const then = before.get(edge.id);
    edge.compare = then ? { rps: then.rps, errorRatio: then.errorRatio } : null;
    before.delete(edge.id);
  }
  const known = new Set(current.nodes.map((n) => n.id));
  const removed = [...before.values()];
  // A removed edge may lead to a node that is gone too: bring it back so the edge has both ends.
  for (const n of earlier.nodes)
    if (!known.has(n.id) && removed.some((e) => e.source === n.id || e.target === n.id)) {
      current.nodes.push({ ...n, badges: [...n.badges, 'idle'] });
      known.add(n.id);
    }
  return removed.map((e) => ({ id: e.id, source: e.source, target: e.target, rps: e.rps }));
}
