'use client';
import type { EntityRef } from './entity-ref.js';
import { TRAFFIC_ROUTES } from './entity-traffic.js';
import { useRoute } from './use-route.js';
import { useTimeControls } from './use-time-controls.js';

/** One hop of the graph around an app, workload or service, over the page's window and at its refresh. */
export function useEntityTraffic(entity: EntityRef) {
  const { window } = useTimeControls();
  return useRoute(TRAFFIC_ROUTES[entity.resource], {
    path: { ns: entity.namespace, name: entity.name },
    search: { duration: window },
  });
}
