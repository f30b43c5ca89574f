// One Prometheus sample of Istio's standard metrics, read into the parts the graph needs. "unknown" is Istio's word
// for a missing value, so it becomes null here and never a name.
import { DEFAULT_CLUSTER } from '../../lib/api/graph.js';

export interface SeriesSide {
  cluster: string;
  namespace: string | null;
  workload: string | null;
  /** Canonical service: what Kiali calls the app. */
  app: string | null;
  /** Canonical revision: the version. */
  version: string | null;
}

export interface SeriesService {
  namespace: string | null;
  /** Short name; PassthroughCluster / BlackHoleCluster for egress outside the registry. */
  name: string | null;
  /** The host the request was routed for. */
  host: string | null;
}

/** Who an edge's series connect, read from the first sample of the edge (the same for all of them). */
export interface IstioSeries {
  source: SeriesSide;
  destination: SeriesSide;
  service: SeriesService;
  protocol: 'http' | 'grpc' | 'tcp';
}

const known = (v: string | undefined): string | null => (v === undefined || v === '' || v === 'unknown' ? null : v);

// The five labels of one side, read by constant names (see sameEdge).
function side(
  cluster: string | undefined,
  namespace: string | undefined,
  workloadLabel: string | undefined,
  canonicalService: string | undefined,
  canonicalRevision: string | undefined,
  fallbackCluster: string,
): SeriesSide {
  const workload = known(workloadLabel);
  return {
    cluster: known(cluster) ?? fallbackCluster,
    namespace: known(namespace),
    workload,
    app: known(canonicalService) ?? workload,
    version: workload ? known(canonicalRevision) : null,
  };
}

function protocolOf(raw: string | undefined): IstioSeries['protocol'] {
  return raw === 'grpc' ? 'grpc' : raw === 'tcp' ? 'tcp' : 'http';
}

function mix(h: number, v: string | undefined): number {
  if (v !== undefined) for (let i = 0; i < v.length; i++) h = Math.imul(h ^ v.charCodeAt(i), 0x01000193);
  return Math.imul(h ^ 0xffff, 0x01000193); // ends the value: ("ab","c") and ("a","bc") differ
}

/**
 * A 32-bit hash (FNV-1a) of the edge labels that tell nearly every edge apart: who calls, who answers, through which
 * service, in which protocol. Edges that differ only in the others share a bucket, and sameEdge settles it. Grouping
 * samples by it allocates nothing, where a joined key string cost half a kilobyte a sample; hashing every edge label
 * took four times as long.
 */
export function edgeHashOf(m: Record<string, string>): number {
  let h = 0x811c9dc5;
  h = mix(h, m['source_workload_namespace']);
  h = mix(h, m['source_workload']);
  h = mix(h, m['destination_workload']);
  h = mix(h, m['destination_service_name']);
  h = mix(h, m['request_protocol']);
  return h >>> 0;
}

const same = (a: string | undefined, b: string | undefined) => (a ?? '') === (b ?? '');

/**
 * Whether two samples belong to the same workload-level edge: equal in every one of EDGE_LABELS (graph-queries.ts; a missing label
 * equals an empty one, as in PromQL). Written out label by label: reads by a constant name are several times faster
 * than by a name from a list, and this runs for every sample of the three answers. A unit test checks it against
 * EDGE_LABELS.
 */
export function sameEdge(a: Record<string, string>, b: Record<string, string>): boolean {
  return (
    same(a['source_cluster'], b['source_cluster']) &&
    same(a['source_workload_namespace'], b['source_workload_namespace']) &&
    same(a['source_workload'], b['source_workload']) &&
    same(a['source_canonical_service'], b['source_canonical_service']) &&
    same(a['source_canonical_revision'], b['source_canonical_revision']) &&
    same(a['destination_cluster'], b['destination_cluster']) &&
    same(a['destination_service_namespace'], b['destination_service_namespace']) &&
    same(a['destination_service'], b['destination_service']) &&
    same(a['destination_service_name'], b['destination_service_name']) &&
    same(a['destination_workload_namespace'], b['destination_workload_namespace']) &&
    same(a['destination_workload'], b['destination_workload']) &&
    same(a['destination_canonical_service'], b['destination_canonical_service']) &&
    same(a['destination_canonical_revision'], b['destination_canonical_revision']) &&
    same(a['request_protocol'], b['request_protocol'])
  );
}

/**
 * Reads a sample's labels; null for series with no reporter, and for those Kiali also skips as bad telemetry (a
 * source namespace with no workload at all).
 */
export function readSeries(m: Record<string, string>): IstioSeries | null {
  if (m['reporter'] !== 'source' && m['reporter'] !== 'destination') return null;
  const source = side(
    m['source_cluster'],
    m['source_workload_namespace'],
    m['source_workload'],
    m['source_canonical_service'],
    m['source_canonical_revision'],
    DEFAULT_CLUSTER,
  );
  if (source.namespace && !source.workload) return null;
  // A destination in an unknown cluster is in the caller's cluster.
  const destination = side(
    m['destination_cluster'],
    m['destination_workload_namespace'],
    m['destination_workload'],
    m['destination_canonical_service'],
    m['destination_canonical_revision'],
    source.cluster,
  );
  return {
    source,
    destination,
    service: {
      namespace: known(m['destination_service_namespace']),
      name: known(m['destination_service_name']),
      host: known(m['destination_service']),
    },
    // Older proxies left request_protocol off TCP series; the metric says it then.
    protocol: protocolOf(m['request_protocol'] ?? (m['m']?.startsWith('tcp_') ? 'tcp' : undefined)),
  };
}
