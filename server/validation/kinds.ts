// The kinds the engine knows, by API group, with the versions each group serves.

export const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Pod', 'WorkloadEntry']);

const ISTIO_NETWORKING = ['v1', 'v1beta1', 'v1alpha3'];
const ISTIO_SECURITY = ['v1', 'v1beta1'];
const GATEWAY_API = ['v1', 'v1beta1', 'v1alpha2', 'v1alpha3'];

/** group → versions served and the kinds in it. */
export const KNOWN_GROUPS: Record<string, { versions: string[]; kinds: string[] }> = {
  '': {
    versions: ['v1'],
    kinds: [
      'Namespace',
      'Service',
      'Pod',
      'ServiceAccount',
      'ConfigMap',
      'Secret',
      'PersistentVolumeClaim',
      'PersistentVolume',
      'Endpoints',
      'ReplicationController',
      'LimitRange',
      'ResourceQuota',
      'Event',
      'Node',
      'List',
    ],
  },
  apps: { versions: ['v1'], kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ControllerRevision'] },
  'networking.istio.io': {
    versions: ISTIO_NETWORKING,
    kinds: [
      'VirtualService',
      'DestinationRule',
      'Gateway',
      'ServiceEntry',
      'Sidecar',
      'WorkloadEntry',
      'WorkloadGroup',
      'EnvoyFilter',
      'ProxyConfig',
    ],
  },
  'security.istio.io': {
    versions: ISTIO_SECURITY,
    kinds: ['PeerAuthentication', 'RequestAuthentication', 'AuthorizationPolicy'],
  },
  'telemetry.istio.io': { versions: ['v1', 'v1alpha1'], kinds: ['Telemetry'] },
  'extensions.istio.io': { versions: ['v1alpha1'], kinds: ['WasmPlugin'] },
  'gateway.networking.k8s.io': {
    versions: GATEWAY_API,
    kinds: ['Gateway', 'GatewayClass', 'HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute', 'UDPRoute', 'ReferenceGrant'],
  },
};

export const ISTIO_GROUPS = new Set([
  'networking.istio.io',
  'security.istio.io',
  'telemetry.istio.io',
  'extensions.istio.io',
]);

/** Kinds that live outside namespaces. */
export const CLUSTER_SCOPED = new Set(['Namespace', 'Node', 'PersistentVolume', 'GatewayClass']);

export function groupOf(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/**
 * The engine's name for a kind: Gateway API kinds that clash with Istio's (Gateway) get a `K8s` prefix, so rules and
 * indexes never confuse an Istio Gateway with a Kubernetes one.
 */
export function engineKind(apiVersion: string | undefined, kind: string): string {
  if (kind === 'Gateway' && apiVersion?.startsWith('gateway.networking.k8s.io')) return 'K8sGateway';
  return kind;
}

/** The kind a person reads (K8sGateway is shown as Gateway with its group). */
export const displayKind = (kind: string) => (kind === 'K8sGateway' ? 'Gateway' : kind);

/**
 * Can the API server take this object as the kind it claims? Objects that it would reject (no kind, unknown kind or
 * version of a known group) are reported by the schema rule and otherwise ignored, so they don't mislead other rules.
 */
export function wellFormed(object: { apiVersion?: unknown; kind?: unknown }): boolean {
  if (typeof object.apiVersion !== 'string' || typeof object.kind !== 'string' || !object.kind) return false;
  const { group, version } = groupOf(object.apiVersion);
  const known = KNOWN_GROUPS[group];
  return !known || (known.kinds.includes(object.kind) && known.versions.includes(version));
}
