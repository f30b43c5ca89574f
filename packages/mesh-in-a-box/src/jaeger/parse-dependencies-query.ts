// The parameters of jaeger-query's GET /api/dependencies (cmd/query/app/query_parser.go,
// parseDependenciesQueryParams): endTs in epoch milliseconds (now when absent) and lookback in milliseconds (24 hours
// when absent, default_params.go), both read by strconv.ParseInt; the handler (http_handler.go, dependencies) also
// reads an optional service to keep only the links that touch it.

import { optionalInteger } from './parse-trace-query.js';

export const DEFAULT_DEPENDENCY_LOOKBACK_MS = 24 * 3_600_000;

export interface DependenciesQuery {
  endMs: number;
  lookbackMs: number;
  service?: string;
}

export function parseDependenciesQuery(params: URLSearchParams, nowMs: number): DependenciesQuery {
  const endMs = optionalInteger(params, 'endTs') ?? nowMs;
  const lookbackMs = optionalInteger(params, 'lookback') ?? DEFAULT_DEPENDENCY_LOOKBACK_MS;
  const service = params.get('service') || undefined;
  return { endMs, lookbackMs, ...(service ? { service } : {}) };
}
