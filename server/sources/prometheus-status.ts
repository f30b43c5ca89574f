// What /api/prometheus answers: the retention and scrape interval Prometheus reports, each remembered by the source.
import type { PrometheusStatus } from '../../lib/api/prometheus-status.js';
import type { PrometheusSource } from './prometheus.js';

export async function loadPrometheusStatus(
  prometheus: PrometheusSource | null,
  signal?: AbortSignal,
): Promise<PrometheusStatus> {
  if (!prometheus) return { configured: false, retentionSeconds: null, scrapeIntervalSeconds: null };
  const [retentionSeconds, scrapeIntervalSeconds] = await Promise.all([
    prometheus.retentionSeconds({ signal }),
    prometheus.scrapeIntervalSeconds({ signal }),
  ]);
  return {
    configured: true,
    retentionSeconds: retentionSeconds || null, // "0s" is Prometheus' word for "not set here"
    scrapeIntervalSeconds: scrapeIntervalSeconds || null,
  };
}
