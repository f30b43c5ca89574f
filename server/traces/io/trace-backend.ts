// The one door to traces: Tempo's own API when TEMPO_URL is set, else Jaeger's query API; both answer the console's
// Trace. Neither configured is the backend's failure (the Traces tab greys with the reason), not a crash.
import type { Trace } from '../../../lib/api/traces.js';
import { JaegerError } from '../../errors.js';
import type { Sources } from '../../sources/sources.js';
import { jaegerToTrace } from '../jaeger-to-trace.js';
import { tempoSearchIds, tempoToTrace, type TempoSearchAnswer, type TempoTraceAnswer } from '../tempo-to-trace.js';
import { traceQlOf } from '../tempo-traceql.js';
import { mapLimited } from '../../map-limited.js';

export interface BackendSearch {
  service: string;
  startUs: number;
  endUs: number;
  limit: number;
  operation?: string;
  tags?: Record<string, string>;
  minDuration?: string;
  maxDuration?: string;
}

export interface TraceBackend {
  find(search: BackendSearch, signal?: AbortSignal): Promise<Trace[]>;
  /** null when the backend does not know the trace. */
  get(traceId: string, signal?: AbortSignal): Promise<Trace | null>;
}

// Tempo's search answers ids; each trace is a second call. A few at a time keeps Tempo and the console responsive.
const TEMPO_PARALLEL = 8;

export function traceBackend(sources: Pick<Sources, 'jaeger' | 'tempo'>): TraceBackend {
  const { tempo, jaeger } = sources;
  if (tempo) {
    const get = async (traceId: string, signal?: AbortSignal) => {
      const answer = (await tempo.trace(traceId, { signal })) as TempoTraceAnswer | null;
      return answer ? tempoToTrace(answer, traceId) : null;
    };
    return {
      async find(search, signal) {
        // Every filter goes to Tempo as TraceQL, so its limit counts matching traces (the console's filter after it
        // then only confirms them).
        const answer = (await tempo.search(
          {
            query: traceQlOf(search),
            startSeconds: search.startUs / 1e6,
            endSeconds: search.endUs / 1e6,
            limit: search.limit,
          },
          { signal },
        )) as TempoSearchAnswer;
        const traces = await mapLimited(tempoSearchIds(answer), TEMPO_PARALLEL, (id) => get(id, signal));
        return traces.filter((t): t is Trace => t !== null);
      },
      get,
    };
  }
  if (jaeger) {
    return {
      async find(search, signal) {
        const answer = await jaeger.findTraces(
          {
            service: search.service,
            operation: search.operation,
            tags: search.tags,
            // Whole ms: the source writes µs back as start*1000, which must stay an integer for Jaeger to parse it.
            startMs: Math.floor(search.startUs / 1000),
            endMs: Math.ceil(search.endUs / 1000),
            limit: search.limit,
            minDuration: search.minDuration,
            maxDuration: search.maxDuration,
          },
          { signal },
        );
        return answer.map(jaegerToTrace);
      },
      async get(traceId, signal) {
        const answer = await jaeger.trace(traceId, { signal });
        return answer ? jaegerToTrace(answer) : null;
      },
    };
  }
  const missing = async (): Promise<never> => {
    throw new JaegerError('unreachable', 'No tracing backend is configured: set JAEGER_URL or TEMPO_URL');
  };
  return { find: missing, get: missing };
}
