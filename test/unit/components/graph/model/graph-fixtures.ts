// Small graph elements for the graph helpers' unit tests: only what a test names differs from a healthy default.
import type { GraphEdge, GraphNode } from '../../../../../lib/api/graph.js';

export function node(overrides: Partial<GraphNode> & { id: string }): GraphNode {
  return {
    nodeType: 'app',
    cluster: 'Kubernetes',
    namespace: 'demo',
    hasSidecar: true,
    health: { status: 'Healthy', requests: null },
    badges: [],
    traffic: { inbound: { rps: 0, errorRatio: 0, bps: 0 }, outbound: { rps: 0, errorRatio: 0, bps: 0 } },
    ...overrides,
  };
}

export function edge(overrides: Partial<GraphEdge> & { source: string; target: string }): GraphEdge {
  return {
    id: `${overrides.source}->${overrides.target}`,
    protocol: 'http',
    rps: 1,
    share: 1,
    errorRatio: 0,
    http4xxRatio: 0,
    http5xxRatio: 0,
    mtlsRatio: 1,
    tls: 'mutual',
    responseCodes: {},
    ...overrides,
  };
}
