'use client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { fetchJson, toSearch } from './fetch-json.js';
import { useTimeControls } from './use-time-controls.js';
import { objectValidationsResponse, validationsResponse } from './validations.js';

export function useValidations(params: { namespace?: string }) {
  const { refreshMs } = useTimeControls();
  return useQuery({
    queryKey: ['validations', params],
    queryFn: ({ signal }) => fetchJson(`/api/validations?${toSearch(params)}`, validationsResponse, signal),
    refetchInterval: refreshMs ?? false,
    placeholderData: keepPreviousData,
  });
}

export function useObjectValidations(namespace: string, kind: string, name: string) {
  const { refreshMs } = useTimeControls();
  return useQuery({
    queryKey: ['validations', namespace, kind, name],
    queryFn: ({ signal }) =>
      fetchJson(
        `/api/validations/${[namespace, kind, name].map(encodeURIComponent).join('/')}`,
        objectValidationsResponse,
        signal,
      ),
    refetchInterval: refreshMs ?? false,
    placeholderData: keepPreviousData,
  });
}
