'use client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { fetchJson, toSearch } from './fetch-json.js';
import { istioConfigResponse, istioObjectResponse } from './istio-config.js';
import { useTimeControls } from './use-time-controls.js';

export function useIstioConfig(params: { namespace?: string; kind?: string }) {
  const { refreshMs } = useTimeControls();
  return useQuery({
    queryKey: ['istio-config', params],
    queryFn: ({ signal }) => fetchJson(`/api/istio-config?${toSearch(params)}`, istioConfigResponse, signal),
    refetchInterval: refreshMs ?? false,
    placeholderData: keepPreviousData,
  });
}

export function useIstioObject(namespace: string, kind: string, name: string) {
  const { refreshMs } = useTimeControls();
  return useQuery({
    queryKey: ['istio-config', namespace, kind, name],
    queryFn: ({ signal }) =>
      fetchJson(
        `/api/istio-config/${[namespace, kind, name].map(encodeURIComponent).join('/')}`,
        istioObjectResponse,
        signal,
      ),
    refetchInterval: refreshMs ?? false,
  });
}
