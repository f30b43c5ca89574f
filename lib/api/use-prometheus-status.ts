'use client';
import { useQuery } from '@tanstack/react-query';
import { fetchJson } from './fetch-json.js';
import { prometheusStatus } from './prometheus-status.js';

/** Prometheus' retention and scrape interval: they change only when Prometheus is reconfigured, so asked once. */
export function usePrometheusStatus() {
  return useQuery({
    queryKey: ['prometheus-status'],
    queryFn: ({ signal }) => fetchJson('/api/prometheus', prometheusStatus, signal),
    staleTime: Infinity,
  });
}
