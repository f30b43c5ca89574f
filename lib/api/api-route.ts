import type { z } from 'zod';

/**
 * One API route: its path, as Next's folders spell it (`/api/namespaces/[ns]/workloads/[name]`), bound to the
 * contract of its answer. The handler (`jsonRoute`) and the hook (`useRoute`) both take this one object, so a hook
 * cannot parse an answer with another route's schema, and the cache key of an answer names the route it came from.
 */
export interface ApiRoute<S extends z.ZodType> {
  readonly route: string;
  readonly output: S;
  /** One path may answer a read (GET) and a change (POST) with two contracts, e.g. a service's traffic. */
  readonly method: 'GET' | 'POST';
}

export function apiRoute<S extends z.ZodType>(route: string, output: S, method: 'GET' | 'POST' = 'GET'): ApiRoute<S> {
  return { route, output, method };
}

/** The names of a route's path parameters, in order: `/api/x/[ns]/[name]` → ['ns', 'name']. */
export function pathParams(route: string): string[] {
  return [...route.matchAll(/\[([^\]/]+)\]/g)].map((m) => m[1]!);
}

/**
 * The URL of a route for these parameters; every `[param]` of the path must be given (a hook that forgets one is a
 * bug, and says which). Empty search values are left out.
 */
export function routeUrl(
  route: string,
  path: Record<string, string> = {},
  search: Record<string, string | undefined> = {},
): string {
  const filled = route.replace(/\[([^\]/]+)\]/g, (_, name: string) => {
    const value = path[name];
    if (value === undefined || value === '') throw new Error(`${route} needs its path parameter ${name}`);
    return encodeURIComponent(value);
  });
  const query = toSearch(search);
  return query ? `${filled}?${query}` : filled;
}

/** `{ window: '5m', kind: undefined }` → `window=5m`. */
function toSearch(params: Record<string, string | undefined>): string {
  return new URLSearchParams(
    Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''),
  ).toString();
}
