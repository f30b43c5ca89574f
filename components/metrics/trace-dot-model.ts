import { appTracesRoute, serviceTracesRoute, workloadTracesRoute } from '@/lib/api/traces';

/** A trace as the duration charts draw it: when it started (unix s), how long it took (ms), whether it failed. */
export interface TraceDot {
  traceId: string;
  t: number;
  durationMs: number;
  error: boolean;
}

export const TRACE_ROUTES_BY_RESOURCE = {
  apps: appTracesRoute,
  workloads: workloadTracesRoute,
  services: serviceTracesRoute,
} as const;

/** Charts whose values are request durations: the ones a trace's duration belongs on. */
export const DURATION_CHARTS = new Set(['durationP50', 'durationP95', 'durationP99', 'durationMean']);
