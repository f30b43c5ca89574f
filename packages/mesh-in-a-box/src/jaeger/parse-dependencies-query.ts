// The parameters of jaeger-query's GET /api/dependencies (cmd/query/app/query_parser.go,
// parseDependenciesQueryParams): endTs in epoch milliseconds (now when absent) and lookback in milliseconds (24 hours
// when absent, default_params.go), both read by strconv.ParseInt; the handler (http_handler.go, dependencies) also
// reads an optional service to keep only the links that touch it.

import { GoParseError, parseGoInt64 } from './go-strconv.js';
import { JaegerParamError } from './parse-trace-query.js';

export const DEFAULT_DEPENDENCY_LOOKBACK_MS = 24 * 3_600_000;

export interface DependenciesQuery {
  endMs: number;
  lookbackMs: number;
  service?: string;
}

export function parseDependenciesQuery(params: URLSearchParams, nowMs: number): DependenciesQuery {
  const endMs = millis(params, 'endTs') ?? nowMs;
  const lookbackMs = millis(params, 'lookback') ?? DEFAULT_DEPENDENCY_LOOKBACK_MS;
  const service = params.get('service') || undefined;
  return { endMs, lookbackMs, ...(service ? { service } : {}) };
}

// Go's r.FormValue reads the first value; an empty one counts as absent.
function millis(params: URLSearchParams, name: string): number | undefined {
  const text = params.get(name);
  if (text === null || text === '') return undefined;
  try {
    return parseGoInt64(text);
  } catch (err) {
    if (!(err instanceof GoParseError)) throw err;
    throw new JaegerParamError(name, `unable to parse param '${name}': ${err.message}`);
  }
}
