// The overview: every namespace with its counts, app health and a traffic sparkline, from the cache and three
// Prometheus queries for the whole mesh (inbound, outbound, and one range query for the sparklines).
import type { HealthStatus } from '../../lib/api/health.js';
import type { NamespaceSummary } from '../../lib/api/namespaces.js';
import type { KubeObject } from '../sources/kubernetes.js';
import { chartRateWindow, type Series } from '../sources/prometheus.js';
import { SourceError } from '../sources/source-error.js';
import type { Sources } from '../sources/sources.js';
import { buildAppList, linkServices } from './build-mesh.js';
import { indexDestinationRules, indexVirtualServices } from './istio-refs.js';
import { loadTraffic, namespaceWorkloads, tolerancesOf } from './load-namespace-mesh.js';
import { namespaceInjection } from './pod-facts.js';
import { namespaceTrafficQuery } from './traffic-queries.js';

type MtlsMode = NamespaceSummary['mtls'];
const MTLS_MODES = new Set<string>(['STRICT', 'PERMISSIVE', 'DISABLE', 'UNSET']);

function mtlsModeOf(policies: readonly KubeObject[]): MtlsMode | undefined {
  for (const pa of policies) {
    const spec = pa.spec as { selector?: unknown; mtls?: { mode?: string } } | undefined;
    if (spec?.selector) continue; // a workload-level policy says nothing of the namespace
    const mode = spec?.mtls?.mode ?? 'UNSET';
    if (MTLS_MODES.has(mode)) return mode as MtlsMode;
  }
  return undefined;
}

/** The namespace-wide PeerAuthentication mode, else the mesh-wide one (root namespace), else UNSET. */
export function namespaceMtls(namespacePolicies: readonly KubeObject[], meshPolicies: readonly KubeObject[]): MtlsMode {
  const own = mtlsModeOf(namespacePolicies);
  if (own && own !== 'UNSET') return own;
  return mtlsModeOf(meshPolicies) ?? 'UNSET';
}

export function parseWindowSeconds(window: string): number {
  const m = /^(\d+)([smhd])$/.exec(window);
  if (!m) throw new Error(`not a window: ${window}`);
  return Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[m[2] as 's' | 'm' | 'h' | 'd'];
}

const SPARKLINE_POINTS = 30;

export async function loadNamespaces(
  sources: Sources,
  q: { window: string },
  signal?: AbortSignal,
): Promise<NamespaceSummary[]> {
  const { kubernetes, prometheus } = sources;
  const windowSeconds = parseWindowSeconds(q.window);
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
  const tolerances = tolerancesOf(sources);
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
