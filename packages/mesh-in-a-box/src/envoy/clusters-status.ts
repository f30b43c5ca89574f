import type { ClusterModel } from './cluster-builder.js';
import { socketAddress, type EnvoyJson } from './envoy-json.js';
import type { UpstreamHost } from './endpoint-directory.js';

// Envoy's defaults for thresholds a cluster leaves unset; Istio only sets the default priority's.
const ENVOY_DEFAULT_THRESHOLDS = {
  max_connections: 1024,
  max_pending_requests: 1024,
  max_requests: 1024,
  max_retries: 3,
};
const THRESHOLD_FIELDS = ['max_connections', 'max_pending_requests', 'max_requests', 'max_retries'] as const;

interface Thresholds {
  default: Record<(typeof THRESHOLD_FIELDS)[number], number>;
  high: Record<(typeof THRESHOLD_FIELDS)[number], number>;
}

function thresholdsOf(cluster: ClusterModel): Thresholds {
  const configured =
    ((cluster.config.circuit_breakers as EnvoyJson | undefined)?.thresholds as EnvoyJson[] | undefined) ?? [];
  const pick = (entry: EnvoyJson | undefined) => {
    const out = { ...ENVOY_DEFAULT_THRESHOLDS };
    for (const field of THRESHOLD_FIELDS) if (typeof entry?.[field] === 'number') out[field] = entry[field] as number;
    return out;
  };
  return {
    default: pick(configured.find((t) => t.priority === undefined || t.priority === 'DEFAULT')),
    high: pick(configured.find((t) => t.priority === 'HIGH')),
  };
}

const hostText = (host: UpstreamHost) => (host.pipe ? host.address : `${host.address}:${host.port}`);

/** Health flags as /clusters prints them: "healthy", or the failing checks joined with '/'. */
const healthFlags = (host: UpstreamHost) => (host.healthy ? 'healthy' : '/failed_eds_health');

/**
 * /clusters in Envoy's text form: "cluster::key::value" and "cluster::host:port::stat::value" lines. Traffic counters
 * are zero: the simulated proxy keeps its request counts in /stats/prometheus, not per host.
 */
export function clustersText(clusters: ClusterModel[]): string {
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
    for (const host of cluster.hosts()) {
      const prefix = `${n}::${hostText(host)}`;
      for (const stat of [
        'cx_active',
        'cx_connect_fail',
        'cx_total',
        'rq_active',
        'rq_error',
        'rq_success',
        'rq_timeout',
        'rq_total',
      ]) {
        lines.push(`${prefix}::${stat}::0`);
      }
      lines.push(
        `${prefix}::hostname::${/^[\d.:]+$/.test(host.address) || host.pipe ? '' : host.address}`,
        `${prefix}::health_flags::${healthFlags(host)}`,
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

/** /clusters?format=json: admin.v3.Clusters. Zero counters carry no value, as protobuf JSON omits defaults. */
export function clustersJson(clusters: ClusterModel[]): EnvoyJson {
  return {
    cluster_statuses: clusters.map((cluster) => {
      const thresholds = thresholdsOf(cluster);
      const status: EnvoyJson = {
        name: cluster.name,
        added_via_api: cluster.addedViaApi,
        host_statuses: cluster.hosts().map((host) => ({
          address: host.pipe ? { pipe: { path: host.address } } : socketAddress(host.address, host.port),
          stats: [
            { name: 'cx_connect_fail' },
            { name: 'cx_total' },
            { name: 'rq_error' },
            { name: 'rq_success' },
            { name: 'rq_timeout' },
            { name: 'rq_total' },
            { type: 'GAUGE', name: 'cx_active' },
            { type: 'GAUGE', name: 'rq_active' },
          ],
          health_status: { eds_health_status: host.healthy ? 'HEALTHY' : 'UNHEALTHY' },
          weight: 1,
          locality: {},
        })),
        circuit_breakers: {
          thresholds: [{ ...thresholds.default }, { priority: 'HIGH', ...thresholds.high }],
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
