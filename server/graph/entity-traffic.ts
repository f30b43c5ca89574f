// One hop of the graph around an app, workload or service, for its Traffic tab and its neighbours graph (pure). The
// graph's own queries and builder, narrowed to the series the entity is in: every series of an edge that touches the
// entity names the entity on one side, so those edges add up from exactly the series the graph page adds them up
// from, and their figures are the graph page's to the digit. What this costs instead of a whole graph is the
// narrower filter: Prometheus sums the entity's series, not the namespace's or the mesh's.
import type { GraphEdge, GraphNode, GraphType } from '../../lib/api/graph.js';
import type { EntityRef } from '../../lib/api/entity-ref.js';
import type { EntityTrafficResponse } from '../../lib/api/entity-traffic.js';
import { promString } from '../sources/prometheus.js';
import type { BuiltGraph } from './build-graph.js';

/** How the graph is drawn around each kind of entity, so that the entity is one node (a service: its own node). */
export interface EntityGraphSettings {
  graphType: GraphType;
  injectServiceNodes: boolean;
}

export function entityGraphSettings(resource: EntityRef['resource']): EntityGraphSettings {
  switch (resource) {
    // Callers and callees as apps and workloads, with no service node in between: the peer is who answered.
    case 'apps':
      return { graphType: 'app', injectServiceNodes: false };
    case 'workloads':
      return { graphType: 'workload', injectServiceNodes: false };
    // A service is its own node only when injected; behind it, its workloads by version (the graph page's default).
    case 'services':
      return { graphType: 'versionedApp', injectServiceNodes: true };
  }
}

/**
 * The label filters (for GraphQueryInput.filters) of the series an entity is in: sent or received by its workloads,
 * or aimed at the service. The graph names an app by its canonical service (istio-series.ts), so the filter does too.
 */
export function entityFilters(entity: EntityRef): string[] {
  const ns = promString(entity.namespace);
  const name = promString(entity.name);
  switch (entity.resource) {
    case 'apps':
      return [
        `,source_workload_namespace=${ns},source_canonical_service=${name}`,
        `,destination_workload_namespace=${ns},destination_canonical_service=${name}`,
      ];
    case 'workloads':
      return [
        `,source_workload_namespace=${ns},source_workload=${name}`,
        `,destination_workload_namespace=${ns},destination_workload=${name}`,
      ];
    case 'services':
      return [`,destination_service_namespace=${ns},destination_service_name=${name}`];
  }
}

/** Is this node the entity (in any cluster: the same app in two clusters is one app)? */
function isEntityNode(node: GraphNode, entity: EntityRef): boolean {
  if (node.namespace !== entity.namespace) return false;
  switch (entity.resource) {
    case 'apps':
      return node.nodeType === 'app' && node.app === entity.name;
    case 'workloads':
      return node.nodeType === 'workload' && node.workload === entity.name;
    case 'services':
      return node.nodeType === 'service' && node.service === entity.name;
  }
}

const byRate = (a: GraphEdge, b: GraphEdge) => b.rps - a.rps || (b.bps ?? 0) - (a.bps ?? 0) || a.id.localeCompare(b.id);

/**
 * The entity's inbound and outbound edges and the nodes at their ends, from a graph built of the entity's series. An
 * edge from the entity to itself is both. Busiest first.
 */
export function oneHop(
  graph: BuiltGraph,
  entity: EntityRef,
): Pick<EntityTrafficResponse, 'entityNodes' | 'nodes' | 'inbound' | 'outbound'> {
  const entityNodes = new Set(graph.nodes.filter((n) => isEntityNode(n, entity)).map((n) => n.id));
  const inbound = graph.edges.filter((e) => entityNodes.has(e.target)).sort(byRate);
  const outbound = graph.edges.filter((e) => entityNodes.has(e.source)).sort(byRate);
  const shown = new Set(entityNodes);
  for (const e of [...inbound, ...outbound]) {
    shown.add(e.source);
    shown.add(e.target);
  }
  return {
    entityNodes: [...entityNodes],
    nodes: graph.nodes.filter((n) => shown.has(n.id)),
    inbound,
    outbound,
  };
}
