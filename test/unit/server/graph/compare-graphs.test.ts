import { describe, expect, it } from 'vitest';
import type { GraphEdge, GraphNode } from '../../../../lib/api/graph.js';
import { compareGraphs } from '../../../../server/graph/compare-graphs.js';

const node = (id: string): GraphNode => ({
  id,
  nodeType: 'workload',
  cluster: 'Kubernetes',
  namespace: 'demo',
  hasSidecar: true,
  health: null,
  badges: [],
  traffic: { inbound: { rps: 0, errorRatio: 0, bps: 0 }, outbound: { rps: 0, errorRatio: 0, bps: 0 } },
});
const edge = (source: string, target: string, rps: number, errorRatio = 0): GraphEdge => ({
  id: `${source}>${target}>http`,
  source,
  target,
  protocol: 'http',
  rps,
  share: 1,
  errorRatio,
  http4xxRatio: 0,
  http5xxRatio: errorRatio,
  mtlsRatio: 1,
  tls: 'mutual',
  responseCodes: {},
});

describe('comparing two windows of a graph', () => {
  it('gives kept edges their earlier figures, marks new ones, and returns the removed ones with their ends', () => {
    const current = { nodes: [node('a'), node('b'), node('c')], edges: [edge('a', 'b', 10, 0.2), edge('a', 'c', 3)] };
    const earlier = { nodes: [node('a'), node('b'), node('d')], edges: [edge('a', 'b', 8, 0), edge('a', 'd', 5)] };
    const removed = compareGraphs(current, earlier);
    expect(current.edges[0]!.compare).toEqual({ rps: 8, errorRatio: 0 });
    expect(current.edges[1]!.compare).toBeNull();
    expect(removed).toEqual([{ id: 'a>d>http', source: 'a', target: 'd', rps: 5 }]);
    // d carried traffic only before: it is drawn again, idle, so the removed edge has both ends.
    expect(current.nodes.find((n) => n.id === 'd')!.badges).toEqual(['idle']);
  });
});
