// The Traces tab's state in the URL, so a link, a reload or the back button lands on the same traces: the filters
// (`?operation=&status=&minDuration=&maxDuration=&tags=`), the dragged range (`?from=&to=`, lib/time-range.ts), the
// open trace (`?trace=`), its chosen span (`?span=`) and the trace compared with it (`?compare=`).
import { parseTimeRange, type TimeRange } from '../../lib/time-range.js';
import type { TraceSearchParams } from '../../lib/api/use-entity-traces.js';

export interface TraceFilterValues {
  operation: string;
  status: '' | 'error' | 'ok';
  minDuration: string;
  maxDuration: string;
  /** `key=value` pairs separated by spaces, as a person types them. */
  tags: string;
}

type Search = { get(name: string): string | null };

export function readFilters(search: Search): TraceFilterValues {
  const status = search.get('status');
  return {
    operation: search.get('operation') ?? '',
    status: status === 'error' || status === 'ok' ? status : '',
    minDuration: search.get('minDuration') ?? '',
    maxDuration: search.get('maxDuration') ?? '',
    tags: search.get('tags') ?? '',
  };
}

/** `http.status_code=503 response_flags=UF` → `{"http.status_code":"503","response_flags":"UF"}`; '' when none. */
export function tagsJson(text: string): string | undefined {
  const pairs = text
    .split(/\s+/)
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf('=');
      return at > 0 ? ([pair.slice(0, at), pair.slice(at + 1)] as const) : null;
    })
    .filter((p): p is readonly [string, string] => p !== null);
  return pairs.length ? JSON.stringify(Object.fromEntries(pairs)) : undefined;
}

/**
 * The route's parameters: the dragged range when there is one, else the page's window up to now. The window's start
 * is rounded to the minute so that the query (and its cache key) changes once a minute, not on every render.
 */
export function searchParams(
  filters: TraceFilterValues,
  range: TimeRange | null,
  windowSeconds: number,
  nowMs: number,
): TraceSearchParams {
  const start = range ? range.from : Math.floor(nowMs / 60_000) * 60 - windowSeconds;
  return {
    start: Math.floor(start * 1e6),
    end: range ? Math.ceil(range.to * 1e6) : undefined,
    limit: 200,
    operation: filters.operation || undefined,
    minDuration: filters.minDuration || undefined,
    maxDuration: filters.maxDuration || undefined,
    tags: tagsJson(filters.tags),
    error: filters.status === 'error' ? 'true' : filters.status === 'ok' ? 'false' : undefined,
  };
}

export const readRange = (search: Search): TimeRange | null => parseTimeRange(search);
