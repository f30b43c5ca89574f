'use client';
import { useQuery } from '@tanstack/react-query';
import { prometheusStatusRoute } from './prometheus-status.js';
import { routeQuery } from './route-query.js';

/**
 * Prometheus' retention and scrape interval: they change only when Prometheus is reconfigured, so asked once. Not
 * useRoute: that polls at the shell's refresh, which useTimeControls computes from this very answer.
 */
export function usePrometheusStatus() {
  return useQuery({
    ...routeQuery(prometheusStatusRoute),
    staleTime: Infinity,
    // Prometheus down or not saying yet: ask again now and then, so the picker narrows once it answers.
    refetchInterval: (query) => (query.state.data?.retentionSeconds == null ? 60_000 : false),
  });
}
