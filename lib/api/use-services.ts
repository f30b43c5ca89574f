'use client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { fetchJson, toSearch } from './fetch-json.js';
import { serviceDetailResponse, servicesResponse, type Service } from './services.js';
import { useNamespacedList } from './use-namespaced-list.js';
import { useTimeControls } from './use-time-controls.js';

export function useServices(namespaces: string[]) {
  return useNamespacedList<Service>('services', namespaces, servicesResponse);
}

export function useService(namespace: string, name: string) {
  const { window, refreshMs } = useTimeControls();
  return useQuery({
    queryKey: ['services', namespace, name, { window }],
    queryFn: ({ signal }) =>
      fetchJson(
        `/api/namespaces/${encodeURIComponent(namespace)}/services/${encodeURIComponent(name)}?${toSearch({ window })}`,
        serviceDetailResponse,
        signal,
      ),
    refetchInterval: refreshMs ?? false,
    placeholderData: keepPreviousData,
  });
}
