// The Kubernetes API of the mesh in a box: what the mesh's wiring and the tests need, in one import.
export { startKubeApi, type KubeApi, type KubeApiOptions } from './start-kube-api.js';
export { writeKubeconfig, type KubeconfigOptions } from './write-kubeconfig.js';
export type { FailNextOptions, FaultStatus, ForbidRule, KubeFaults } from './kube-faults.js';
export type {
  KubeApiHooks,
  PodLogEntry,
  PodLogQuery,
  PodLogSource,
  PodProxyAnswer,
  PodProxyQuery,
} from './kube-api-hooks.js';
