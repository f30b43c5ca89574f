// The I/O behind the "why" summary: the entity's one hop of the graph over exactly the range (and over the same range
// earlier when asked), the traces of the range from the tracing backend (Jaeger or Tempo), and the config changes from a little before the range to
// its end, all at once. Prometheus or Jaeger failing leaves its part out and says so; only an unknown entity fails.
import type { EntityRef } from '../../../lib/api/entity-ref.js';
import type { WhyQuery, WhyResponse } from '../../../lib/api/why.js';
import { changesTouching } from '../../changes/config-changes.js';
import { SourceError } from '../../errors.js';
import type { TopologyCache } from '../../graph/io/topology-cache.js';
import { loadEntityTraffic } from '../../graph/io/load-entity-traffic.js';
import { requireEntity } from '../../mesh/require-entity.js';
import type { Sources } from '../../sources/sources.js';
import { entityScope } from '../../traces/entity-scope.js';
import { traceBackend } from '../../traces/io/trace-backend.js';
import { criticalTimeByService } from '../why-critical-time.js';
import { buildWhyFindings, type WhyInput } from '../why-findings.js';

// A change this long before the range still explains it (a rollout, a push that took a while to reach the traffic).
export const CHANGES_BEFORE_SECONDS = 15 * 60;
// Traces read for the critical paths: enough for a share, light for Jaeger.
const TRACE_LIMIT = 50;
const COMPARE_SECONDS = { '1h': 3600, '1d': 86_400 } as const;
// The graph cut the summary reads: as the Traffic tab's, except that an app's edges are split by version, so that a
// failing canary is named (sa-webapp v1 → sa-logic v2), not hidden in the app's sum.
const WHY_GRAPH = {
  apps: { graphType: 'versionedApp', injectServiceNodes: false },
  workloads: { graphType: 'workload', injectServiceNodes: false },
  services: { graphType: 'versionedApp', injectServiceNodes: true },
} as const;

async function tracesOf(
  sources: Sources,
  entity: EntityRef,
  range: { fromMs: number; toMs: number },
  signal?: AbortSignal,
): Promise<WhyInput['traces']> {
  if (!sources.jaeger && !sources.tempo) return null;
  try {
    // The entity's tracing services and spans as the Traces tab reads them (a workload keeps the traces its own
    // pods took part in).
    const scope = entityScope(sources.kubernetes, entity);
    const backend = traceBackend(sources);
    const found = await Promise.all(
      scope.services.map((service) =>
        backend.find({ service, startUs: range.fromMs * 1000, endUs: range.toMs * 1000, limit: TRACE_LIMIT }, signal),
      ),
    );
    const traces = found.flat().filter((t) => t.spans.some(scope.owns));
    return { count: traces.length, byService: criticalTimeByService(traces) };
  } catch (err) {
    if (!(err instanceof SourceError)) throw err;
    return { error: err.message, source: err.source === 'tempo' ? 'Tempo' : 'Jaeger' };
  }
}

export async function loadWhy(
  sources: Sources,
  topologies: TopologyCache,
  entity: EntityRef,
  query: WhyQuery,
  signal?: AbortSignal,
): Promise<WhyResponse> {
  requireEntity(sources.kubernetes, entity);
  const fromSeconds = Math.floor(query.start / 1e6);
  const toSeconds = Math.max(fromSeconds + 1, Math.ceil(query.end / 1e6));
  // The graph's rate over exactly the range, ending at its end: the edges' figures are the range's averages.
  const duration = `${toSeconds - fromSeconds}s`;
  const trafficAt = (endSeconds: number) =>
    loadEntityTraffic(
      sources,
      topologies,
      entity,
      { duration, queryTime: endSeconds },
      signal,
      Date.now,
      WHY_GRAPH[entity.resource],
    );
  const earlier = query.compare ? COMPARE_SECONDS[query.compare] : 0;
  const [traffic, compareTraffic, traces] = await Promise.all([
    trafficAt(toSeconds),
    query.compare ? trafficAt(toSeconds - earlier) : Promise.resolve(null),
    tracesOf(sources, entity, { fromMs: fromSeconds * 1000, toMs: toSeconds * 1000 }, signal),
  ]);
  const changes = changesTouching(entity, fromSeconds - CHANGES_BEFORE_SECONDS, toSeconds);
  const findings = buildWhyFindings({
    entity,
    fromSeconds,
    toSeconds,
    traffic,
    compare: compareTraffic && query.compare ? { label: query.compare, traffic: compareTraffic } : undefined,
    traces,
    changes,
  });
  return { start: query.start, end: query.end, findings };
}
