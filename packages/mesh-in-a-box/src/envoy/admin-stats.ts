import type { ProxyConfig } from './proxy-config.js';

/**
 * /stats: the server-level gauges and counters pilot-agent and istioctl read (readiness looks at server.state and
 * listener_manager.workers_started). Request metrics live in /stats/prometheus.
 */
export function adminStats(proxy: ProxyConfig): { name: string; value: number }[] {
  const clusters = proxy.clusters.statics.length + proxy.clusters.dynamics.length;
  const listeners = proxy.listeners.statics.length + proxy.listeners.dynamics.length;
  const uptimeSeconds = Math.max(0, Math.floor((proxy.nowMs - proxy.startedAtMs) / 1000));
  const stats: [string, number][] = [
    ['cluster_manager.active_clusters', clusters],
    ['cluster_manager.cds.update_attempt', 2],
    ['cluster_manager.cds.update_success', 2],
    ['cluster_manager.cds.update_rejected', 0],
    ['cluster_manager.warming_clusters', 0],
    ['listener_manager.lds.update_attempt', 2],
    ['listener_manager.lds.update_success', 2],
    ['listener_manager.lds.update_rejected', 0],
    ['listener_manager.total_listeners_active', listeners],
    ['listener_manager.total_listeners_warming', 0],
    ['listener_manager.workers_started', 1],
    ['server.concurrency', 2],
    ['server.days_until_first_cert_expiring', 0],
    ['server.live', 1],
    ['server.state', 0],
    ['server.total_connections', 0],
    ['server.uptime', uptimeSeconds],
  ];
  return stats.map(([name, value]) => ({ name, value })).sort((a, b) => (a.name < b.name ? -1 : 1));
}
