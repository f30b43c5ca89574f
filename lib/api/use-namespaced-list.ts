'use client';
import { keepPreviousData, useQueries, type UseQueryResult } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { z } from 'zod';
import type { ApiRoute } from './api-route.js';
import { routeQuery } from './route-query.js';
import { useTimeControls } from './use-time-controls.js';

export interface NamespacedList<T> {
  /** Rows of every namespace that answered; undefined until the first namespace answers. */
  data: T[] | undefined;
  /** The first failure, as a sentence naming the namespace. */
  error: Error | null;
  isPending: boolean;
  isFetching: boolean;
}

function combineLists<T>(namespaces: string[], results: UseQueryResult<T[]>[]): NamespacedList<T> {
  const answered = results.filter((r) => r.data !== undefined);
  const failedAt = results.findIndex((r) => r.error);
  const failed = results[failedAt];
  return {
    data: answered.length > 0 || namespaces.length === 0 ? answered.flatMap((r) => r.data ?? []) : undefined,
    error: failed?.error ? new Error(`${namespaces[failedAt]}: ${failed.error.message}`) : null,
    isPending: namespaces.length > 0 && answered.length === 0 && results.some((r) => r.isPending),
    isFetching: results.some((r) => r.isFetching),
  };
}

/**
 * One query per namespace of a list route (`/api/namespaces/[ns]/…`, answering an array), merged into one list. The
 * keys are the ones useRoute gives the same route, so a list and a single-namespace read share their cache.
 */
export function useNamespacedList<T>(route: ApiRoute<z.ZodType<T[]>>, namespaces: string[]): NamespacedList<T> {
  const { window, refreshMs } = useTimeControls();
  const key = namespaces.join(',');
  // A stable combine lets react-query hand back the same merged list until a namespace's data changes.
  const combine = useCallback(
    (results: UseQueryResult<T[]>[]) => combineLists(key ? key.split(',') : [], results),
    [key],
  );
  return useQueries({
    queries: namespaces.map((ns) => {
      return {
        ...routeQuery(route, { path: { ns }, search: { window } }),
        refetchInterval: refreshMs ?? false,
        // Each namespace keeps its own rows (its key's path never changes) while another window loads.
        placeholderData: keepPreviousData,
      };
    }),
    combine,
  });
}
