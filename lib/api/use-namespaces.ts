'use client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { fetchJson, toSearch } from './fetch-json.js';
import { namespacesResponse } from './namespaces.js';
import { useTimeControls } from './use-time-controls.js';

export function useNamespaces() {
  const { window, refreshMs } = useTimeControls();
  return useQuery({
    queryKey: ['namespaces', { window }],
    queryFn: ({ signal }) => fetchJson(`/api/namespaces?${toSearch({ window })}`, namespacesResponse, signal),
    refetchInterval: refreshMs ?? false,
    placeholderData: keepPreviousData,
  });
}
