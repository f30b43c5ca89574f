// The key and the fetch of a route's answer, apart from the hooks that poll it: useRoute polls at the shell's refresh,
// which useTimeControls computes from Prometheus' own answer (usePrometheusStatus), fetched through here too.
import type { z } from 'zod';
import { routeUrl, type ApiRoute } from './api-route.js';
import { fetchJson } from './fetch-json.js';

export interface RouteRequest {
  /** The route's `[param]` values. */
  path?: Record<string, string>;
  /** Query parameters; undefined and empty ones are left out. */
  search?: Record<string, string | undefined>;
  /**
   * Keep the last answer on screen while the next loads (a refresh, another window), but only for the same path:
   * another workload's page must never show this one's data. Off for charts, where no stand-in is better.
   */
  keepPrevious?: boolean;
  /** False holds the fetch until its inputs are ready (a panel that is not open yet). */
  enabled?: boolean;
}

export type RouteKey = readonly [
  route: string,
  path: Record<string, string>,
  search: Record<string, string | undefined>,
];

/** The key of a route's answer: the route itself first, then every input of the fetch. */
function routeKey(api: ApiRoute<z.ZodType>, request: RouteRequest): RouteKey {
  return [api.route, request.path ?? {}, request.search ?? {}] as const;
}

/**
 * The key and the fetch of a route's answer, parsed with that route's own contract. Every hook of lib/api is built on
 * this: useRoute (use-route.ts), the per-namespace lists, and the few reads with a polling rule of their own.
 */
export function routeQuery<T>(api: ApiRoute<z.ZodType<T>>, request: RouteRequest = {}) {
  const queryKey = routeKey(api, request);
  return {
    queryKey,
    queryFn: ({ signal }: { signal: AbortSignal }) =>
      fetchJson(routeUrl(api.route, queryKey[1], queryKey[2]), api.output, signal),
  };
}
