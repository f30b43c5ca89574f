'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { routeUrl } from './api-route.js';
import { postJson } from './fetch-json.js';
import {
  trafficChangeResponse,
  trafficChangeRoute,
  trafficHistoryRoute,
  trafficRollbackRoute,
  trafficRoutingRoute,
  type TrafficChangeBody,
} from './traffic-change.js';
import { useRoute } from './use-route.js';

type Service = { namespace: string; name: string };
const path = (s: Service) => ({ ns: s.namespace, name: s.name });

/** How the service is routed now (versions, weights, dark launch, mirroring, resilience), whether the user may change it. */
export function useTrafficRouting(service: Service, enabled = true) {
  return useRoute(trafficRoutingRoute, { path: path(service), enabled });
}

/** The service's audit log, newest first. */
export function useTrafficHistory(service: Service, enabled = true) {
  return useRoute(trafficHistoryRoute, { path: path(service), enabled });
}

type ChangeInput = Omit<Partial<TrafficChangeBody>, 'dryRun' | 'resourceVersion'>;

/** Plans a change and checks it (dryRun): the diff, findings, warnings and access; writes nothing. */
export function usePlanTraffic(service: Service) {
  return useMutation({
    mutationFn: (change: ChangeInput) =>
      postJson(routeUrl(trafficChangeRoute.route, path(service)), { ...change, dryRun: true }, trafficChangeResponse),
  });
}

/** After every write: the routing, the history and the graph read again. */
function useRefreshAfterWrite(service: Service) {
  const client = useQueryClient();
  return () => {
    for (const route of [trafficRoutingRoute.route, trafficHistoryRoute.route])
      void client.invalidateQueries({ queryKey: [route, path(service)] });
    void client.invalidateQueries({ queryKey: ['/api/graph'] });
  };
}

/** Applies exactly the plan the user reviewed: its resourceVersion; a 409 means it changed since (plan again). */
export function useApplyTraffic(service: Service) {
  const refresh = useRefreshAfterWrite(service);
  return useMutation({
    mutationFn: ({ change, resourceVersion }: { change: ChangeInput; resourceVersion: string }) =>
      postJson(
        routeUrl(trafficChangeRoute.route, path(service)),
        { ...change, dryRun: false, resourceVersion },
        trafficChangeResponse,
      ),
    onSettled: refresh,
  });
}

/**
 * Plans (dryRun, no resourceVersion) or applies (with the plan's resourceVersion) the state before an audit entry's
 * change; `to` absent: the last applied change.
 */
export function useRollback(service: Service) {
  const refresh = useRefreshAfterWrite(service);
  return useMutation({
    mutationFn: (input: { to?: string; dryRun: boolean; resourceVersion?: string }) =>
      postJson(routeUrl(trafficRollbackRoute.route, path(service)), input, trafficChangeResponse),
    onSettled: refresh,
  });
}
