// One Prometheus sample of Istio's standard metrics, read into the parts the graph needs. "unknown" is Istio's word
// for a missing value, so it becomes null here and never a name.
import { DEFAULT_CLUSTER } from '../../lib/api/graph.js';
import { EDGE_LABELS } from './graph-queries.js';

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

function side(m: Record<string, string>, prefix: 'source' | 'destination', fallbackCluster: string): SeriesSide {
  const workload = known(m[`${prefix}_workload`]);
  const canonical = known(m[`${prefix}_canonical_service`]);
  return {
    cluster: known(m[`${prefix}_cluster`]) ?? fallbackCluster,
    namespace: known(m[`${prefix}_workload_namespace`]),
    workload,
    app: canonical ?? workload,
    version: workload ? known(m[`${prefix}_canonical_revision`]) : null,
  };
}

function protocolOf(raw: string | undefined): IstioSeries['protocol'] {
  return raw === 'grpc' ? 'grpc' : raw === 'tcp' ? 'tcp' : 'http';
}

/**
 * A 32-bit hash (FNV-1a) of a sample's edge labels: every edge label but reporter, codes and flags. Grouping samples
 * by it allocates nothing, where a joined key string cost half a kilobyte a sample; sameEdge settles collisions.
 */
export function edgeHashOf(m: Record<string, string>): number {
  let h = 0x811c9dc5;
  for (let l = 0; l < EDGE_LABELS.length; l++) {
    const v = m[EDGE_LABELS[l]!];
    if (v !== undefined) for (let i = 0; i < v.length; i++) h = Math.imul(h ^ v.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 0xffff, 0x01000193); // ends the value: ("ab","c") and ("a","bc") differ
  }
  return h >>> 0;
}

/** Whether two samples belong to the same workload-level edge (a missing label equals an empty one, as in PromQL). */
export function sameEdge(a: Record<string, string>, b: Record<string, string>): boolean {
  for (let l = 0; l < EDGE_LABELS.length; l++) {
    const label = EDGE_LABELS[l]!;
    if ((a[label] ?? '') !== (b[label] ?? '')) return false;
  }
  return true;
}

/**
 * Reads a sample's labels; null for series with no reporter, and for those Kiali also skips as bad telemetry (a
 * source namespace with no workload at all).
 */
export function readSeries(m: Record<string, string>): IstioSeries | null {
  if (m['reporter'] !== 'source' && m['reporter'] !== 'destination') return null;
  const source = side(m, 'source', DEFAULT_CLUSTER);
  if (source.namespace && !source.workload) return null;
  // A destination in an unknown cluster is in the caller's cluster.
  const destination = side(m, 'destination', source.cluster);
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
