// Which graph node each end of a series belongs to, per graph type (Kiali's rules, istio-metrics.md §3.3). Node ids
// are readable and parseable (`vapp:demo:sa-logic:v2`, or `vapp@east:demo:sa-logic:v2` outside the default cluster),
// so the side panel can turn one back into a query.
import { DEFAULT_CLUSTER, type GraphType } from '../../lib/api/graph.js';
import type { SeriesService, SeriesSide } from './istio-series.js';
import { hostMatches } from '../validation/hosts.js';

export type NodeKind = 'app' | 'workload' | 'service' | 'serviceEntry' | 'unknown' | 'aggregate';

export interface NodeIdentity {
  id: string;
  nodeType: NodeKind;
  cluster: string;
  namespace: string;
  app?: string;
  version?: string;
  workload?: string;
  service?: string;
  hosts?: string[];
  aggregate?: string;
  aggregateValue?: string;
}

/** A ServiceEntry the series' host can belong to. */
export interface ServiceEntryRef {
  namespace: string;
  name: string;
  hosts: string[];
  location: 'MESH_EXTERNAL' | 'MESH_INTERNAL';
}

export const PASSTHROUGH = 'PassthroughCluster';
export const BLACKHOLE = 'BlackHoleCluster';

// Names rarely hold ':' or '%'; testing first spares the replace's garbage for the thousands that don't. '>' separates
// the ends of an edge id: Kubernetes names never hold it, but an operation (a URL path, a literal) may.
const RESERVED = /[:%>]/;
const RESERVED_ALL = /[:%>]/g;
const part = (s: string) => (RESERVED.test(s) ? s.replace(RESERVED_ALL, (c) => encodeURIComponent(c)) : s);

export function nodeId(kind: string, cluster: string, ...parts: string[]): string {
  let id = cluster === DEFAULT_CLUSTER ? kind : `${kind}@${part(cluster)}`;
  for (const p of parts) id += `:${part(p)}`;
  return id;
}

/** The inverse of nodeId: the kind, the cluster and the decoded parts. */
export function parseNodeId(id: string): { kind: string; cluster: string; parts: string[] } {
  const [head = '', ...parts] = id.split(':');
  const [kind = '', cluster] = head.split('@');
  return {
    kind,
    cluster: cluster ? decodeURIComponent(cluster) : DEFAULT_CLUSTER,
    parts: parts.map((p) => decodeURIComponent(p)),
  };
}

/** The namespace a node id names (every kind but `unknown` names one first); null for the unknown caller. */
export function namespaceOfNodeId(id: string): string | null {
  const { kind, parts } = parseNodeId(id);
  return kind === 'unknown' ? null : (parts[0] ?? null);
}

export function unknownSource(cluster: string): NodeIdentity {
  return { id: nodeId('unknown', cluster), nodeType: 'unknown', cluster, namespace: 'unknown' };
}

export function serviceNode(cluster: string, namespace: string, name: string): NodeIdentity {
  return { id: nodeId('svc', cluster, namespace, name), nodeType: 'service', cluster, namespace, service: name };
}

export const OPERATION_LABEL = 'request_operation';

/**
 * Kiali's operation node: the requests of one request_operation value to one service, drawn between the callers and
 * the service. Per service, not per namespace, so that two services' "/health" stay apart.
 */
export function operationNode(cluster: string, namespace: string, service: string, operation: string): NodeIdentity {
  return {
    id: nodeId('op', cluster, namespace, service, operation),
    nodeType: 'aggregate',
    cluster,
    namespace,
    service,
    aggregate: OPERATION_LABEL,
    aggregateValue: operation,
  };
}

/** The node of a known workload in the given graph type (service graphs start from workloads, then collapse). */
export function workloadSideNode(side: SeriesSide, graphType: GraphType): NodeIdentity {
  const { cluster } = side;
  const namespace = side.namespace!;
  const workload = side.workload!;
  const app = side.app ?? workload;
  if (graphType === 'app')
    return { id: nodeId('app', cluster, namespace, app), nodeType: 'app', cluster, namespace, app };
  if (graphType === 'versionedApp') {
    const version = side.version ?? 'latest';
    return {
      id: nodeId('vapp', cluster, namespace, app, version),
      nodeType: 'app',
      cluster,
      namespace,
      app,
      version,
    };
  }
  const node: NodeIdentity = {
    id: nodeId('wl', cluster, namespace, workload),
    nodeType: 'workload',
    cluster,
    namespace,
    workload,
    app,
  };
  if (side.version) node.version = side.version;
  return node;
}

export function sourceNode(side: SeriesSide, graphType: GraphType): NodeIdentity {
  if (!side.workload || !side.namespace) return unknownSource(side.cluster);
  return workloadSideNode(side, graphType);
}

export function findServiceEntry(
  host: string | null,
  entries: readonly ServiceEntryRef[],
): ServiceEntryRef | undefined {
  if (!host) return undefined;
  return entries.find((e) => e.hosts.some((h) => hostMatches(h, host)));
}

/**
 * The node a request was aimed at when no workload answered it, or when the destination is a service by nature: a
 * ServiceEntry, the passthrough or blackhole cluster, a service that has no workload behind it, or the one
 * "unknown" service of the caller's namespace.
 */
export function serviceSideNode(
  service: SeriesService,
  source: SeriesSide,
  entries: readonly ServiceEntryRef[],
): NodeIdentity {
  const cluster = source.cluster;
  const entry = findServiceEntry(service.host, entries);
  if (entry) {
    return {
      id: nodeId('se', cluster, entry.namespace, entry.name),
      nodeType: 'serviceEntry',
      cluster,
      namespace: entry.namespace,
      service: entry.name,
      hosts: entry.hosts,
    };
  }
  const name = service.name;
  if (name === PASSTHROUGH || name === BLACKHOLE) return serviceNode(cluster, source.namespace ?? 'unknown', name);
  if (name && service.namespace) return serviceNode(cluster, service.namespace, name);
  // A host outside the registry: one node per host, in the caller's namespace.
  if (service.host) {
    const node = serviceNode(cluster, source.namespace ?? 'unknown', service.host);
    node.hosts = [service.host];
    return node;
  }
  return serviceNode(cluster, source.namespace ?? 'unknown', 'unknown');
}

export function destinationNode(
  destination: SeriesSide,
  service: SeriesService,
  source: SeriesSide,
  graphType: GraphType,
  entries: readonly ServiceEntryRef[],
): NodeIdentity {
  if (destination.workload && destination.namespace) return workloadSideNode(destination, graphType);
  return serviceSideNode(service, source, entries);
}
