'use client';
import { useMutation } from '@tanstack/react-query';
import { routeUrl } from './api-route.js';
import { postJson } from './fetch-json.js';
import { simulateResponse, simulateRoute, workloadSecurityRoute } from './security.js';
import { useRoute } from './use-route.js';

/** The workload's security over the last hour (the window for "seen calling"), at the shell's refresh. */
export function useWorkloadSecurity(namespace: string, name: string) {
  return useRoute(workloadSecurityRoute, { path: { ns: namespace, name }, search: { duration: '1h' } });
}

/** Simulates a pasted AuthorizationPolicy (YAML or JSON text) over the namespace's last hour of calls. */
export function useSimulatePolicy(namespace: string) {
  return useMutation({
    mutationFn: (policy: string) =>
      postJson(routeUrl(simulateRoute.route, { ns: namespace }), { policy }, simulateResponse),
  });
}
