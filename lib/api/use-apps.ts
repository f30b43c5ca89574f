'use client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { fetchJson, toSearch } from './fetch-json.js';
import { app, appsResponse, type App } from './apps.js';
import { useNamespacedList } from './use-namespaced-list.js';
import { useTimeControls } from './use-time-controls.js';

export function useApps(namespaces: string[]) {
  return useNamespacedList<App>('apps', namespaces, appsResponse);
}

export function useApp(namespace: string, name: string) {
  const { window, refreshMs } = useTimeControls();
  return useQuery({
    queryKey: ['apps', namespace, name, { window }],
    queryFn: ({ signal }) =>
      fetchJson(
        `/api/namespaces/${encodeURIComponent(namespace)}/apps/${encodeURIComponent(name)}?${toSearch({ window })}`,
        app,
        signal,
      ),
    refetchInterval: refreshMs ?? false,
    placeholderData: keepPreviousData,
  });
}
