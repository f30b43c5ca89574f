'use client';
import type { EntityRef } from './entity-ref.js';
import { appTracesRoute, serviceTracesRoute, traceRoute, workloadTracesRoute } from './traces.js';
import { useRoute } from './use-route.js';

const ROUTES = { apps: appTracesRoute, workloads: workloadTracesRoute, services: serviceTracesRoute } as const;

/** What the Traces tab asks for, as the route's query parameters (start/end in unix µs, durations in Go's words). */
export interface TraceSearchParams {
  start?: number;
  end?: number;
  limit?: number;
  operation?: string;
  minDuration?: string;
  maxDuration?: string;
  tags?: string;
  error?: 'true' | 'false';
}

/** The traces touching an app, workload or service, polled at the shell's refresh. */
export function useEntityTraces(entity: EntityRef, params: TraceSearchParams, enabled = true) {
  return useRoute(ROUTES[entity.resource], {
    path: { ns: entity.namespace, name: entity.name },
    search: {
      start: params.start?.toString(),
      end: params.end?.toString(),
      limit: params.limit?.toString(),
      operation: params.operation,
      minDuration: params.minDuration,
      maxDuration: params.maxDuration,
      tags: params.tags,
      error: params.error,
    },
    enabled,
  });
}

/** One trace by id; null id holds the fetch. */
export function useTrace(traceId: string | null) {
  return useRoute(traceRoute, { path: traceId ? { traceId } : {}, enabled: traceId !== null, keepPrevious: false });
}
