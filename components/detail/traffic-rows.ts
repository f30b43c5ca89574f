// The Traffic tab's rows (pure): each edge of the entity's one hop with the peer at its other end, the peer's page,
// and the link that opens the graph drawn as the edge was cut from, with the edge selected.
import type { EntityTrafficResponse } from '../../lib/api/entity-traffic.js';
import type { GraphEdge, GraphNode } from '../../lib/api/graph.js';
import { edgeHealthClass } from '../graph/model/graph-elements';
import { nodeName, nodeTypeName } from '../graph/model/graph-labels';
import { entityPath, istioObjectPath } from '../ui/entity-link';

export type EdgeHealth = 'Healthy' | 'Degraded' | 'Failure' | 'Idle' | 'TCP';

export interface TrafficRow {
  edge: GraphEdge;
  peer: GraphNode | undefined;
  peerName: string;
  peerKind: string;
  /** The peer's own page; null for what has none (an unknown caller, a host outside the registry). */
  peerPath: string | null;
  health: EdgeHealth;
  graphPath: string;
}

// The graph page's colour of an edge (Kiali's thresholds, graph-elements.ts), in words.
const HEALTH_WORDS: Record<string, EdgeHealth> = {
  healthy: 'Healthy',
  degraded: 'Degraded',
  failure: 'Failure',
  idle: 'Idle',
  tcp: 'TCP',
};

/** Worst first, for sorting the health column. */
export const EDGE_HEALTH_RANK: Record<EdgeHealth, number> = { Failure: 0, Degraded: 1, Healthy: 2, TCP: 3, Idle: 4 };

// Service nodes that stand for no Service: Envoy's egress clusters, and requests that named no service.
const NOT_SERVICES = new Set(['PassthroughCluster', 'BlackHoleCluster', 'unknown']);

/** The page of a graph node: apps (any version), workloads, services, ServiceEntries. */
export function nodePath(node: GraphNode): string | null {
  if (node.nodeType === 'app' && node.app) return entityPath(node.namespace, 'applications', node.app);
  if (node.nodeType === 'workload' && node.workload) return entityPath(node.namespace, 'workloads', node.workload);
  if (node.nodeType === 'serviceEntry' && node.service)
    return istioObjectPath({ namespace: node.namespace, kind: 'ServiceEntry', name: node.service });
  // A service node names a Service of the registry unless it carries hosts (a host outside the registry).
  if (node.nodeType === 'service' && node.service && !node.hosts && !NOT_SERVICES.has(node.service))
    return entityPath(node.namespace, 'services', node.service);
  return null;
}

/** The graph page as the one hop was cut from it, with this element (edge or node) selected. */
export function graphPath(
  traffic: Pick<EntityTrafficResponse, 'graphType' | 'injectServiceNodes'>,
  namespace: string,
  select: string,
): string {
  const params = new URLSearchParams({ namespaces: namespace, graphType: traffic.graphType });
  if (!traffic.injectServiceNodes) params.set('injectServiceNodes', 'false');
  params.set('select', select);
  return `/graph?${params.toString()}`;
}

export function trafficRows(
  traffic: EntityTrafficResponse,
  namespace: string,
  direction: 'inbound' | 'outbound',
): TrafficRow[] {
  const nodes = new Map(traffic.nodes.map((n) => [n.id, n]));
  return traffic[direction].map((edge) => {
    const peer = nodes.get(direction === 'inbound' ? edge.source : edge.target);
    return {
      edge,
      peer,
      peerName: peer ? nodeName(peer) : direction === 'inbound' ? edge.source : edge.target,
      peerKind: peer ? nodeTypeName(peer) : '',
      peerPath: peer ? nodePath(peer) : null,
      health: HEALTH_WORDS[edgeHealthClass(edge)] ?? 'Idle',
      graphPath: graphPath(traffic, namespace, edge.id),
    };
  });
}
