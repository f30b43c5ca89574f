// The overview: every namespace with its counts, app health and a traffic sparkline, from the cache and three
// Prometheus queries for the whole mesh (inbound, outbound, and one range query for the sparklines).
import { requireDurationSeconds } from '../../../lib/duration.js';
import type { NamespaceSummary } from '../../../lib/api/namespaces.js';
import { SourceError } from '../../errors.js';
import { chartRateWindow, type Series } from '../../sources/prometheus.js';
import type { Sources } from '../../sources/sources.js';
import { linkServices } from '../build-mesh.js';
import { buildOverview, type NamespaceFacts } from '../build-overview.js';
import { compileTolerances } from '../health.js';
import { indexDestinationRules, indexVirtualServices } from '../istio-refs.js';
import { namespaceWorkloads } from '../namespace-workloads.js';
import { namespaceTrafficQuery } from '../traffic-queries.js';
import { loadTraffic } from './load-traffic.js';

const SPARKLINE_POINTS = 30;

export async function loadNamespaces(
  sources: Sources,
  q: { window: string },
  signal?: AbortSignal,
): Promise<NamespaceSummary[]> {
  const { kubernetes, prometheus } = sources;
  const windowSeconds = requireDurationSeconds(q.window);
  const nowMs = Date.now();
  const sparkline = async (): Promise<Map<string, Series> | null> => {
    if (!prometheus) return null;
    try {
      const scrapeSeconds = await prometheus.scrapeIntervalSeconds({ signal });
      // No finer than the data: a point per scrape at most.
      const stepSeconds = Math.max(10, Math.round(windowSeconds / SPARKLINE_POINTS), scrapeSeconds ?? 0);
      const rateWindow = chartRateWindow(stepSeconds, scrapeSeconds);
      const series = await prometheus.range(namespaceTrafficQuery(rateWindow), {
        startMs: nowMs - windowSeconds * 1000,
        endMs: nowMs,
        stepSeconds,
        signal,
      });
      return new Map(series.map((s) => [s.metric['destination_workload_namespace'] ?? '', s]));
    } catch (err) {
      if (err instanceof SourceError) return null; // the instant queries report the same failure
      throw err;
    }
  };
  const answers = Promise.all([loadTraffic(prometheus, null, q.window, signal), sparkline()]);
  answers.catch(() => undefined); // awaited below; this only keeps a failure meanwhile from counting as unhandled
  // While Prometheus (another process) answers, build what needs only the cache, yielding between namespaces so
  // the queries go out and their answers come in meanwhile: at thousands of workloads this takes the model off the
  // critical path.
  const namespaces: NamespaceFacts[] = [];
  for (const namespace of kubernetes.list('Namespace')) {
    const name = namespace.metadata.name;
    const workloads = namespaceWorkloads(kubernetes, name);
    const services = kubernetes.list('Service', name);
    const peerAuthentications = kubernetes.list('PeerAuthentication', name);
    namespaces.push({ namespace, workloads, services, links: linkServices(workloads, services), peerAuthentications });
    await new Promise((resolve) => setImmediate(resolve));
  }
  const [{ traffic, metricsError }, sparklines] = await answers;
  return buildOverview(namespaces, {
    virtualServices: indexVirtualServices(kubernetes.list('VirtualService')),
    destinationRules: indexDestinationRules(kubernetes.list('DestinationRule')),
    tolerances: compileTolerances(sources.config.health.tolerances),
    istioNamespace: sources.config.istioNamespace,
    // The mesh-wide policy decides a person's namespaces' mTLS even where they may not see it (kubernetes-as-user.ts).
    meshPeerAuthentications: kubernetes.shared.list('PeerAuthentication', sources.config.istioNamespace),
    traffic,
    ...(metricsError !== undefined && { metricsError }),
    sparklines,
  });
}
