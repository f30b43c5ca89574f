// The workload model of one namespace, read from the watch cache (no I/O): the lists, the overview and the graph's
// topology all start here.
import type { KubeCache } from '../sources/kube-cache.js';
import { buildWorkloads, type WorkloadModel } from './build-workloads.js';

export function namespaceWorkloads(cache: KubeCache, namespace: string): WorkloadModel[] {
  return buildWorkloads(namespace, {
    namespace: cache.get('Namespace', undefined, namespace),
    pods: cache.list('Pod', namespace),
    replicaSets: cache.list('ReplicaSet', namespace),
    deployments: cache.list('Deployment', namespace),
    statefulSets: cache.list('StatefulSet', namespace),
    daemonSets: cache.list('DaemonSet', namespace),
  });
}
