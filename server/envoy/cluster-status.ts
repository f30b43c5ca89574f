// The live side of a proxy's clusters: its hosts and their health from /clusters?format=json, and the cluster stats
// from /stats. Envoy's admin reference (docs/root/operations/admin.rst, /clusters) describes the JSON as
// envoy.admin.v3.Clusters: cluster_statuses[].host_statuses[] with address, stats (counters and gauges; a zero value
// is left out, as proto3 JSON drops defaults), health_status (eds_health_status plus failed_* flags) and weight.
import type { z } from 'zod';
import type { clusterHost } from '../../lib/api/envoy.js';
import { arr, field, num, obj, str } from './dump-fields.js';

export type HostStatus = z.infer<typeof clusterHost>;

export interface ClusterStatus {
  hosts: HostStatus[];
  circuitBreakers?: unknown;
}

// The health_status flags of envoy.admin.v3.HostHealthStatus that each mean the host gets no traffic.
const FAILED_FLAGS = [
  'failed_active_health_check',
  'failed_outlier_check',
  'failed_active_degraded_check',
  'pending_dynamic_removal',
  'pending_active_hc',
  'excluded_via_immediate_hc_fail',
  'active_hc_timeout',
];

function hostAddress(host: unknown): string {
  const socket = obj(obj(host, 'address'), 'socket_address');
  if (socket) return `${str(socket, 'address') ?? '?'}:${num(socket, 'port_value') ?? '?'}`;
  const pipe = obj(obj(host, 'address'), 'pipe');
  return pipe ? `unix:${str(pipe, 'path') ?? '?'}` : '?';
}

function hostHealth(host: unknown): string {
  const status = obj(host, 'health_status');
  const failed = FAILED_FLAGS.filter((flag) => field(status, flag) === true);
  if (failed.length > 0) return failed.join(',');
  return str(status, 'eds_health_status') ?? 'HEALTHY'; // absent: the proto default, UNKNOWN, which Envoy routes to
}

function hostStat(host: unknown, name: string): number | null {
  for (const stat of arr(host, 'stats')) {
    if (field(stat, 'name') === name) return num(stat, 'value') ?? 0; // a zero value is left out of proto JSON
  }
  return null;
}

/** /clusters?format=json → cluster name → its hosts. A bare array (istioctl's print of one cluster) is read too. */
export function parseClusterStatuses(body: unknown): Map<string, ClusterStatus> {
  const statuses = Array.isArray(body) ? body : arr(body, 'cluster_statuses');
  const out = new Map<string, ClusterStatus>();
  for (const c of statuses) {
    const name = str(c, 'name');
    if (!name) continue;
    out.set(name, {
      hosts: arr(c, 'host_statuses').map((h) => ({
        address: hostAddress(h),
        health: hostHealth(h),
        weight: num(h, 'weight') ?? null,
        rqTotal: hostStat(h, 'rq_total'),
        rqError: hostStat(h, 'rq_error'),
        cxActive: hostStat(h, 'cx_active'),
      })),
      circuitBreakers: field(c, 'circuit_breakers'),
    });
  }
  return out;
}

/** The cluster stats the Envoy tab shows, as `cluster.<name>.<stat>` names them (admin /stats, cluster manager docs). */
const CLUSTER_STATS = [
  'upstream_rq_total',
  'upstream_rq_5xx',
  'upstream_rq_active',
  'upstream_rq_pending_active',
  'upstream_rq_pending_overflow',
  'circuit_breakers.default.cx_open',
  'circuit_breakers.default.rq_open',
  'circuit_breakers.default.rq_pending_open',
  'circuit_breakers.default.rq_retry_open',
  'outlier_detection.ejections_active',
  'outlier_detection.ejections_enforced_total',
] as const;
export type ClusterStat = (typeof CLUSTER_STATS)[number];

/** The /stats filter (Envoy matches it anywhere in the name) that keeps only CLUSTER_STATS. */
export const CLUSTER_STATS_FILTER = `^cluster\\..*\\.(${CLUSTER_STATS.map((s) => s.replace(/\./g, '\\.')).join('|')})$`;

/**
 * /stats text (`name: value` a line) → cluster name → stat → value. Cluster names hold dots and pipes
 * (`outbound|80|v1|sa-logic.demo.svc.cluster.local`), so a line is split at the known stat suffix, not at a dot.
 * Histogram lines (`P0(nan,0) …`) are not numbers and are skipped.
 */
export function parseClusterStats(text: string): Map<string, Partial<Record<ClusterStat, number>>> {
  const out = new Map<string, Partial<Record<ClusterStat, number>>>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('cluster.')) continue;
    const colon = line.lastIndexOf(': ');
    if (colon < 0) continue;
    const value = Number(line.slice(colon + 2));
    if (!Number.isFinite(value)) continue;
    const name = line.slice(0, colon);
    for (const stat of CLUSTER_STATS) {
      if (!name.endsWith(`.${stat}`)) continue;
      const cluster = name.slice('cluster.'.length, name.length - stat.length - 1);
      let stats = out.get(cluster);
      if (!stats) out.set(cluster, (stats = {}));
      stats[stat] = value;
      break;
    }
  }
  return out;
}
