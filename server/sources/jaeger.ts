// The Jaeger query HTTP API (Jaeger, or Tempo's Jaeger-compatible endpoint): services, operations, traces.
import type { JaegerConfig } from '../config.js';
import { timedSourceCall } from '../observability/source-call.js';
import { HttpFailure, httpCall, seconds } from './http-get.js';
import { JaegerError } from '../errors.js';

export interface JaegerTag {
  key: string;
  type?: string;
  value: unknown;
}

export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references: { refType: string; traceID: string; spanID: string }[];
  startTime: number; // µs since the epoch
  duration: number; // µs
  tags: JaegerTag[];
  logs?: { timestamp: number; fields: JaegerTag[] }[];
  processID: string;
  warnings?: string[] | null;
}

export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string; tags?: JaegerTag[] }>;
  warnings?: string[] | null;
}

export interface TraceSearch {
  service: string;
  operation?: string;
  tags?: Record<string, string>;
  startMs?: number;
  endMs?: number;
  /** A Go duration such as 1h; used when startMs is not given. */
  lookback?: string;
  minDuration?: string;
  maxDuration?: string;
  limit?: number;
}

export interface JaegerSource {
  readonly url: string;
  services(options?: { signal?: AbortSignal }): Promise<string[]>;
  operations(service: string, options?: { signal?: AbortSignal }): Promise<string[]>;
  findTraces(search: TraceSearch, options?: { signal?: AbortSignal }): Promise<JaegerTrace[]>;
  /** null when Jaeger does not know the trace. */
  trace(traceId: string, options?: { signal?: AbortSignal }): Promise<JaegerTrace | null>;
}

interface Envelope {
  data?: unknown;
  errors?: { code?: number; msg?: string }[] | null;
}

export function createJaegerSource(config: Pick<JaegerConfig, 'url' | 'timeoutMs'>): JaegerSource {
  const baseUrl = config.url.replace(/\/+$/, '');

  async function get(
    path: string,
    operation: string,
    signal: AbortSignal | undefined,
    allow404 = false,
  ): Promise<unknown> {
    return timedSourceCall('jaeger', operation, async () => {
      let answer;
      try {
        answer = await httpCall({ url: `${baseUrl}${path}`, timeoutMs: config.timeoutMs, signal });
      } catch (err) {
        if (!(err instanceof HttpFailure)) throw err;
        if (err.kind === 'timeout')
          throw new JaegerError(
            'timeout',
            `Jaeger at ${baseUrl} did not answer in ${seconds(config.timeoutMs)} (JAEGER_URL)`,
            err,
          );
        if (err.kind === 'too-large')
          throw new JaegerError('malformed', `Jaeger at ${baseUrl} sent too much data: ${err.message}`, err);
        throw new JaegerError('unreachable', `Jaeger at ${baseUrl} is unreachable: ${err.message} (JAEGER_URL)`, err);
      }
      if (allow404 && answer.status === 404) return null;
      let body: Envelope;
      try {
        body = JSON.parse(answer.text) as Envelope;
      } catch (err) {
        const what = answer.text.trim().slice(0, 80);
        if (answer.status >= 500)
          throw new JaegerError(
            'unreachable',
            `Jaeger at ${baseUrl} answered ${answer.status}${what ? `: ${what}` : ''}`,
            err,
          );
        throw new JaegerError(
          'malformed',
          `Jaeger at ${baseUrl} answered ${answer.status} with something other than JSON; is JAEGER_URL the Jaeger query API?`,
          err,
        );
      }
      if (answer.status >= 400 || (body.errors && body.errors.length > 0)) {
        const msg = body.errors?.map((e) => e.msg).join('; ') || `status ${answer.status}`;
        throw new JaegerError(
          answer.status >= 500 ? 'unreachable' : 'rejected',
          `Jaeger at ${baseUrl} refused ${path.split('?')[0]}: ${msg}`,
        );
      }
      return body.data;
    });
  }

  function list(data: unknown, what: string): unknown[] {
    if (data === null) return [];
    if (!Array.isArray(data))
      throw new JaegerError('malformed', `Jaeger at ${baseUrl} answered ${what} that is not a list`);
    return data;
  }

  return {
    url: baseUrl,
    async services(options = {}) {
      return (list(await get('/api/services', 'services', options.signal), 'services') as string[]).sort();
    },
    async operations(service, options = {}) {
      const data = await get(`/api/services/${encodeURIComponent(service)}/operations`, 'operations', options.signal);
      return (list(data, 'operations') as unknown[])
        .map((op) => (typeof op === 'string' ? op : (op as { name: string }).name))
        .sort();
    },
    async findTraces(search, options = {}) {
      const params = new URLSearchParams({ service: search.service, limit: String(search.limit ?? 20) });
      if (search.operation) params.set('operation', search.operation);
      if (search.tags && Object.keys(search.tags).length > 0) params.set('tags', JSON.stringify(search.tags));
      if (search.startMs !== undefined) params.set('start', String(search.startMs * 1000));
      if (search.endMs !== undefined) params.set('end', String(search.endMs * 1000));
      if (search.startMs === undefined) params.set('lookback', search.lookback ?? '1h');
      if (search.minDuration) params.set('minDuration', search.minDuration);
      if (search.maxDuration) params.set('maxDuration', search.maxDuration);
      return list(await get(`/api/traces?${params}`, 'find-traces', options.signal), 'traces') as JaegerTrace[];
    },
    async trace(traceId, options = {}) {
      const data = await get(`/api/traces/${encodeURIComponent(traceId)}`, 'trace', options.signal, true);
      const traces = list(data, 'a trace') as JaegerTrace[];
      return traces[0] ?? null;
    },
  };
}
