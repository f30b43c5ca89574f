// The kinds the Kubernetes client watches, one informer each: the core and apps kinds the mesh model is built from,
// and the Istio kinds (lib/istio-kinds.ts, the list the pages share) in the version the cluster serves them.
import type { IstioKind } from '../../lib/istio-kinds.js';

export const CORE_KINDS = [
  'Namespace',
  'Pod',
  'Service',
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
] as const;
export type CoreKind = (typeof CORE_KINDS)[number];
export type CachedKind = CoreKind | IstioKind;

/** Where a kind is listed and watched: /api/{version}/{resource} for the core group, else /apis/{group}/{version}/… */
export interface ResourceType {
  kind: CachedKind;
  group: string;
  version: string;
  resource: string;
  namespaced: boolean;
}

export const CORE_TYPES: readonly ResourceType[] = [
  { kind: 'Namespace', group: '', version: 'v1', resource: 'namespaces', namespaced: false },
  { kind: 'Pod', group: '', version: 'v1', resource: 'pods', namespaced: true },
  { kind: 'Service', group: '', version: 'v1', resource: 'services', namespaced: true },
  { kind: 'Deployment', group: 'apps', version: 'v1', resource: 'deployments', namespaced: true },
  { kind: 'ReplicaSet', group: 'apps', version: 'v1', resource: 'replicasets', namespaced: true },
  { kind: 'StatefulSet', group: 'apps', version: 'v1', resource: 'statefulsets', namespaced: true },
  { kind: 'DaemonSet', group: 'apps', version: 'v1', resource: 'daemonsets', namespaced: true },
];

/** The API groups the Istio kinds are served in; which versions, the cluster says (discover-istio-kinds.ts). */
export const WATCHED_ISTIO_GROUPS = ['networking.istio.io', 'security.istio.io'];

/** An Istio kind as this cluster serves it: the version the cache reads and the resource's plural name. */
export interface ServedKind {
  kind: IstioKind;
  apiVersion: string;
  resource: string;
}
