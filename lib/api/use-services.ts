'use client';
import { serviceDetailRoute, servicesRoute, type Service } from './services.js';
import { useNamespacedList } from './use-namespaced-list.js';
import { useRoute } from './use-route.js';
import { useTimeControls } from './use-time-controls.js';

export function useServices(namespaces: string[]) {
  return useNamespacedList<Service>(servicesRoute, namespaces);
}

export function useService(namespace: string, name: string) {
  const { window } = useTimeControls();
  return useRoute(serviceDetailRoute, { path: { ns: namespace, name }, search: { window } });
}
