'use client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { fetchJson, toSearch } from './fetch-json.js';
import { graphResponse, type GraphType, type LatencyStat } from './graph.js';
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

export function graphSearch(params: GraphParams, duration: string): string {
  return toSearch({
    namespaces: params.namespaces.join(','),
    graphType: params.graphType,
    duration,
    injectServiceNodes: String(params.injectServiceNodes),
    // Left out when off: the route's default, and the same URL as before the option existed.
    operationNodes: params.operationNodes ? 'true' : undefined,
    includeIdle: String(params.includeIdle),
    latency: params.latency.join(','),
    compareOffset: params.compareOffset,
  });
}

export function useGraph(params: GraphParams) {
  const { window, refreshMs } = useTimeControls();
  return useQuery({
    queryKey: ['graph', params, { window }],
    queryFn: ({ signal }) => fetchJson(`/api/graph?${graphSearch(params, window)}`, graphResponse, signal),
    refetchInterval: refreshMs ?? false,
    // The last graph stays on screen while the next loads, so the canvas keeps its layout.
    placeholderData: keepPreviousData,
  });
}
