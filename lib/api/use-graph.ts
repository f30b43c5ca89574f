'use client';
import { graphRoute, type GraphType, type LatencyStat } from './graph.js';
import { useRoute } from './use-route.js';
import { useTimeControls } from './use-time-controls.js';

export interface GraphParams {
  namespaces: string[]; // empty = every namespace
  graphType: GraphType;
  injectServiceNodes: boolean;
  /** Kiali's operation nodes, from request_operation (an Istio Telemetry adds it). */
  operationNodes?: boolean;
  includeIdle: boolean;
  /** Asked only while response times are shown: the quantiles are Prometheus' most expensive query. */
  latency: LatencyStat[];
  compareOffset?: string;
}

/** The query parameters of /api/graph for these options and window. */
export function graphSearchParams(params: GraphParams, duration: string): Record<string, string | undefined> {
  return {
    namespaces: params.namespaces.join(','),
    graphType: params.graphType,
    duration,
    injectServiceNodes: String(params.injectServiceNodes),
    // Left out when off: the route's default, and the same URL as before the option existed.
    operationNodes: params.operationNodes ? 'true' : undefined,
    includeIdle: String(params.includeIdle),
    latency: params.latency.join(','),
    compareOffset: params.compareOffset,
  };
}

export function useGraph(params: GraphParams) {
  const { window } = useTimeControls();
  // The last graph stays on screen while the next loads (useRoute's default), so the canvas keeps its layout.
  return useRoute(graphRoute, { search: graphSearchParams(params, window) });
}
