// The traffic of one namespace's workloads, apps and services, or of every app in the mesh, from Prometheus in at
// most three aggregated queries.
import { SourceError } from '../../errors.js';
import type { PrometheusSource } from '../../sources/prometheus.js';
import { PROMETHEUS_NOT_CONFIGURED } from '../../sources/sources.js';
import {
  inboundQuery,
  namespaceTraffic,
  outboundQuery,
  serviceInboundQuery,
  type NamespaceTraffic,
} from '../traffic-queries.js';

/**
 * Runs the traffic queries; on a Prometheus failure returns the error's message instead (cancellation still throws).
 * A namespace gets its workloads, apps and services; `null` asks for the apps of the whole mesh at once (the overview),
 * which is all that view needs and the cheapest split Prometheus can make of every namespace's traffic.
 */
export async function loadTraffic(
  prometheus: PrometheusSource | null,
  namespace: string | null,
  window: string,
  signal: AbortSignal | undefined,
): Promise<{ traffic: NamespaceTraffic | null; metricsError?: string }> {
  if (!prometheus) return { traffic: null, metricsError: PROMETHEUS_NOT_CONFIGURED };
  const grain = namespace === null ? 'app' : 'workload';
  try {
    const [inbound, outbound, services] = await Promise.all([
      prometheus.instant(inboundQuery(namespace, window, grain), { signal }),
      prometheus.instant(outboundQuery(namespace, window, grain), { signal }),
      namespace !== null ? prometheus.instant(serviceInboundQuery(namespace, window), { signal }) : Promise.resolve([]),
    ]);
    return { traffic: namespaceTraffic({ inbound, outbound, services }, grain) };
  } catch (err) {
    if (err instanceof SourceError) return { traffic: null, metricsError: err.message };
    throw err;
  }
}
