'use client';
import { entityMetricsRoutes, type MetricSplit } from './entity-metrics.js';
import { useRoute } from './use-route.js';
import { useTimeControls } from './use-time-controls.js';

export interface EntityMetricsParams {
  namespace: string;
  resource: keyof typeof entityMetricsRoutes;
  name: string;
  direction: 'inbound' | 'outbound';
  by?: MetricSplit;
  /** Absent: the route's default for the direction. */
  reporter?: 'source' | 'destination';
}

/** Every chart of a detail page's Metrics tab in one request, over the shell's window, polled at its refresh. */
export function useEntityMetrics(params: EntityMetricsParams) {
  const { window } = useTimeControls();
  return useRoute(entityMetricsRoutes[params.resource], {
    path: { ns: params.namespace, name: params.name },
    search: { direction: params.direction, by: params.by, reporter: params.reporter, duration: window },
    // Another split's or direction's lines must not stand in while this one loads.
    keepPrevious: false,
  });
}
