import { groupResource, type GroupResource } from './kube-object.js';

/** One kind the Kubernetes API of the mesh in a box serves. */
export interface ResourceType {
  group: string; // '' for the core group
  versions: string[]; // served versions, preferred first; all share one storage
  resource: string; // plural, as in URLs
  kind: string;
  listKind: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  subresources?: string[];
}

/** Whether a kind is compiled into the API server, not served from a CustomResourceDefinition (Istio, Gateway API). */
export const isBuiltIn = (type: Pick<ResourceType, 'group'>): boolean => BUILT_IN_GROUPS.has(type.group);
// The groups the simulated API server compiles in; every other kind it serves comes from a CRD.
const BUILT_IN_GROUPS = new Set(['', 'apps', 'coordination.k8s.io', 'policy', 'rbac.authorization.k8s.io']);

const verbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
export const RESOURCE_VERBS = verbs;

function type(
  group: string,
  versions: string[],
  kind: string,
  resource: string,
  options: { namespaced?: boolean; shortNames?: string[]; categories?: string[]; subresources?: string[] } = {},
): ResourceType {
  return {
    group,
    versions,
    kind,
    resource,
    listKind: `${kind}List`,
    singular: kind.toLowerCase(),
    namespaced: options.namespaced ?? true,
    shortNames: options.shortNames,
    categories: options.categories,
    subresources: options.subresources,
  };
}

// Istio serves its CRDs under several versions at once; v1 is the storage and preferred version since Istio 1.22.
const NETWORKING = ['v1', 'v1beta1', 'v1alpha3'];
const SECURITY = ['v1', 'v1beta1'];
const istio = ['istio-io'];

export const RESOURCE_TYPES: ResourceType[] = [
  type('', ['v1'], 'Namespace', 'namespaces', { namespaced: false, shortNames: ['ns'], subresources: ['status'] }),
  type('', ['v1'], 'Pod', 'pods', {
    shortNames: ['po'],
    categories: ['all'],
    subresources: ['status', 'log', 'proxy'],
  }),
  type('', ['v1'], 'Service', 'services', { shortNames: ['svc'], categories: ['all'], subresources: ['status'] }),
  type('', ['v1'], 'Endpoints', 'endpoints', { shortNames: ['ep'] }),
  type('', ['v1'], 'ConfigMap', 'configmaps', { shortNames: ['cm'] }),
  type('', ['v1'], 'ServiceAccount', 'serviceaccounts', { shortNames: ['sa'], subresources: ['token'] }),
  type('', ['v1'], 'Event', 'events', { shortNames: ['ev'] }),
  type('', ['v1'], 'PersistentVolumeClaim', 'persistentvolumeclaims', { shortNames: ['pvc'] }),
  type('', ['v1'], 'Secret', 'secrets'),
  type('apps', ['v1'], 'Deployment', 'deployments', {
    shortNames: ['deploy'],
    categories: ['all'],
    subresources: ['status', 'scale'],
  }),
  type('apps', ['v1'], 'ReplicaSet', 'replicasets', {
    shortNames: ['rs'],
    categories: ['all'],
    subresources: ['status'],
  }),
  type('apps', ['v1'], 'StatefulSet', 'statefulsets', {
    shortNames: ['sts'],
    categories: ['all'],
    subresources: ['status'],
  }),
  type('apps', ['v1'], 'DaemonSet', 'daemonsets', {
    shortNames: ['ds'],
    categories: ['all'],
    subresources: ['status'],
  }),
  // Leases: leader election and other holders' locks (Sextant's canary runner holds one per run).
  type('coordination.k8s.io', ['v1'], 'Lease', 'leases'),
  // PodDisruptionBudgets are stored and served, as a manifest's (Sextant's deploy/) apply needs; nothing evicts pods
  // in the mesh in a box, so nothing reads them.
  type('policy', ['v1'], 'PodDisruptionBudget', 'poddisruptionbudgets', {
    shortNames: ['pdb'],
    subresources: ['status'],
  }),
  type('rbac.authorization.k8s.io', ['v1'], 'Role', 'roles'),
  type('rbac.authorization.k8s.io', ['v1'], 'ClusterRole', 'clusterroles', { namespaced: false }),
  type('rbac.authorization.k8s.io', ['v1'], 'RoleBinding', 'rolebindings'),
  type('rbac.authorization.k8s.io', ['v1'], 'ClusterRoleBinding', 'clusterrolebindings', { namespaced: false }),
  type('networking.istio.io', NETWORKING, 'VirtualService', 'virtualservices', {
    shortNames: ['vs'],
    categories: istio,
  }),
  type('networking.istio.io', NETWORKING, 'DestinationRule', 'destinationrules', {
    shortNames: ['dr'],
    categories: istio,
  }),
  type('networking.istio.io', NETWORKING, 'Gateway', 'gateways', { shortNames: ['gw'], categories: istio }),
  type('networking.istio.io', NETWORKING, 'ServiceEntry', 'serviceentries', { shortNames: ['se'], categories: istio }),
  type('networking.istio.io', NETWORKING, 'Sidecar', 'sidecars', { categories: istio }),
  type('networking.istio.io', NETWORKING, 'WorkloadEntry', 'workloadentries', {
    shortNames: ['we'],
    categories: istio,
  }),
  type('networking.istio.io', ['v1alpha3'], 'EnvoyFilter', 'envoyfilters', { categories: istio }),
  type('security.istio.io', SECURITY, 'PeerAuthentication', 'peerauthentications', {
    shortNames: ['pa'],
    categories: istio,
  }),
  type('security.istio.io', SECURITY, 'RequestAuthentication', 'requestauthentications', {
    shortNames: ['ra'],
    categories: istio,
  }),
  type('security.istio.io', SECURITY, 'AuthorizationPolicy', 'authorizationpolicies', {
    shortNames: ['ap'],
    categories: istio,
  }),
  // Telemetry is served at v1 since Istio 1.22, and still at v1alpha1.
  type('telemetry.istio.io', ['v1', 'v1alpha1'], 'Telemetry', 'telemetries', {
    shortNames: ['telemetry'],
    categories: istio,
  }),
  type('gateway.networking.k8s.io', ['v1', 'v1beta1'], 'HTTPRoute', 'httproutes', { categories: ['gateway-api'] }),
  // GRPCRoute is standard since Gateway API v1.1, served at v1 only (v1alpha2 is not in the standard channel).
  type('gateway.networking.k8s.io', ['v1'], 'GRPCRoute', 'grpcroutes', { categories: ['gateway-api'] }),
  type('gateway.networking.k8s.io', ['v1', 'v1beta1'], 'Gateway', 'gateways', { categories: ['gateway-api'] }),
];

const byGroupResource = new Map(RESOURCE_TYPES.map((t) => [groupResource(t.group, t.resource), t]));
const byGroupKind = new Map(RESOURCE_TYPES.map((t) => [`${t.group}/${t.kind}`, t]));

export function resourceTypeOf(gr: GroupResource): ResourceType | undefined {
  return byGroupResource.get(gr);
}

/** The stored kind for an object's apiVersion + kind, e.g. ('networking.istio.io/v1alpha3', 'VirtualService'). */
export function resourceTypeForObject(apiVersion: string, kind: string): ResourceType | undefined {
  const slash = apiVersion.lastIndexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  const found = byGroupKind.get(`${group}/${kind}`);
  return found && found.versions.includes(version) ? found : undefined;
}

export const GR = {
  namespaces: groupResource('', 'namespaces'),
  pods: groupResource('', 'pods'),
  services: groupResource('', 'services'),
  endpoints: groupResource('', 'endpoints'),
  configmaps: groupResource('', 'configmaps'),
  serviceaccounts: groupResource('', 'serviceaccounts'),
  events: groupResource('', 'events'),
  deployments: groupResource('apps', 'deployments'),
  replicasets: groupResource('apps', 'replicasets'),
  statefulsets: groupResource('apps', 'statefulsets'),
  daemonsets: groupResource('apps', 'daemonsets'),
  leases: groupResource('coordination.k8s.io', 'leases'),
  virtualservices: groupResource('networking.istio.io', 'virtualservices'),
  destinationrules: groupResource('networking.istio.io', 'destinationrules'),
  gateways: groupResource('networking.istio.io', 'gateways'),
  serviceentries: groupResource('networking.istio.io', 'serviceentries'),
  sidecars: groupResource('networking.istio.io', 'sidecars'),
  workloadentries: groupResource('networking.istio.io', 'workloadentries'),
  envoyfilters: groupResource('networking.istio.io', 'envoyfilters'),
  peerauthentications: groupResource('security.istio.io', 'peerauthentications'),
  requestauthentications: groupResource('security.istio.io', 'requestauthentications'),
  authorizationpolicies: groupResource('security.istio.io', 'authorizationpolicies'),
  telemetries: groupResource('telemetry.istio.io', 'telemetries'),
  httproutes: groupResource('gateway.networking.k8s.io', 'httproutes'),
  grpcroutes: groupResource('gateway.networking.k8s.io', 'grpcroutes'),
  k8sgateways: groupResource('gateway.networking.k8s.io', 'gateways'),
} as const satisfies Record<string, GroupResource>;
