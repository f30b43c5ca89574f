'use client';
import { podDetailRoute } from './pods.js';
import { useRoute } from './use-route.js';

/** One pod's page: containers, conditions, events and the Istio config applying to it. */
export function usePod(namespace: string, pod: string) {
  return useRoute(podDetailRoute, { path: { ns: namespace, pod } });
}
