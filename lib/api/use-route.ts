'use client';
import { keepPreviousData, useQuery, type UseQueryResult } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ApiRoute } from './api-route.js';
import { routeQuery, type RouteKey, type RouteRequest } from './route-query.js';
import { useTimeControls } from './use-time-controls.js';

const samePath = (a: Record<string, string>, b: Record<string, string>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

/**
 * The one data hook: fetches a route, parses the body with that route's own contract, polls at the shell's refresh
 * interval. Every hook of lib/api is this one with a route and its inputs.
 */
export function useRoute<T>(api: ApiRoute<z.ZodType<T>>, request: RouteRequest = {}): UseQueryResult<T> {
  const { refreshMs } = useTimeControls();
  const query = routeQuery(api, request);
  const key = query.queryKey;
  return useQuery<T, Error, T, RouteKey>({
    ...query,
    enabled: request.enabled,
    refetchInterval: refreshMs ?? false,
    placeholderData:
      request.keepPrevious === false
        ? undefined
        : (previous, previousQuery) =>
            previousQuery && samePath(previousQuery.queryKey[1], key[1]) ? keepPreviousData(previous) : undefined,
  });
}
