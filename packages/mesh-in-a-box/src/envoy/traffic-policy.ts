import type { KubeObject } from '../store/kube-object.js';
import { envoyDuration, isRecord, shared, typed, UNLIMITED, type EnvoyJson } from './envoy-json.js';

/** A DestinationRule trafficPolicy (Istio's field names); loosely typed because it comes from stored JSON. */
export type TrafficPolicy = Record<string, unknown>;

const POLICY_FIELDS = ['connectionPool', 'loadBalancer', 'outlierDetection', 'tls', 'tunnel', 'proxyProtocol'];

/**
 * The policy that applies to one port of one subset: the rule's policy, overridden field by field by its
 * portLevelSettings for the port, then by the subset's policy and the subset's port-level settings (Istio's merge).
 */
const NO_POLICY: TrafficPolicy = Object.freeze({});

export function effectivePolicy(rule: KubeObject | undefined, port: number, subsetName?: string): TrafficPolicy {
  if (!rule) return NO_POLICY;
  let policy = mergeLevel({}, rule.spec?.trafficPolicy, port);
  if (subsetName) {
    const subset = (Array.isArray(rule.spec?.subsets) ? rule.spec.subsets : []).find(
      (s: { name?: string }) => s?.name === subsetName,
    );
    policy = mergeLevel(policy, subset?.trafficPolicy, port);
  }
  return policy;
}

function mergeLevel(base: TrafficPolicy, level: unknown, port: number): TrafficPolicy {
  if (!isRecord(level)) return base;
  const out: TrafficPolicy = { ...base };
  for (const field of POLICY_FIELDS) if (level[field] !== undefined) out[field] = level[field];
  const portLevel = (Array.isArray(level.portLevelSettings) ? level.portLevelSettings : []).find(
    (p: { port?: { number?: number } }) => p?.port?.number === port,
  );
  if (isRecord(portLevel))
    for (const field of POLICY_FIELDS) if (portLevel[field] !== undefined) out[field] = portLevel[field];
  return out;
}

/** Istio's circuit breakers without a connectionPool: no limit Envoy would enforce. */
export const UNLIMITED_BREAKERS = shared({
  thresholds: [
    {
      max_connections: UNLIMITED,
      max_pending_requests: UNLIMITED,
      max_requests: UNLIMITED,
      max_retries: UNLIMITED,
      track_remaining: true,
    },
  ],
});

/** Circuit breaker thresholds from connectionPool; Istio leaves unset limits at Envoy's maximum. */
export function circuitBreakers(policy: TrafficPolicy): EnvoyJson {
  if (!isRecord(policy.connectionPool)) return UNLIMITED_BREAKERS;
  const pool = policy.connectionPool;
  const tcp = isRecord(pool.tcp) ? pool.tcp : {};
  const http = isRecord(pool.http) ? pool.http : {};
  const limit = (value: unknown) => (typeof value === 'number' && value > 0 ? value : UNLIMITED);
  return {
    thresholds: [
      {
        max_connections: limit(tcp.maxConnections),
        max_pending_requests: limit(http.http1MaxPendingRequests),
        max_requests: limit(http.http2MaxRequests),
        max_retries: limit(http.maxRetries),
        track_remaining: true,
      },
    ],
  };
}

/** Writes the policy's cluster-level settings (timeouts, limits, outlier detection, load balancing) into a cluster. */
export function applyClusterPolicy(cluster: EnvoyJson, policy: TrafficPolicy): void {
  if (policy === NO_POLICY) return;
  const pool = isRecord(policy.connectionPool) ? policy.connectionPool : {};
  const tcp = isRecord(pool.tcp) ? pool.tcp : {};
  const http = isRecord(pool.http) ? pool.http : {};
  const connectTimeout = envoyDuration(tcp.connectTimeout);
  if (connectTimeout) cluster.connect_timeout = connectTimeout;
  cluster.circuit_breakers = circuitBreakers(policy);
  if (isRecord(tcp.tcpKeepalive)) {
    cluster.upstream_connection_options = {
      tcp_keepalive: {
        ...(typeof tcp.tcpKeepalive.probes === 'number' ? { keepalive_probes: tcp.tcpKeepalive.probes } : {}),
        ...(tcp.tcpKeepalive.time
          ? { keepalive_time: Math.round(Number.parseFloat(String(tcp.tcpKeepalive.time))) }
          : {}),
      },
    };
  }
  const httpOptions: EnvoyJson = {};
  if (typeof http.maxRequestsPerConnection === 'number' && http.maxRequestsPerConnection > 0) {
    httpOptions.max_requests_per_connection = http.maxRequestsPerConnection;
  }
  const idle = envoyDuration(http.idleTimeout);
  if (idle) httpOptions.idle_timeout = idle;
  if (Object.keys(httpOptions).length > 0) {
    // Copy: the options a cluster starts with are shared between clusters.
    const options = { ...((cluster.typed_extension_protocol_options as EnvoyJson | undefined) ?? {}) };
    const key = 'envoy.extensions.upstreams.http.v3.HttpProtocolOptions';
    const existing =
      (options[key] as EnvoyJson | undefined) ?? typed(key, { explicit_http_config: { http_protocol_options: {} } });
    options[key] = { ...existing, common_http_protocol_options: httpOptions };
    cluster.typed_extension_protocol_options = options;
  }
  const outlier = outlierDetection(policy.outlierDetection);
  if (outlier) {
    cluster.outlier_detection = outlier.detection;
    cluster.common_lb_config = { ...(cluster.common_lb_config as EnvoyJson), healthy_panic_threshold: outlier.panic };
  }
  applyLoadBalancer(cluster, policy.loadBalancer);
}

/**
 * Istio's translation (pilot/pkg/networking/core/cluster_traffic_policy.go, applyOutlierDetection): success-rate
 * ejection off, and only the fields the rule sets; Envoy's own defaults fill the rest (consecutive_5xx 5 enforced,
 * gateway failures not enforced, interval 10 s, base ejection 30 s, at most 10 % ejected).
 */
function outlierDetection(value: unknown): { detection: EnvoyJson; panic: EnvoyJson } | undefined {
  if (!isRecord(value)) return undefined;
  const detection: EnvoyJson = { enforcing_success_rate: 0 };
  if (typeof value.consecutive5xxErrors === 'number') {
    detection.consecutive_5xx = value.consecutive5xxErrors;
    detection.enforcing_consecutive_5xx = value.consecutive5xxErrors > 0 ? 100 : 0;
  }
  if (typeof value.consecutiveGatewayErrors === 'number') {
    detection.consecutive_gateway_failure = value.consecutiveGatewayErrors;
    detection.enforcing_consecutive_gateway_failure = value.consecutiveGatewayErrors > 0 ? 100 : 0;
  }
  const interval = envoyDuration(value.interval);
  if (interval) detection.interval = interval;
  const baseEjection = envoyDuration(value.baseEjectionTime);
  if (baseEjection) detection.base_ejection_time = baseEjection;
  if (typeof value.maxEjectionPercent === 'number' && value.maxEjectionPercent > 0) {
    detection.max_ejection_percent = value.maxEjectionPercent;
  }
  if (value.splitExternalLocalOriginErrors === true) {
    detection.split_external_local_origin_errors = true;
    if (typeof value.consecutiveLocalOriginFailures === 'number' && value.consecutiveLocalOriginFailures > 0) {
      detection.consecutive_local_origin_failure = value.consecutiveLocalOriginFailures;
      detection.enforcing_consecutive_local_origin_failure = 100;
    }
  }
  // Istio disables the panic threshold unless minHealthPercent asks for one.
  const panic = typeof value.minHealthPercent === 'number' ? { value: value.minHealthPercent } : {};
  return { detection, panic };
}

function applyLoadBalancer(cluster: EnvoyJson, value: unknown): void {
  if (!isRecord(value)) return;
  if (typeof value.simple === 'string') {
    const policy = {
      ROUND_ROBIN: 'ROUND_ROBIN',
      LEAST_CONN: 'LEAST_REQUEST',
      LEAST_REQUEST: 'LEAST_REQUEST',
      RANDOM: 'RANDOM',
    }[value.simple];
    if (value.simple === 'PASSTHROUGH') {
      cluster.type = 'ORIGINAL_DST';
      cluster.lb_policy = 'CLUSTER_PROVIDED';
      delete cluster.eds_cluster_config;
    } else if (policy) {
      cluster.lb_policy = policy;
    }
  } else if (isRecord(value.consistentHash)) {
    const maglev = isRecord(value.consistentHash.maglev);
    cluster.lb_policy = maglev ? 'MAGLEV' : 'RING_HASH';
    if (!maglev) {
      const minimum = (value.consistentHash.ringHash as { minimumRingSize?: number } | undefined)?.minimumRingSize;
      cluster.ring_hash_lb_config = { minimum_ring_size: String(minimum ?? 1024) };
    }
  }
}
