// The I/O behind /api/graph: Kubernetes from the watch cache, Prometheus in at most three queries per window (six
// when comparing two windows), all in parallel; then the pure builder. Prometheus failing leaves the topology of
// the asked namespaces (their workloads and services, idle) with metricsError saying why.
import type { GraphQuery, GraphResponse } from '../../lib/api/graph.js';
import { formatSpan } from '../../lib/format.js';
import { InputError } from '../input-error.js';
import {
  type KubeCache,
  namespaceWorkloads,
  requireNamespace,
  tolerancesOf,
  PROMETHEUS_NOT_CONFIGURED,
} from '../mesh/load-namespace-mesh.js';
import { parseWindowSeconds } from '../mesh/load-namespaces.js';
import type { PrometheusSource, Sample } from '../sources/prometheus.js';
import { SourceError } from '../sources/source-error.js';
import type { KubernetesSource } from '../sources/kubernetes.js';
import type { Sources } from '../sources/sources.js';
import { liveValidator } from '../validation/io/live-validator.js';
import { buildGraph, type BuiltGraph, type GraphAnswers, type GraphTopology } from './build-graph.js';
import { compareGraphs } from './compare-graphs.js';
import { configFindings, type CheckedObject, type ConfigFindings } from './config-findings.js';
import { bytesQuery, latencyQuery, requestsQuery } from './graph-queries.js';
import type { ServiceEntryRef } from './node-identity.js';
import { serviceFeatures } from './service-features.js';

async function askPrometheus(
  prometheus: PrometheusSource,
  q: GraphQuery,
  atMs: number,
  signal: AbortSignal | undefined,
): Promise<{ answers: GraphAnswers; queries: number }> {
  const input = { namespaces: q.namespaces, range: q.duration, operations: q.operationNodes };
  const latency = latencyQuery(input, q.latency);
  const none = Promise.resolve<Sample[]>([]);
  const [requests, bytes, latencies] = await Promise.all([
    prometheus.instant(requestsQuery(input), { atMs, signal }),
    prometheus.instant(bytesQuery(input), { atMs, signal }),
    latency ? prometheus.instant(latency, { atMs, signal }) : none,
  ]);
  return { answers: { requests, bytes, latency: latencies }, queries: latency ? 3 : 2 };
}

/** Namespaces whose workloads a graph may draw: the asked ones and every one its series name. */
function namespacesIn(answers: GraphAnswers[], asked: readonly string[], all: () => string[]): Set<string> {
  if (asked.length === 0) return new Set(all());
  const found = new Set(asked);
  for (const a of answers) {
    for (const list of [a.requests, a.bytes]) {
      for (const s of list) {
        const src = s.metric['source_workload_namespace'];
        const dst = s.metric['destination_workload_namespace'];
        if (src && src !== 'unknown') found.add(src);
        if (dst && dst !== 'unknown') found.add(dst);
      }
    }
  }
  return found;
}

/** Findings of the live validator, by what they touch; none when validation fails (the graph does not need it). */
function liveFindings(kubernetes: KubernetesSource): ConfigFindings | undefined {
  try {
    const validator = liveValidator(kubernetes);
    const objects: CheckedObject[] = [];
    for (const e of validator.index.entries.values()) {
      const found = validator.findingsFor(e.id);
      if (found.length === 0) continue;
      const counts = {
        errors: found.filter((f) => f.severity === 'error').length,
        warnings: found.filter((f) => f.severity === 'warning').length,
      };
      objects.push({ kind: e.kind, namespace: e.namespace, name: e.name, spec: e.object.spec, counts });
    }
    return configFindings(objects);
  } catch (err) {
    console.error('graph: validation failed, nodes carry no findings', err);
    return undefined;
  }
}

/** What Kubernetes says about the namespaces a graph may draw, from the watch cache. */
export function graphTopology(k: KubeCache, namespaces: Iterable<string>, findings?: ConfigFindings): GraphTopology {
  const workloads = new Map<string, ReturnType<typeof namespaceWorkloads>>();
  const services = new Map<string, string[]>();
  for (const ns of namespaces) {
    if (!k.get('Namespace', undefined, ns)) continue;
    workloads.set(ns, namespaceWorkloads(k, ns));
    services.set(
      ns,
      k.list('Service', ns).map((s) => s.metadata.name),
    );
  }
  const serviceEntries: ServiceEntryRef[] = k.list('ServiceEntry').map((se) => {
    const spec = (se.spec ?? {}) as { hosts?: string[]; location?: string };
    return {
      namespace: se.metadata.namespace ?? '',
      name: se.metadata.name,
      hosts: spec.hosts ?? [],
      location: spec.location === 'MESH_INTERNAL' ? 'MESH_INTERNAL' : 'MESH_EXTERNAL',
    };
  });
  return {
    workloads,
    services,
    serviceEntries,
    features: serviceFeatures(k.list('VirtualService'), k.list('DestinationRule')),
    ...(findings && { findings }),
  };
}

// A graph's topology depends only on the watch cache and the namespaces drawn; at thousands of workloads it takes
// a few hundred milliseconds, so it is kept (one per cluster) until the cache changes or other namespaces are asked.
const topologies = new WeakMap<KubernetesSource, { changes: number; key: string; topology: GraphTopology }>();

function cachedTopology(kubernetes: KubernetesSource, namespaces: Set<string>): GraphTopology {
  const key = [...namespaces].sort().join(',');
  const changes = kubernetes.changes();
  const kept = topologies.get(kubernetes);
  if (kept && kept.changes === changes && kept.key === key) return kept.topology;
  const topology = graphTopology(kubernetes, namespaces, liveFindings(kubernetes));
  topologies.set(kubernetes, { changes, key, topology });
  return topology;
}

function emptyMessage(q: GraphQuery, scrapeSeconds: number | null): string {
  const where =
    q.namespaces.length === 0
      ? 'in the mesh'
      : q.namespaces.length === 1
        ? `in namespace ${q.namespaces[0]}`
        : `in namespaces ${q.namespaces.join(', ')}`;
  const said = `no requests in the last ${q.duration} ${where}`;
  // rate() needs two samples inside the window: with a window shorter than two scrapes it is often empty.
  if (scrapeSeconds !== null && parseWindowSeconds(q.duration) < 2 * scrapeSeconds)
    return `${said}; Prometheus scrapes every ${scrapeSeconds}s, so choose a window of at least ${2 * scrapeSeconds}s`;
  return said;
}

async function checkRetention(prometheus: PrometheusSource, q: GraphQuery, signal?: AbortSignal): Promise<void> {
  const retention = await prometheus.retentionSeconds({ signal });
  const asked = parseWindowSeconds(q.duration) + (q.compareOffset ? parseWindowSeconds(q.compareOffset) : 0);
  if (retention !== null && asked > retention) {
    throw new InputError(
      `the window (${q.duration}${q.compareOffset ? ` compared ${q.compareOffset} earlier` : ''}) reaches further back than Prometheus keeps data (${formatSpan(retention)}); choose a shorter window`,
    );
  }
}

export async function loadGraph(
  sources: Sources,
  q: GraphQuery,
  signal?: AbortSignal,
  now: () => number = Date.now,
): Promise<GraphResponse> {
  for (const ns of q.namespaces) requireNamespace(sources.kubernetes, ns);
  const atMs = q.queryTime !== undefined ? q.queryTime * 1000 : now();
  const prometheus = sources.prometheus;
  let answers: GraphAnswers = { requests: [], bytes: [], latency: [] };
  let earlier: GraphAnswers | null = null;
  let queries = 0;
  let metricsError: string | undefined;
  if (!prometheus) metricsError = PROMETHEUS_NOT_CONFIGURED;
  else {
    await checkRetention(prometheus, q, signal);
    try {
      const [current, compared] = await Promise.all([
        askPrometheus(prometheus, q, atMs, signal),
        q.compareOffset
          ? askPrometheus(prometheus, q, atMs - parseWindowSeconds(q.compareOffset) * 1000, signal)
          : null,
      ]);
      answers = current.answers;
      queries = current.queries + (compared?.queries ?? 0);
      earlier = compared?.answers ?? null;
    } catch (err) {
      if (!(err instanceof SourceError)) throw err;
      metricsError = err.message;
    }
  }
  const namespaces = namespacesIn(earlier ? [answers, earlier] : [answers], q.namespaces, () =>
    sources.kubernetes.list('Namespace').map((n) => n.metadata.name),
  );
  const topology = cachedTopology(sources.kubernetes, namespaces);
  const build = (a: GraphAnswers, includeIdle: boolean): BuiltGraph =>
    buildGraph({
      graphType: q.graphType,
      namespaces: q.namespaces,
      injectServiceNodes: q.injectServiceNodes,
      operationNodes: q.operationNodes,
      // Without metrics, the topology is all there is to show.
      includeIdle: includeIdle || metricsError !== undefined,
      answers: a,
      topology,
      tolerances: tolerancesOf(sources),
      istioNamespace: sources.config.istioNamespace,
    });
  const graph = build(answers, q.includeIdle);
  const response: GraphResponse = {
    timestamp: Math.floor(atMs / 1000),
    duration: q.duration,
    graphType: q.graphType,
    namespaces: q.namespaces,
    nodes: graph.nodes,
    edges: graph.edges,
    queries,
  };
  if (earlier) response.removedEdges = compareGraphs(graph, build(earlier, false));
  if (metricsError) response.metricsError = metricsError;
  else if (graph.edges.length === 0)
    response.message = emptyMessage(q, prometheus ? await prometheus.scrapeIntervalSeconds({ signal }) : null);
  return response;
}
