'use client';
// The traffic panel's data, against the contract (lib/api/traffic-change.ts): the routing it starts from, the
// history, and the plan/apply/rollback calls. Stand-in until Helper W's hooks (lib/api/use-traffic-change.ts) land;
// the panel imports only from here, so switching is one file.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { routeUrl } from '@/lib/api/api-route';
import { postJson } from '@/lib/api/fetch-json';
import { graphRoute } from '@/lib/api/graph';
import {
  trafficChangeBody,
  trafficChangeRoute,
  trafficHistoryRoute,
  trafficRollbackRoute,
  trafficRoutingRoute,
  rollbackBody,
  type TrafficChangeResponse,
} from '@/lib/api/traffic-change';
import { useRoute } from '@/lib/api/use-route';

export interface ServiceRef {
  namespace: string;
  name: string;
}

const pathOf = (s: ServiceRef) => ({ ns: s.namespace, name: s.name });

export function useTrafficRouting(service: ServiceRef, enabled = true) {
  return useRoute(trafficRoutingRoute, { path: pathOf(service), enabled });
}

export function useTrafficHistory(service: ServiceRef, enabled = true) {
  return useRoute(trafficHistoryRoute, { path: pathOf(service), enabled });
}

/**
 * After a change is written, what shows it is asked again at once rather than at the next poll: the panel's routing,
 * the history, and the graph (its next answer draws the new split's edges).
 */
function useRefetchAfterApply(service: ServiceRef) {
  const queryClient = useQueryClient();
  return (answer: TrafficChangeResponse) => {
    if (!answer.applied) return;
    for (const route of [trafficRoutingRoute.route, trafficHistoryRoute.route])
      void queryClient.invalidateQueries({ queryKey: [route, pathOf(service)] });
    void queryClient.invalidateQueries({ queryKey: [graphRoute.route] });
  };
}

/** Plans (dryRun) or applies a change; the body as the contract takes it. */
export function useTrafficChange(service: ServiceRef) {
  const refetch = useRefetchAfterApply(service);
  return useMutation({
    mutationFn: (body: z.input<typeof trafficChangeBody>) =>
      postJson(routeUrl(trafficChangeRoute.route, pathOf(service)), body, trafficChangeRoute.output),
    onSuccess: refetch,
  });
}

/** Plans (dryRun) or applies a return to the state before an audit entry. */
export function useTrafficRollback(service: ServiceRef) {
  const refetch = useRefetchAfterApply(service);
  return useMutation({
    mutationFn: (body: z.input<typeof rollbackBody>) =>
      postJson(routeUrl(trafficRollbackRoute.route, pathOf(service)), body, trafficRollbackRoute.output),
    onSuccess: refetch,
  });
}
