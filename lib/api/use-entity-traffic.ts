'use client';
import { entityTrafficRoute, type TrafficEntity } from './entity-traffic.js';
import { useRoute } from './use-route.js';
import { useTimeControls } from './use-time-controls.js';

/** One hop of the graph around an app, workload or service, over the page's window and at its refresh. */
export function useEntityTraffic(entity: TrafficEntity) {
  const { window } = useTimeControls();
  return useRoute(entityTrafficRoute, {
    path: { ns: entity.namespace, resource: entity.resource, name: entity.name },
    search: { duration: window },
  });
}
