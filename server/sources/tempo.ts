// Grafana Tempo's own HTTP API (grafana.com/docs/tempo/latest/api_docs): `/api/search` finds trace ids by a TraceQL
// query (`q`) in a time range (unix seconds); `/api/traces/{id}` answers one trace as OTLP JSON.
import type { TempoConfig } from '../config.js';
import { TempoError } from '../errors.js';
import { timedSourceCall } from '../observability/source-call.js';
import { HttpFailure, httpCall, seconds } from './http-get.js';

export interface TempoSearch {
  /** A TraceQL query (server/traces/tempo-traceql.ts), which carries every filter: Tempo applies them before `limit`. */
  query: string;
  startSeconds: number;
  endSeconds: number;
  limit: number;
}

export interface TempoSource {
  readonly url: string;
  search(search: TempoSearch, options?: { signal?: AbortSignal }): Promise<unknown>;
  /** null when Tempo does not know the trace (404). */
  trace(traceId: string, options?: { signal?: AbortSignal }): Promise<unknown>;
}

export function createTempoSource(config: Pick<TempoConfig, 'url' | 'timeoutMs'>): TempoSource {
  const baseUrl = config.url.replace(/\/+$/, '');

  async function get(path: string, operation: string, signal?: AbortSignal): Promise<unknown> {
    return timedSourceCall('tempo', operation, async () => {
      let answer;
      try {
        answer = await httpCall({
          url: `${baseUrl}${path}`,
          timeoutMs: config.timeoutMs,
          signal,
          headers: { accept: 'application/json' },
        });
      } catch (err) {
        if (!(err instanceof HttpFailure)) throw err;
        if (err.kind === 'timeout')
          throw new TempoError(
            'timeout',
            `Tempo at ${baseUrl} did not answer in ${seconds(config.timeoutMs)} (TEMPO_URL)`,
            err,
          );
        if (err.kind === 'too-large')
          throw new TempoError('malformed', `Tempo at ${baseUrl} sent too much data: ${err.message}`, err);
        throw new TempoError('unreachable', `Tempo at ${baseUrl} is unreachable: ${err.message} (TEMPO_URL)`, err);
      }
      if (answer.status === 404 && operation === 'trace') return null;
      const what = answer.text.trim().slice(0, 120);
      if (answer.status >= 400)
        throw new TempoError(
          answer.status >= 500 ? 'unreachable' : 'rejected',
          `Tempo at ${baseUrl} answered ${answer.status} to ${path.split('?')[0]}${what ? `: ${what}` : ''}`,
        );
      try {
        return JSON.parse(answer.text) as unknown;
      } catch (err) {
        throw new TempoError(
          'malformed',
          `Tempo at ${baseUrl} answered something other than JSON; is TEMPO_URL Tempo's HTTP API?`,
          err,
        );
      }
    });
  }

  return {
    url: baseUrl,
    search(search, options = {}) {
      // The tag-based parameters (tags, minDuration, maxDuration) are the other kind of search: q alone says it all.
      const params = new URLSearchParams({
        q: search.query,
        start: String(Math.floor(search.startSeconds)),
        end: String(Math.ceil(search.endSeconds)),
        limit: String(search.limit),
      });
      return get(`/api/search?${params}`, 'search', options.signal);
    },
    trace(traceId, options = {}) {
      return get(`/api/traces/${encodeURIComponent(traceId)}`, 'trace', options.signal);
    },
  };
}
