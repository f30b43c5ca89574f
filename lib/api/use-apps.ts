'use client';
import { appDetailRoute, appsRoute, type App } from './apps.js';
import { useNamespacedList } from './use-namespaced-list.js';
import { useRoute } from './use-route.js';
import { useTimeControls } from './use-time-controls.js';

export function useApps(namespaces: string[]) {
  return useNamespacedList<App>(appsRoute, namespaces);
}

/** The app's detail: the list entry plus its workloads and the Istio config naming its services. */
export function useApp(namespace: string, name: string) {
  const { window } = useTimeControls();
  return useRoute(appDetailRoute, { path: { ns: namespace, name }, search: { window } });
}
