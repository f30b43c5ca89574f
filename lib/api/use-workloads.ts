'use client';
import { workloadDetailRoute, workloadsRoute, type Workload } from './workloads.js';
import { useNamespacedList } from './use-namespaced-list.js';
import { useRoute } from './use-route.js';
import { useTimeControls } from './use-time-controls.js';

export function useWorkloads(namespaces: string[]) {
  return useNamespacedList<Workload>(workloadsRoute, namespaces);
}

/** The workload's detail: the list entry plus its pods, services and the Istio config naming them. */
export function useWorkload(namespace: string, name: string) {
  const { window } = useTimeControls();
  return useRoute(workloadDetailRoute, { path: { ns: namespace, name }, search: { window } });
}
