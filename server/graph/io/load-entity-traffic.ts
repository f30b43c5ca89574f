// The I/O behind /api/namespaces/{ns}/{apps|workloads|services}/{name}/traffic: the graph's three queries narrowed
// to the entity's series (two or three small sums instead of a namespace's), the topology from the watch cache, then
// the graph's own builder and the one hop around the entity. Prometheus failing answers no edges and says why.
import type { EntityRef } from '../../../lib/api/entity-ref.js';
import type { EntityTrafficQuery, EntityTrafficResponse } from '../../../lib/api/entity-traffic.js';
import { SourceError } from '../../errors.js';
import { compileTolerances } from '../../mesh/health.js';
import { requireEntity } from '../../mesh/require-entity.js';
import { PROMETHEUS_NOT_CONFIGURED, type Sources } from '../../sources/sources.js';
import { buildGraph, type GraphAnswers } from '../build-graph.js';
import { entityFilters, entityGraphSettings, oneHop, type EntityGraphSettings } from '../entity-traffic.js';
import { bytesQuery, latencyQuery, requestsQuery } from '../graph-queries.js';
import { namespacesIn } from '../graph-scope.js';
import type { TopologyCache } from './topology-cache.js';

// The Traffic tab shows p95, the graph's default response time.
const LATENCY = ['p95'] as const;

export async function loadEntityTraffic(
  sources: Sources,
  topologies: TopologyCache,
  entity: EntityRef,
  q: EntityTrafficQuery,
  signal?: AbortSignal,
  now: () => number = Date.now,
  // Another cut of the graph around the entity (the "why" summary splits an app's edges by version).
  settings: EntityGraphSettings = entityGraphSettings(entity.resource),
): Promise<EntityTrafficResponse> {
  requireEntity(sources.kubernetes, entity);
  const atMs = q.queryTime !== undefined ? q.queryTime * 1000 : now();
  const base = {
    timestamp: Math.floor(atMs / 1000),
    duration: q.duration,
    ...settings,
  };
  const prometheus = sources.prometheus;
  if (!prometheus)
    return {
      ...base,
      entityNodes: [],
      nodes: [],
      inbound: [],
      outbound: [],
      queries: 0,
      metricsError: PROMETHEUS_NOT_CONFIGURED,
    };

  const input = { namespaces: [entity.namespace], range: q.duration, filters: entityFilters(entity) };
  let answers: GraphAnswers;
  try {
    const [requests, bytes, latency] = await Promise.all([
      prometheus.instant(requestsQuery(input), { atMs, signal }),
      prometheus.instant(bytesQuery(input), { atMs, signal }),
      prometheus.instant(latencyQuery(input, LATENCY)!, { atMs, signal }),
    ]);
    answers = { requests, bytes, latency };
  } catch (err) {
    if (!(err instanceof SourceError)) throw err;
    return { ...base, entityNodes: [], nodes: [], inbound: [], outbound: [], queries: 3, metricsError: err.message };
  }
  const namespaces = namespacesIn([answers], [entity.namespace], () => []);
  const graph = buildGraph({
    ...settings,
    namespaces: [entity.namespace],
    includeIdle: false,
    answers,
    topology: topologies.topologyOf(sources.kubernetes, namespaces),
    tolerances: compileTolerances(sources.config.health.tolerances),
    istioNamespace: sources.config.istioNamespace,
  });
  return { ...base, ...oneHop(graph, entity), queries: 3 };
}
