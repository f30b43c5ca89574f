// The overview: every namespace with its counts, app health and a traffic sparkline, from the cache and three
// Prometheus queries for the whole mesh (inbound, outbound, and one range query for the sparklines).
import { requireDurationSeconds } from '../../../lib/duration.js';
import type { HealthStatus } from '../../../lib/api/health.js';
import type { NamespaceSummary } from '../../../lib/api/namespaces.js';
import { SourceError } from '../../errors.js';
import { chartRateWindow, type Series } from '../../sources/prometheus.js';
import type { Sources } from '../../sources/sources.js';
import { buildAppList, linkServices } from '../build-mesh.js';
import { compileTolerances } from '../health.js';
import { indexDestinationRules, indexVirtualServices } from '../istio-refs.js';
import { namespaceWorkloads } from '../namespace-workloads.js';
import { namespaceInjection, namespaceMtls } from '../pod-facts.js';
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
  const prepared = [];
  for (const ns of kubernetes.list('Namespace')) {
    const name = ns.metadata.name;
    const workloads = namespaceWorkloads(kubernetes, name);
    const services = kubernetes.list('Service', name);
    prepared.push({ ns, name, workloads, services, links: linkServices(workloads, services) });
    await new Promise((resolve) => setImmediate(resolve));
  }
  const [{ traffic, metricsError }, lines] = await answers;
  const virtualServices = indexVirtualServices(kubernetes.list('VirtualService'));
  const destinationRules = indexDestinationRules(kubernetes.list('DestinationRule'));
  const tolerances = compileTolerances(sources.config.health.tolerances);
  const meshPolicies = kubernetes.list('PeerAuthentication', sources.config.istioNamespace);
  return prepared
    .map(({ ns, name, workloads, services, links }) => {
      const apps = buildAppList(
        {
          namespace: name,
          workloads,
          services,
          virtualServices,
          destinationRules,
          traffic,
          metricsError,
          tolerances,
          istioNamespace: sources.config.istioNamespace,
        },
        links,
      );
      const health = { Healthy: 0, Degraded: 0, Failure: 0, 'Not Ready': 0, NA: 0 } satisfies Record<
        HealthStatus,
        number
      >;
      for (const app of apps) health[app.health.status] += 1;
      const line = lines?.get(name);
      const summary: NamespaceSummary = {
        name,
        apps: apps.length,
        workloads: workloads.length,
        services: services.length,
        health,
        injection: namespaceInjection(ns),
        mtls: namespaceMtls(kubernetes.list('PeerAuthentication', name), meshPolicies),
        traffic: lines
          ? (line?.values.map(([t, v]) => [t * 1000, Number.isFinite(v) ? v : 0] as [number, number]) ?? [])
          : null,
      };
      if (metricsError) summary.metricsError = metricsError;
      return summary;
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
