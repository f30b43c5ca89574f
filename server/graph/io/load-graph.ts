// The I/O behind /api/graph: Kubernetes from the watch cache, Prometheus in at most three queries per window (six
// when comparing two windows), all in parallel; then the pure builder. Prometheus failing leaves the topology of
// the asked namespaces (their workloads and services, idle) with metricsError saying why.
import type { GraphQuery, GraphResponse } from '../../../lib/api/graph.js';
import { requireDurationSeconds } from '../../../lib/duration.js';
import { formatSpan } from '../../../lib/format.js';
import { InputError, SourceError } from '../../errors.js';
import { compileTolerances } from '../../mesh/health.js';
import { requireNamespace } from '../../sources/kube-cache.js';
import type { PrometheusSource, Sample } from '../../sources/prometheus.js';
import { PROMETHEUS_NOT_CONFIGURED, type Sources } from '../../sources/sources.js';
import { buildGraph, type BuiltGraph, type GraphAnswers } from '../build-graph.js';
import { compareGraphs } from '../compare-graphs.js';
import { bytesQuery, latencyQuery, requestsQuery } from '../graph-queries.js';
import { emptyMessage, namespacesIn } from '../graph-scope.js';
import { loadDenialEvidence } from './load-denial-evidence.js';
import type { TopologyCache } from './topology-cache.js';

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

async function checkRetention(prometheus: PrometheusSource, q: GraphQuery, signal?: AbortSignal): Promise<void> {
  const retention = await prometheus.retentionSeconds({ signal });
  const asked = requireDurationSeconds(q.duration) + (q.compareOffset ? requireDurationSeconds(q.compareOffset) : 0);
  if (retention !== null && asked > retention) {
    throw new InputError(
      `the window (${q.duration}${q.compareOffset ? ` compared ${q.compareOffset} earlier` : ''}) reaches further back than Prometheus keeps data (${formatSpan(retention)}); choose a shorter window`,
    );
  }
}

export async function loadGraph(
  sources: Sources,
  topologies: TopologyCache,
  q: GraphQuery,
  signal?: AbortSignal,
  now: () => number = Date.now,
): Promise<GraphResponse> {
  for (const ns of q.namespaces) requireNamespace(sources.kubernetes, ns);
  // "Every namespace" for a person is every namespace they may see: Prometheus is asked about those alone.
  if (q.namespaces.length === 0 && sources.access.restricted)
    q = { ...q, namespaces: [...sources.access.visibleNamespaces()].sort() };
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
          ? askPrometheus(prometheus, q, atMs - requireDurationSeconds(q.compareOffset) * 1000, signal)
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
  const topology = topologies.topologyOf(sources.kubernetes, namespaces);
  const tolerances = compileTolerances(sources.config.health.tolerances);
  // Which 401s and 403s the mesh's security refused: only the refusing proxies' logs can say (denial-evidence.ts).
  const denials = await loadDenialEvidence(
    sources,
    answers.requests,
    topology.workloads,
    { startMs: atMs - requireDurationSeconds(q.duration) * 1000, endMs: atMs },
    signal,
  );
  const build = (a: GraphAnswers, includeIdle: boolean, withDenials: boolean): BuiltGraph =>
    buildGraph({
      graphType: q.graphType,
      namespaces: q.namespaces,
      injectServiceNodes: q.injectServiceNodes,
      operationNodes: q.operationNodes,
      // Without metrics, the topology is all there is to show.
      includeIdle: includeIdle || metricsError !== undefined,
      answers: a,
      topology,
      tolerances,
      istioNamespace: sources.config.istioNamespace,
      ...(withDenials && { denials }),
    });
  const graph = build(answers, q.includeIdle, true);
  const response: GraphResponse = {
    timestamp: Math.floor(atMs / 1000),
    duration: q.duration,
    graphType: q.graphType,
    namespaces: q.namespaces,
    nodes: graph.nodes,
    edges: graph.edges,
    queries,
  };
  if (earlier) response.removedEdges = compareGraphs(graph, build(earlier, false, false));
  if (metricsError) response.metricsError = metricsError;
  else if (graph.edges.length === 0)
    response.message = emptyMessage(q, prometheus ? await prometheus.scrapeIntervalSeconds({ signal }) : null);
  return response;
}
