// What the traffic model produces: one record per request a caller sends to a service, with each attempt that
// reached a server. Metrics, access logs, traces and the ground truth are all derived from these records, so they
// agree with each other by construction.
import type { OperationTags } from '../telemetry/request-operation.js';
import type { OutlierPolicy } from './outlier-policy.js';

export type Protocol = 'http' | 'grpc' | 'tcp';

/** A workload instance as Istio's peer metadata describes it. */
export interface WorkloadRef {
  cluster: string; // Istio's cluster id; 'Kubernetes' for a single cluster
  namespace: string;
  workload: string; // the owning Deployment (or the pod name when it has no owner)
  app: string; // 'unknown' when the pod has no app label
  version: string; // 'unknown' when the pod has no version label
  canonicalService: string;
  canonicalRevision: string;
  serviceAccount: string;
  pod: string;
  podIp: string;
  hasSidecar: boolean;
  isGateway: boolean;
  /**
   * Histogram bounds the pod's proxy uses instead of Envoy's defaults, from the annotation
   * sidecar.istio.io/statsHistogramBuckets: stat-name prefix → bounds.
   */
  histogramBuckets?: Record<string, number[]>;
  /** Which of the proxy's metrics carry request_operation, from the Telemetry objects that apply to the pod. */
  operationTags?: OperationTags;
  /**
   * The proxy's stats inclusion list passes no upstream cluster stat (Istio's default): Envoy keeps none of them, so
   * neither do its counters here (its hosts' counters and outlier detection stay).
   */
  dropsClusterStats?: true;
}

export interface ServiceRef {
  host: string; // FQDN, e.g. sa-logic.demo.svc.cluster.local, or an external host
  name: string; // short name; 'PassthroughCluster' / 'BlackHoleCluster' for unregistered egress
  namespace: string; // 'unknown' for hosts outside the registry
  port: number;
}

/** One try of a request at one server endpoint (Envoy retries make several). */
export interface Attempt {
  destination: WorkloadRef;
  startMs: number; // epoch ms the server's proxy received it
  durationMs: number; // as the server's proxy measured it
  responseCode: number; // 0 = no response (reset)
  grpcStatus?: number;
  responseFlags: string; // Envoy short flags, '-' for none
  responseCodeDetails: string;
  requestBytes: number;
  responseBytes: number;
  serverSpanId: string;
  /**
   * The server's proxy answered itself: its jwt_authn ('jwt') or RBAC filters ('rbac', 'ext_authz' for a CUSTOM
   * policy) refused the request before the app saw it (no app log line, no upstream host).
   */
  localReply?: LocalReplyKind;
}

export type LocalReplyKind = 'jwt' | 'rbac' | 'ext_authz';

/** Plaintext connections a server's inbound listener closed because the port requires mutual TLS (STRICT). */
export interface RefusedConnections {
  by: WorkloadRef;
  targetPort: number;
  connections: number;
}

export interface Hop {
  requestId: string; // x-request-id, shared by every hop of one journey
  traceId: string; // 32 hex chars
  clientSpanId: string; // 16 hex chars; the caller proxy's span
  parentSpanId?: string; // the server span of the hop that caused this one
  source?: WorkloadRef; // undefined: an outside client, unknown to the mesh
  service: ServiceRef;
  protocol: Protocol;
  method: string;
  path: string;
  authority: string;
  userAgent: string;
  startMs: number; // epoch ms the caller's proxy sent it
  durationMs: number; // as the caller's proxy measured it, retries and timeouts included
  responseCode: number; // what the caller finally got; 0 = no response
  grpcStatus?: number;
  responseFlags: string; // on the caller's side, e.g. 'UH', 'URX', 'UT', 'UF', '-'
  responseCodeDetails: string;
  requestBytes: number;
  responseBytes: number;
  mtls: boolean; // the connection to the server was mutual TLS (auto mTLS between sidecars)
  upstreamCluster: string; // Istio cluster name: outbound|<port>|<subset>|<host>
  routeName: string; // matched VirtualService route name, or 'default'
  attempts: Attempt[]; // empty when no endpoint was reached
  mirrored?: boolean; // a shadow copy sent by a mirror policy; its answer is dropped
  outlierDetection?: OutlierPolicy; // the caller's cluster ejects hosts on errors (a DestinationRule's outlierDetection)
  /** The caller's proxy (the ingress gateway) refused the request itself, before routing it upstream. */
  localReply?: LocalReplyKind;
  /** The server's proxy closed the caller's plaintext connections (STRICT mTLS): no HTTP exchange took place. */
  refused?: RefusedConnections;
}
