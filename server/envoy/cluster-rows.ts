// The Clusters table: every cluster of a config_dump (envoy.admin.v3.ClustersConfigDump: static_clusters and
// dynamic_active_clusters, each { cluster, version_info, last_updated }) with what Istio encodes in its name
// (direction|port|subset|host, see istio pilot/pkg/model/service.go BuildSubsetKey), its TLS mode, circuit-breaker
// thresholds and outlier detection, joined with the live hosts of /clusters and the counters of /stats.
import type { ClusterRow } from '../../lib/api/envoy.js';
import type { ClusterStat, ClusterStatus } from './cluster-status.js';
import { arr, field, obj, section, str, wrapped, type Json } from './dump-fields.js';
import type { Table } from './table.js';

export interface ClusterLive {
  statuses?: Map<string, ClusterStatus>;
  stats?: Map<string, Partial<Record<ClusterStat, number>>>;
}

function istioName(name: string): Pick<ClusterRow, 'direction' | 'port' | 'subset' | 'host'> {
  const parts = name.split('|');
  if (parts.length === 4 && (parts[0] === 'inbound' || parts[0] === 'outbound')) {
    const port = Number(parts[1]);
    return {
      direction: parts[0],
      port: Number.isInteger(port) ? port : null,
      subset: parts[2] || null,
      host: parts[3] || null,
    };
  }
  return { direction: null, port: null, subset: null, host: null };
}

// Istio's outbound clusters carry a transport_socket_matches pair: tlsMode-istio → istio mTLS, else plaintext
// (auto mTLS); an explicit transport_socket is TLS, Istio's own mTLS when its certificate is the SDS secret "default"
// (ISTIO_MUTUAL, istio pilot/pkg/networking/core/cluster_tls.go).
function tlsMode(cluster: Json): string {
  const matches = arr(cluster, 'transport_socket_matches');
  if (matches.length > 0) {
    return matches.some((m) => str(m, 'name') === 'tlsMode-istio')
      ? 'auto (istio mTLS or plaintext)'
      : 'TLS by endpoint match';
  }
  const socket = obj(cluster, 'transport_socket');
  if (!socket) return 'plaintext';
  const context = obj(obj(socket, 'typed_config'), 'common_tls_context');
  const sds = arr(context, 'tls_certificate_sds_secret_configs');
  return sds.some((c) => str(c, 'name') === 'default') ? 'istio mTLS' : 'TLS';
}

function thresholds(cb: unknown): ClusterRow['circuitBreakers'] {
  const list = arr(cb, 'thresholds');
  // The DEFAULT priority's thresholds: its priority field is left out as the proto default (admin.rst's note).
  const t = list.find((x) => (str(x, 'priority') ?? 'DEFAULT') === 'DEFAULT');
  if (!t) return null;
  return {
    maxConnections: wrapped(t, 'max_connections') ?? null,
    maxPendingRequests: wrapped(t, 'max_pending_requests') ?? null,
    maxRequests: wrapped(t, 'max_requests') ?? null,
    maxRetries: wrapped(t, 'max_retries') ?? null,
  };
}

function outlier(cluster: Json): ClusterRow['outlierDetection'] {
  const od = obj(cluster, 'outlier_detection');
  if (!od) return null;
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(od)) {
    if (typeof v === 'number' || typeof v === 'string') out[k] = v;
    else if (v && typeof v === 'object' && 'value' in v) out[k] = (v as { value: number }).value;
  }
  return out;
}

/** EDS endpoints in the dump (include_eds, or STATIC clusters' load_assignment) when /clusters was not read. */
function dumpEndpoints(cluster: Json): number {
  const assignment = obj(cluster, 'load_assignment');
  return arr(assignment, 'endpoints').reduce<number>((n, group) => n + arr(group, 'lb_endpoints').length, 0);
}

export function clusterRows(dump: { configs?: unknown }, live: ClusterLive = {}): Table<ClusterRow> {
  const config = section(dump, 'ClustersConfigDump');
  const rows: ClusterRow[] = [];
  const raw: unknown[] = [];
  const add = (source: ClusterRow['source'], entry: unknown) => {
    const cluster = obj(entry, 'cluster');
    const name = cluster && str(cluster, 'name');
    if (!cluster || !name) return;
    const status = live.statuses?.get(name);
    const stats = live.stats?.get(name);
    const stat = (s: ClusterStat) => stats?.[s] ?? null;
    const hosts = status?.hosts ?? [];
    rows.push({
      name,
      source,
      type: str(cluster, 'type') ?? (field(cluster, 'cluster_type') ? 'CUSTOM' : 'STATIC'),
      ...istioName(name),
      tls: tlsMode(cluster),
      endpoints: status ? hosts.length : dumpEndpoints(cluster),
      healthyEndpoints: status ? hosts.filter((h) => h.health === 'HEALTHY').length : dumpEndpoints(cluster),
      circuitBreakers: thresholds(field(cluster, 'circuit_breakers') ?? status?.circuitBreakers),
      outlierDetection: outlier(cluster),
      counters: {
        rqTotal: stat('upstream_rq_total') ?? sumHosts(hosts, 'rqTotal'),
        rq5xx: stat('upstream_rq_5xx'),
        rqActive: stat('upstream_rq_active'),
        rqPendingActive: stat('upstream_rq_pending_active'),
        pendingOverflow: stat('upstream_rq_pending_overflow'),
        cxOpen: stat('circuit_breakers.default.cx_open'),
        rqOpen: stat('circuit_breakers.default.rq_open'),
        rqPendingOpen: stat('circuit_breakers.default.rq_pending_open'),
        retryOpen: stat('circuit_breakers.default.rq_retry_open'),
        ejectionsActive:
          stat('outlier_detection.ejections_active') ??
          (status ? hosts.filter((h) => h.health.includes('failed_outlier_check')).length : null),
        ejectionsTotal: stat('outlier_detection.ejections_enforced_total'),
      },
      hosts,
    });
    raw.push(entry);
  };
  for (const c of arr(config, 'static_clusters')) add('static', c);
  for (const c of arr(config, 'dynamic_active_clusters')) add('dynamic', c);
  return { rows, raw };
}

function sumHosts(hosts: ClusterRow['hosts'], key: 'rqTotal'): number | null {
  if (hosts.length === 0 || hosts.every((h) => h[key] === null)) return null;
  return hosts.reduce((n, h) => n + (h[key] ?? 0), 0);
}
