// The traces of an app, workload or service: asks the backend for the entity's tracing services in the range, then
// keeps the traces one of the entity's own spans matches (the same filters for Jaeger and Tempo), newest first.
import type { EntityRef } from '../../../lib/api/entity-ref.js';
import type { EntityTracesQuery, EntityTracesResponse, Trace } from '../../../lib/api/traces.js';
import { InputError } from '../../errors.js';
import { requireEntity } from '../../mesh/require-entity.js';
import type { Sources } from '../../sources/sources.js';
import { entityScope } from '../entity-scope.js';
import { filterTraces } from '../filter-traces.js';
import { goDurationMicros } from '../go-duration.js';
import { visibleTrace } from '../visible-trace.js';
import { traceBackend } from './trace-backend.js';

const DEFAULT_LOOKBACK_US = 3600e6;

/** Jaeger's tags parameter: a JSON object of tag → string value. */
export function parseTagsParam(tags: string | undefined): Record<string, string> | undefined {
  if (!tags) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(tags);
  } catch {
    throw new InputError('tags: not JSON; write a JSON object of tag to value, such as {"http.status_code":"500"}');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new InputError('tags: must be a JSON object of tag to value, such as {"http.status_code":"500"}');
  return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
}

export async function loadEntityTraces(
  sources: Pick<Sources, 'kubernetes' | 'jaeger' | 'tempo' | 'access'>,
  entity: EntityRef,
  query: EntityTracesQuery,
  signal?: AbortSignal,
  nowUs = Date.now() * 1000,
): Promise<EntityTracesResponse> {
  requireEntity(sources.kubernetes, entity);
  const endUs = query.end ?? nowUs;
  const startUs = query.start ?? endUs - DEFAULT_LOOKBACK_US;
  if (startUs >= endUs) throw new InputError('start: must be before end (both unix microseconds)');
  const tags = parseTagsParam(query.tags);
  const minDurationUs = query.minDuration ? goDurationMicros(query.minDuration, 'minDuration') : undefined;
  const maxDurationUs = query.maxDuration ? goDurationMicros(query.maxDuration, 'maxDuration') : undefined;
  const error = query.error === undefined ? undefined : query.error === 'true';
  const scope = entityScope(sources.kubernetes, entity);
  const backend = traceBackend(sources);
  // error=true narrows at the backend (Envoy tags failed spans error=true); error=false is only known per trace.
  const backendTags = error === true ? { ...tags, error: 'true' } : tags;
  const found = await Promise.all(
    scope.services.map((service) =>
      backend.find(
        {
          service,
          startUs,
          endUs,
          limit: query.limit,
          operation: query.operation,
          tags: backendTags,
          minDuration: query.minDuration,
          maxDuration: query.maxDuration,
        },
        signal,
      ),
    ),
  );
  const byId = new Map<string, Trace>();
  for (const trace of found.flat()) if (!byId.has(trace.traceId)) byId.set(trace.traceId, trace);
  const traces = filterTraces([...byId.values()], {
    owns: scope.owns,
    operation: query.operation,
    tags,
    minDurationUs,
    maxDurationUs,
    error,
  })
    .filter((t) => t.startTime + t.duration >= startUs && t.startTime <= endUs)
    .sort((a, b) => b.startTime - a.startTime)
    .slice(0, query.limit);
  const visible = sources.access.visibleNamespaces();
  return { traces: traces.map((t) => visibleTrace(t, visible) ?? t) };
}
