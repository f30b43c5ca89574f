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
    // Prometheus down or not saying yet: ask again now and then, so the picker narrows once it answers.
    refetchInterval: (query) => (query.state.data?.retentionSeconds == null ? 60_000 : false),
  });
}
