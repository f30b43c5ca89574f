'use client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { fetchJson, toSearch } from './fetch-json.js';
import { workload, workloadsResponse, type Workload } from './workloads.js';
import { useNamespacedList } from './use-namespaced-list.js';
import { useTimeControls } from './use-time-controls.js';

export function useWorkloads(namespaces: string[]) {
  return useNamespacedList<Workload>('workloads', namespaces, workloadsResponse);
}

export function useWorkload(namespace: string, name: string) {
  const { window, refreshMs } = useTimeControls();
  return useQuery({
    queryKey: ['workloads', namespace, name, { window }],
    queryFn: ({ signal }) =>
      fetchJson(
        `/api/namespaces/${encodeURIComponent(namespace)}/workloads/${encodeURIComponent(name)}?${toSearch({ window })}`,
        workload,
        signal,
      ),
    refetchInterval: refreshMs ?? false,
    placeholderData: keepPreviousData,
  });
}
