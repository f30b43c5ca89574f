import type { ClusterCounters, HostCounters } from '../telemetry/cluster-counters.js';
import { THRESHOLD_FIELDS, thresholdsOf } from './circuit-breaker-thresholds.js';
import type { ClusterModel } from './cluster-builder.js';
import { socketAddress, type EnvoyJson } from './envoy-json.js';
import type { UpstreamHost } from './endpoint-directory.js';

/** The traffic counters of a cluster of this proxy, if it has carried any. */
export type CountersOf = (cluster: ClusterModel) => ClusterCounters | undefined;

const hostText = (host: UpstreamHost) => (host.pipe ? host.address : `${host.address}:${host.port}`);

const ejectedAt = (stats: HostCounters | undefined, nowMs: number) => (stats?.ejectedUntilMs ?? 0) > nowMs;

/**
 * Health flags as /clusters prints them: "healthy", or the failing checks joined with '/', in Envoy's order
 * (HostUtility::healthFlagsToString: failed_active_hc, failed_outlier_check, failed_eds_health, …).
 */
function healthFlags(host: UpstreamHost, stats: HostCounters | undefined, nowMs: number): string {
  const flags = (ejectedAt(stats, nowMs) ? '/failed_outlier_check' : '') + (host.healthy ? '' : '/failed_eds_health');
  return flags || 'healthy';
}

// The per-host stats (Envoy's ALL_HOST_STATS): the text form prints them sorted by name, the JSON form counters first.
const HOST_COUNTERS = ['cx_connect_fail', 'cx_total', 'rq_error', 'rq_success', 'rq_timeout', 'rq_total'] as const;
const HOST_GAUGES = ['cx_active', 'rq_active'] as const;
const HOST_STATS_BY_NAME = [...HOST_COUNTERS, ...HOST_GAUGES].sort();

/**
 * The hosts a cluster lists with their counters. An ORIGINAL_DST cluster (inbound|…, Passthrough) has no endpoints of
 * its own: Envoy adds a host for each original destination it forwards to, so its hosts are those traffic reached.
 */
function listedHosts(
  cluster: ClusterModel,
  counters: ClusterCounters | undefined,
): { host: UpstreamHost; stats: HostCounters | undefined }[] {
  const hosts = cluster.hosts();
  if (hosts.length === 0 && counters && cluster.config.type === 'ORIGINAL_DST') {
    return [...counters.hosts].map(([address, stats]) => {
      const host: UpstreamHost = {
        address,
        port: stats.port,
        healthy: true,
        labels: {},
        pod: undefined,
        istioMtls: false,
      };
      return { host, stats };
    });
  }
  return hosts.map((host) => ({ host, stats: counters?.hosts.get(host.address) }));
}

/** /clusters in Envoy's text form: "cluster::key::value" and "cluster::host:port::stat::value" lines. */
export function clustersText(clusters: ClusterModel[], countersOf: CountersOf, nowMs: number): string {
  const lines: string[] = [];
  for (const cluster of clusters) {
    const n = cluster.name;
    lines.push(`${n}::observability_name::${n}`);
    if (cluster.config.outlier_detection) {
      for (const key of [
        'success_rate_average',
        'success_rate_ejection_threshold',
        'local_origin_success_rate_average',
        'local_origin_success_rate_ejection_threshold',
      ]) {
        lines.push(`${n}::outlier::${key}::-1`);
      }
    }
    const thresholds = thresholdsOf(cluster);
    for (const [priority, values] of [
      ['default_priority', thresholds.default],
      ['high_priority', thresholds.high],
    ] as const) {
      for (const field of THRESHOLD_FIELDS) lines.push(`${n}::${priority}::${field}::${values[field]}`);
    }
    lines.push(`${n}::added_via_api::${cluster.addedViaApi}`);
    const eds = (cluster.config.eds_cluster_config as EnvoyJson | undefined)?.service_name;
    if (typeof eds === 'string') lines.push(`${n}::eds_service_name::${eds}`);
    for (const { host, stats } of listedHosts(cluster, countersOf(cluster))) {
      const prefix = `${n}::${hostText(host)}`;
      for (const stat of HOST_STATS_BY_NAME) lines.push(`${prefix}::${stat}::${stats?.[stat] ?? 0}`);
      lines.push(
        `${prefix}::hostname::${/^[\d.:]+$/.test(host.address) || host.pipe ? '' : host.address}`,
        `${prefix}::health_flags::${healthFlags(host, stats, nowMs)}`,
        `${prefix}::weight::1`,
        `${prefix}::region::`,
        `${prefix}::zone::`,
        `${prefix}::sub_zone::`,
        `${prefix}::canary::false`,
        `${prefix}::priority::0`,
        `${prefix}::success_rate::-1.0`,
        `${prefix}::local_origin_success_rate::-1.0`,
      );
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

// SimpleMetric in protobuf JSON: fields in number order (type, value, name), uint64 as a string, defaults left out
// (a counter has no type, a zero no value), as istioctl's clusters test data shows.
function hostStats(stats: HostCounters | undefined): EnvoyJson[] {
  const out: EnvoyJson[] = [];
  for (const name of HOST_COUNTERS) out.push(stats?.[name] ? { value: String(stats[name]), name } : { name });
  for (const name of HOST_GAUGES) {
    out.push(stats?.[name] ? { type: 'GAUGE', value: String(stats[name]), name } : { type: 'GAUGE', name });
  }
  return out;
}

/** /clusters?format=json: admin.v3.Clusters. */
export function clustersJson(clusters: ClusterModel[], countersOf: CountersOf, nowMs: number): EnvoyJson {
  return {
    cluster_statuses: clusters.map((cluster) => {
      const thresholds = thresholdsOf(cluster);
      const status: EnvoyJson = {
        name: cluster.name,
        added_via_api: cluster.addedViaApi,
        host_statuses: listedHosts(cluster, countersOf(cluster)).map(({ host, stats }) => ({
          address: host.pipe ? { pipe: { path: host.address } } : socketAddress(host.address, host.port),
          stats: hostStats(stats),
          health_status: {
            ...(ejectedAt(stats, nowMs) ? { failed_outlier_check: true } : {}),
            eds_health_status: host.healthy ? 'HEALTHY' : 'UNHEALTHY',
          },
          weight: 1,
          locality: {},
        })),
        circuit_breakers: {
          thresholds: [
            Object.fromEntries(THRESHOLD_FIELDS.map((f) => [f, thresholds.default[f]])),
            { priority: 'HIGH', ...Object.fromEntries(THRESHOLD_FIELDS.map((f) => [f, thresholds.high[f]])) },
          ],
        },
        observability_name: cluster.name,
      };
      const eds = (cluster.config.eds_cluster_config as EnvoyJson | undefined)?.service_name;
      if (typeof eds === 'string') status.eds_service_name = eds;
      if (cluster.addedViaApi === false) delete status.added_via_api;
      return status;
    }),
  };
}
