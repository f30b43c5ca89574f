import { SUPPORTED_QUANTILES } from '../telemetry/log-linear-histogram.js';
import { clusterStats, type HistogramRow, type StatRow } from './cluster-stats.js';
import type { CountersOf } from './clusters-status.js';
import type { ProxyConfig } from './proxy-config.js';
import { statsMatcher, type StatsInclusion } from './stats-matcher.js';

/**
 * /stats: the server-level gauges and counters pilot-agent and istioctl read (readiness looks at server.state and
 * listener_manager.workers_started), then every cluster's stats, each only where the pod's stats matcher keeps it.
 */
export function adminStats(input: {
  proxy: ProxyConfig;
  countersOf: CountersOf;
  /** Counters kept outside the cluster tree (the HTTP filters', the listeners'), by full stat name. */
  extra?: { name: string; value: number }[];
}): {
  stats: StatRow[];
  histograms: HistogramRow[];
} {
  const { proxy, countersOf } = input;
  const inclusion = proxy.statsInclusion;
  const include = statsMatcher(inclusion);
  const clusters = [...proxy.clusters.statics, ...proxy.clusters.dynamics];
  const listeners = proxy.listeners.statics.length + proxy.listeners.dynamics.length;
  const uptimeSeconds = Math.max(0, Math.floor((proxy.nowMs - proxy.startedAtMs) / 1000));
  const server: [string, number, 'gauge'?][] = [
    ['cluster_manager.active_clusters', clusters.length, 'gauge'],
    ['cluster_manager.cds.update_attempt', 2],
    ['cluster_manager.cds.update_success', 2],
    ['cluster_manager.cds.update_rejected', 0],
    ['cluster_manager.warming_clusters', 0, 'gauge'],
    ['listener_manager.lds.update_attempt', 2],
    ['listener_manager.lds.update_success', 2],
    ['listener_manager.lds.update_rejected', 0],
    ['listener_manager.total_listeners_active', listeners, 'gauge'],
    ['listener_manager.total_listeners_warming', 0, 'gauge'],
    ['listener_manager.workers_started', 1, 'gauge'],
    ['server.concurrency', 2, 'gauge'],
    ['server.days_until_first_cert_expiring', 0, 'gauge'],
    ['server.live', 1, 'gauge'],
    ['server.state', 0, 'gauge'],
    ['server.total_connections', 0, 'gauge'],
    ['server.uptime', uptimeSeconds, 'gauge'],
  ];
  const stats: StatRow[] = server
    .filter(([name]) => include(name))
    .map(([name, value, type]) => (type ? { name, value, gauge: true } : { name, value }));
  for (const row of input.extra ?? []) if (include(row.name)) stats.push({ name: row.name, value: row.value });
  const histograms: HistogramRow[] = [];
  for (const cluster of clusters) {
    // Most clusters have no stat the matcher keeps (by default only xds-grpc's): skip them without listing hosts.
    if (!mayInclude(inclusion, `cluster.${cluster.name}.`)) continue;
    const found = clusterStats({
      cluster,
      counters: countersOf(cluster),
      hosts: cluster.hosts(),
      include,
      nowMs: proxy.nowMs,
    });
    stats.push(...found.stats);
    histograms.push(...found.histograms);
  }
  const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return { stats: stats.sort(byName), histograms: histograms.sort(byName) };
}

/** Whether any stat under a prefix can pass: suffixes and regexps may match anything, prefixes only along the way. */
function mayInclude(inclusion: StatsInclusion, prefix: string): boolean {
  if (inclusion.regexps.length > 0) return true;
  if (inclusion.suffixes.some((s) => !s.startsWith('rbac.'))) return true;
  return inclusion.prefixes.some((p) => p.startsWith(prefix) || prefix.startsWith(p));
}

// Envoy prints quantiles with fmt's "{}", and a histogram without values in the interval as nan.
const figure = (value: number) => (Number.isNaN(value) ? 'nan' : String(Number(value.toPrecision(6))));

/** One histogram's line of /stats text: "P0(interval,cumulative) P25(…) …". */
export function histogramSummary(row: HistogramRow): string {
  return SUPPORTED_QUANTILES.map(
    (q, i) => `P${Number((q * 100).toPrecision(4))}(${figure(row.interval[i]!)},${figure(row.cumulative[i]!)})`,
  ).join(' ');
}

/** The "histograms" element of /stats?format=json; a quantile without values has no key. */
export function histogramsJson(rows: HistogramRow[]): object {
  return {
    histograms: {
      supported_quantiles: SUPPORTED_QUANTILES.map((q) => Number((q * 100).toPrecision(4))),
      computed_quantiles: rows.map((row) => ({
        name: row.name,
        values: SUPPORTED_QUANTILES.map((_, i) => {
          const value: Record<string, number> = {};
          if (!Number.isNaN(row.interval[i])) value.interval = Number(row.interval[i]!.toPrecision(6));
          if (!Number.isNaN(row.cumulative[i])) value.cumulative = Number(row.cumulative[i]!.toPrecision(6));
          return value;
        }),
      })),
    },
  };
}
