import { ClusterCounters } from '../telemetry/cluster-counters.js';
import type { LogLinearHistogram } from '../telemetry/log-linear-histogram.js';
import { stableHash } from '../telemetry/access-log-addresses.js';
import type { ClusterModel } from './cluster-builder.js';
import { thresholdsOf } from './circuit-breaker-thresholds.js';
import type { UpstreamHost } from './endpoint-directory.js';
import { isRecord } from './envoy-json.js';

// The stats tree every cluster gets at creation, rooted at cluster.<name>. (Envoy docs, configuration/upstream/
// cluster_manager/cluster_stats): they exist, at zero, before any request. The dynamic HTTP stats (upstream_rq_<code>,
// upstream_rq_<N>xx, upstream_rq_completed, retry.upstream_rq_<code>, upstream_rq_time) appear with their first
// charge, and outlier_detection.* only on a cluster that configures outlier detection.
const CLUSTER_COUNTERS = [
  'assignment_stale',
  'assignment_timeout_received',
  'bind_errors',
  'lb_healthy_panic',
  'lb_local_cluster_not_ok',
  'lb_recalculate_zone_structures',
  'lb_subsets_created',
  'lb_subsets_fallback',
  'lb_subsets_fallback_panic',
  'lb_subsets_removed',
  'lb_subsets_selected',
  'lb_zone_cluster_too_small',
  'lb_zone_no_capacity_left',
  'lb_zone_number_differs',
  'lb_zone_routing_all_directly',
  'lb_zone_routing_cross_zone',
  'lb_zone_routing_sampled',
  'membership_change',
  'original_dst_host_invalid',
  'retry_or_shadow_abandoned',
  'update_attempt',
  'update_empty',
  'update_failure',
  'update_no_rebuild',
  'update_success',
  'upstream_cx_close_notify',
  'upstream_cx_connect_attempts_exceeded',
  'upstream_cx_connect_fail',
  'upstream_cx_connect_timeout',
  'upstream_cx_connect_with_0_rtt',
  'upstream_cx_destroy',
  'upstream_cx_destroy_local',
  'upstream_cx_destroy_local_with_active_rq',
  'upstream_cx_destroy_remote',
  'upstream_cx_destroy_remote_with_active_rq',
  'upstream_cx_destroy_with_active_rq',
  'upstream_cx_http1_total',
  'upstream_cx_http2_total',
  'upstream_cx_http3_total',
  'upstream_cx_idle_timeout',
  'upstream_cx_max_duration_reached',
  'upstream_cx_max_requests',
  'upstream_cx_none_healthy',
  'upstream_cx_overflow',
  'upstream_cx_pool_overflow',
  'upstream_cx_protocol_error',
  'upstream_cx_rx_bytes_total',
  'upstream_cx_total',
  'upstream_cx_tx_bytes_total',
  'upstream_flow_control_backed_up_total',
  'upstream_flow_control_drained_total',
  'upstream_flow_control_paused_reading_total',
  'upstream_flow_control_resumed_reading_total',
  'upstream_internal_redirect_failed_total',
  'upstream_internal_redirect_succeeded_total',
  'upstream_rq_cancelled',
  'upstream_rq_maintenance_mode',
  'upstream_rq_max_duration_reached',
  'upstream_rq_pending_failure_eject',
  'upstream_rq_pending_overflow',
  'upstream_rq_pending_total',
  'upstream_rq_per_try_idle_timeout',
  'upstream_rq_per_try_timeout',
  'upstream_rq_retry',
  'upstream_rq_retry_backoff_exponential',
  'upstream_rq_retry_backoff_ratelimited',
  'upstream_rq_retry_limit_exceeded',
  'upstream_rq_retry_overflow',
  'upstream_rq_retry_success',
  'upstream_rq_rx_reset',
  'upstream_rq_timeout',
  'upstream_rq_total',
  'upstream_rq_tx_reset',
];
const CLUSTER_GAUGES = [
  'lb_subsets_active',
  'max_host_weight',
  'membership_degraded',
  'membership_excluded',
  'membership_healthy',
  'membership_total',
  'upstream_cx_active',
  'upstream_cx_rx_bytes_buffered',
  'upstream_cx_tx_bytes_buffered',
  'upstream_rq_active',
  'upstream_rq_pending_active',
  'version',
  'warming_state',
];
const STATIC = new Set([...CLUSTER_COUNTERS, ...CLUSTER_GAUGES]);
const GAUGES = new Set(CLUSTER_GAUGES);

// cluster.<name>.outlier_detection.*, only where the cluster has outlier_detection.
const OUTLIER_STATS = [
  'ejections_active',
  'ejections_consecutive_5xx',
  'ejections_detected_consecutive_5xx',
  'ejections_detected_consecutive_gateway_failure',
  'ejections_detected_consecutive_local_origin_failure',
  'ejections_detected_failure_percentage',
  'ejections_detected_failure_percentage_local_origin',
  'ejections_detected_local_origin_success_rate',
  'ejections_detected_success_rate',
  'ejections_enforced_consecutive_5xx',
  'ejections_enforced_consecutive_gateway_failure',
  'ejections_enforced_consecutive_local_origin_failure',
  'ejections_enforced_failure_percentage',
  'ejections_enforced_failure_percentage_local_origin',
  'ejections_enforced_local_origin_success_rate',
  'ejections_enforced_success_rate',
  'ejections_enforced_total',
  'ejections_overflow',
  'ejections_success_rate',
  'ejections_total',
];

export interface StatRow {
  name: string;
  value: number;
  gauge?: true;
}

export interface HistogramRow {
  name: string;
  interval: number[];
  cumulative: number[];
  /** The histogram itself, for the Prometheus form's buckets. */
  histogram: LogLinearHistogram;
}

/**
 * The counters of the clusters nobody's request goes through: the ADS and SDS streams pilot-agent holds open, each
 * one HTTP/2 connection carrying one long-lived gRPC stream.
 */
export function ambientCounters(cluster: ClusterModel): ClusterCounters | undefined {
  if (cluster.name !== 'xds-grpc' && cluster.name !== 'sds-grpc') return undefined;
  const counters = new ClusterCounters();
  for (const host of cluster.hosts()) {
    const h = counters.host(host.address, host.port);
    h.cx_total = h.cx_active = h.rq_total = h.rq_active = 1;
  }
  for (const stat of [
    'upstream_cx_total',
    'upstream_cx_active',
    'upstream_cx_http2_total',
    'upstream_rq_total',
    'upstream_rq_active',
    'upstream_rq_pending_total',
  ])
    counters.add(stat);
  return counters;
}

/** The stats of one cluster, by full name, each kept only when `include` takes its name. */
export function clusterStats(input: {
  cluster: ClusterModel;
  counters: ClusterCounters | undefined;
  hosts: UpstreamHost[];
  include: (name: string) => boolean;
  nowMs: number;
}): { stats: StatRow[]; histograms: HistogramRow[] } {
  const { cluster, counters, hosts, include } = input;
  const prefix = `cluster.${cluster.name}.`;
  const stats: StatRow[] = [];
  const add = (stat: string, value: number, gauge = GAUGES.has(stat)) => {
    const name = prefix + stat;
    if (include(name)) stats.push(gauge ? { name, value, gauge } : { name, value });
  };
  // Healthy counts both EDS health and outlier detection (cluster_stats: membership_healthy).
  const ejected = (address: string) => (counters?.hosts.get(address)?.ejectedUntilMs ?? 0) > input.nowMs;
  const healthy = hosts.filter((h) => h.healthy && !ejected(h.address)).length;
  const gauges: Record<string, number> = {
    max_host_weight: hosts.length > 0 ? 1 : 0,
    membership_healthy: healthy,
    membership_total: hosts.length,
    membership_excluded: 0,
    version: hosts.length > 0 ? stableHash(hosts.map((h) => `${h.address}:${h.port}`).join(',')) : 0,
  };
  const dynamic = counters?.dynamic();
  const valueOf = (stat: string) => (counters ? counters.get(stat, dynamic) : 0);
  for (const stat of CLUSTER_COUNTERS) add(stat, valueOf(stat));
  for (const stat of CLUSTER_GAUGES) add(stat, gauges[stat] ?? valueOf(stat));
  // Dynamic stats: the response-code counters the router charged.
  if (counters) {
    for (const [stat, value] of dynamic!) add(stat, value);
    for (const [stat, value] of counters.other ?? []) {
      if (!STATIC.has(stat) && !stat.startsWith('outlier_detection.')) add(stat, value);
    }
  }
  const cxActive = valueOf('upstream_cx_active');
  const rqActive = valueOf('upstream_rq_active');
  const thresholds = thresholdsOf(cluster);
  for (const [priority, t] of [
    ['default', thresholds.default],
    ['high', thresholds.high],
  ] as const) {
    // Nothing overflows in the simulator: a breaker opens only where the gauge reaches its limit.
    add(`circuit_breakers.${priority}.cx_open`, cxActive >= t.max_connections ? 1 : 0, true);
    add(`circuit_breakers.${priority}.cx_pool_open`, 0, true);
    add(`circuit_breakers.${priority}.rq_open`, rqActive >= t.max_requests ? 1 : 0, true);
    add(`circuit_breakers.${priority}.rq_pending_open`, 0, true);
    add(`circuit_breakers.${priority}.rq_retry_open`, 0, true);
    if (t.trackRemaining) {
      add(`circuit_breakers.${priority}.remaining_cx`, Math.max(0, t.max_connections - cxActive), true);
      add(`circuit_breakers.${priority}.remaining_pending`, t.max_pending_requests, true);
      add(`circuit_breakers.${priority}.remaining_retries`, t.max_retries, true);
      add(`circuit_breakers.${priority}.remaining_rq`, Math.max(0, t.max_requests - rqActive), true);
    }
  }
  if (isRecord(cluster.config.outlier_detection)) {
    const active = hosts.filter((h) => ejected(h.address)).length;
    for (const stat of OUTLIER_STATS) {
      if (stat === 'ejections_active') add(`outlier_detection.${stat}`, active, true);
      else add(`outlier_detection.${stat}`, valueOf(`outlier_detection.${stat}`));
    }
  }
  const histograms: HistogramRow[] = [];
  const rqTime = `${prefix}upstream_rq_time`;
  if (counters?.rqTime && include(rqTime)) {
    histograms.push({ name: rqTime, ...counters.rqTime.summary(input.nowMs), histogram: counters.rqTime });
  }
  return { stats, histograms };
}
