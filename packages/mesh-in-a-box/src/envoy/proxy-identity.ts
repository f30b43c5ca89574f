import type { KubeObject } from '../store/kube-object.js';
import type { EnvoyJson } from './envoy-json.js';

// The proxy the mesh in a box impersonates: Istio 1.24.0 ships Envoy 1.32.2 (istio/proxy builds it as "-dev").
export const ISTIO_VERSION = '1.24.0';
export const ENVOY_VERSION = { major: 1, minor: 32, patch: 2, label: 'dev' } as const;
// A stand-in for the istio/proxy commit the binary was built from; not the SHA of a real build.
export const ISTIO_PROXY_SHA = '5e3c1d8a9b7f4c2e6d0a1b3c5e7f9a2c4e6b8d0f';
export const ENVOY_VERSION_TEXT = `${ISTIO_PROXY_SHA}/${ENVOY_VERSION.major}.${ENVOY_VERSION.minor}.${ENVOY_VERSION.patch}-${ENVOY_VERSION.label}/Clean/RELEASE/BoringSSL`;

export const SIDECAR_CONTAINER = 'istio-proxy';
export const ROOT_NAMESPACE = 'istio-system';
export const DNS_DOMAIN = 'svc.cluster.local';

/** Who the proxy is, read once from its pod. */
export interface ProxyIdentity {
  pod: KubeObject;
  name: string;
  namespace: string;
  ip: string;
  labels: Record<string, string>;
  serviceAccount: string;
  /** 'router' for gateway pods (Istio's node type), 'sidecar' otherwise. */
  type: 'sidecar' | 'router';
  /** sidecar~10.1.2.3~pod.ns~ns.svc.cluster.local, the xDS node id istiod keys every push on. */
  nodeId: string;
  /** The service cluster Istio reports: <app or canonical name>.<namespace>. */
  serviceCluster: string;
  workloadName: string;
  meshId: string;
  clusterId: string;
  trustDomain: string;
}

export function proxyIdentity(input: { pod: KubeObject; meshId?: string; clusterId?: string }): ProxyIdentity {
  const { pod } = input;
  const name = pod.metadata.name;
  const namespace = pod.metadata.namespace ?? 'default';
  const labels = pod.metadata.labels ?? {};
  const ip = typeof pod.status?.podIP === 'string' ? pod.status.podIP : '0.0.0.0';
  const type = isGatewayPod(pod) ? 'router' : 'sidecar';
  const workloadName = workloadNameOf(pod);
  const app = labels['app'] ?? labels['service.istio.io/canonical-name'] ?? labels['app.kubernetes.io/name'];
  return {
    pod,
    name,
    namespace,
    ip,
    labels,
    serviceAccount: typeof pod.spec?.serviceAccountName === 'string' ? pod.spec.serviceAccountName : 'default',
    type,
    nodeId: `${type}~${ip}~${name}.${namespace}~${namespace}.${DNS_DOMAIN}`,
    serviceCluster: `${app ?? workloadName}.${namespace}`,
    workloadName,
    meshId: input.meshId ?? 'cluster.local',
    clusterId: input.clusterId ?? 'Kubernetes',
    trustDomain: 'cluster.local',
  };
}

/** Gateways run the proxy alone; sidecars sit next to application containers. */
export function isGatewayPod(pod: KubeObject): boolean {
  const istioLabel = pod.metadata.labels?.['istio'];
  if (istioLabel === 'ingressgateway' || istioLabel === 'egressgateway') return true;
  const containers = containersOf(pod);
  return containers.length > 0 && containers.every((c) => c.name === SIDECAR_CONTAINER);
}

export function containersOf(
  pod: KubeObject,
): { name: string; ports?: { containerPort: number; name?: string; protocol?: string }[] }[] {
  return Array.isArray(pod.spec?.containers) ? pod.spec.containers : [];
}

/** The Deployment (or other owner) name, as pilot-agent derives WORKLOAD_NAME from the ReplicaSet owner. */
function workloadNameOf(pod: KubeObject): string {
  const owner = pod.metadata.ownerReferences?.find((ref) => ref.controller) ?? pod.metadata.ownerReferences?.[0];
  if (!owner) return pod.metadata.name;
  if (owner.kind === 'ReplicaSet') {
    const hash = pod.metadata.labels?.['pod-template-hash'];
    if (hash && owner.name.endsWith(`-${hash}`)) return owner.name.slice(0, -hash.length - 1);
    return owner.name.replace(/-[a-z0-9]{6,10}$/, '');
  }
  return owner.name;
}

function ownerUri(pod: KubeObject, identity: ProxyIdentity): string {
  const owner = pod.metadata.ownerReferences?.[0];
  const kind = owner?.kind === 'ReplicaSet' || !owner ? 'deployments' : `${owner.kind.toLowerCase()}s`;
  return `kubernetes://apis/apps/v1/namespaces/${identity.namespace}/${kind}/${identity.workloadName}`;
}

/** The bootstrap node Envoy reports in /config_dump and /server_info (snake_case, as Envoy renders it). */
export function envoyNode(identity: ProxyIdentity): EnvoyJson {
  const { pod } = identity;
  const appContainers = containersOf(pod).filter((c) => c.name !== SIDECAR_CONTAINER);
  const podPorts = appContainers.flatMap((c) => c.ports ?? []);
  const metadata: EnvoyJson = {
    ANNOTATIONS: {
      'istio.io/rev': 'default',
      'prometheus.io/path': '/stats/prometheus',
      'prometheus.io/port': '15020',
      'prometheus.io/scrape': 'true',
      ...(pod.metadata.annotations ?? {}),
    },
    ...(appContainers.length > 0 ? { APP_CONTAINERS: appContainers.map((c) => c.name).join(',') } : {}),
    CLUSTER_ID: identity.clusterId,
    ENVOY_PROMETHEUS_PORT: 15090,
    ENVOY_STATUS_PORT: 15021,
    INSTANCE_IPS: identity.ip,
    INTERCEPTION_MODE: 'REDIRECT',
    ISTIO_PROXY_SHA: ISTIO_PROXY_SHA,
    ISTIO_VERSION: ISTIO_VERSION,
    LABELS: identity.labels,
    MESH_ID: identity.meshId,
    NAME: identity.name,
    NAMESPACE: identity.namespace,
    ...(typeof pod.spec?.nodeName === 'string' ? { NODE_NAME: pod.spec.nodeName } : {}),
    OWNER: ownerUri(pod, identity),
    PILOT_SAN: ['istiod.istio-system.svc'],
    ...(podPorts.length > 0 ? { POD_PORTS: JSON.stringify(podPorts) } : {}),
    PROXY_CONFIG: {
      binaryPath: '/usr/local/bin/envoy',
      concurrency: 2,
      configPath: './etc/istio/proxy',
      controlPlaneAuthPolicy: 'MUTUAL_TLS',
      discoveryAddress: 'istiod.istio-system.svc:15012',
      drainDuration: '45s',
      proxyAdminPort: 15000,
      serviceCluster: 'istio-proxy',
      statNameLength: 189,
      statusPort: 15020,
      terminationDrainDuration: '5s',
      tracing: { zipkin: { address: 'zipkin.istio-system:9411' } },
    },
    ...(identity.type === 'router' ? { ROUTER_MODE: 'sni-dnat' } : {}),
    SERVICE_ACCOUNT: identity.serviceAccount,
    WORKLOAD_NAME: identity.workloadName,
  };
  return {
    id: identity.nodeId,
    cluster: identity.serviceCluster,
    metadata,
    locality: {},
    user_agent_name: 'envoy',
    user_agent_build_version: {
      version: { major_number: ENVOY_VERSION.major, minor_number: ENVOY_VERSION.minor, patch: ENVOY_VERSION.patch },
      metadata: {
        'build.label': ENVOY_VERSION.label,
        'build.type': 'RELEASE',
        'revision.sha': ISTIO_PROXY_SHA,
        'revision.status': 'Clean',
        'ssl.version': 'BoringSSL',
      },
    },
    extensions: NODE_EXTENSIONS.map(([name, category]) => ({ name, category, type_urls: [] })),
  };
}

// A representative slice of the extensions an istio-proxy build registers (the real list has a few hundred).
const NODE_EXTENSIONS: [string, string][] = [
  ['envoy.cluster.eds', 'envoy.clusters'],
  ['envoy.cluster.original_dst', 'envoy.clusters'],
  ['envoy.cluster.static', 'envoy.clusters'],
  ['envoy.cluster.strict_dns', 'envoy.clusters'],
  ['envoy.cluster.logical_dns', 'envoy.clusters'],
  ['envoy.filters.network.http_connection_manager', 'envoy.filters.network'],
  ['envoy.filters.network.tcp_proxy', 'envoy.filters.network'],
  ['envoy.filters.network.metadata_exchange', 'envoy.filters.network'],
  ['envoy.filters.network.istio_stats', 'envoy.filters.network'],
  ['envoy.filters.http.router', 'envoy.filters.http'],
  ['envoy.filters.http.fault', 'envoy.filters.http'],
  ['envoy.filters.http.cors', 'envoy.filters.http'],
  ['envoy.filters.http.grpc_stats', 'envoy.filters.http'],
  ['envoy.filters.http.rbac', 'envoy.filters.http'],
  ['envoy.filters.http.jwt_authn', 'envoy.filters.http'],
  ['istio.alpn', 'envoy.filters.http'],
  ['istio.metadata_exchange', 'envoy.filters.http'],
  ['istio.stats', 'envoy.filters.http'],
  ['envoy.filters.listener.original_dst', 'envoy.filters.listener'],
  ['envoy.filters.listener.tls_inspector', 'envoy.filters.listener'],
  ['envoy.filters.listener.http_inspector', 'envoy.filters.listener'],
  ['envoy.transport_sockets.tls', 'envoy.transport_sockets.upstream'],
  ['envoy.transport_sockets.raw_buffer', 'envoy.transport_sockets.upstream'],
  ['envoy.access_loggers.file', 'envoy.access_loggers'],
  ['envoy.tracers.zipkin', 'envoy.tracers'],
  ['envoy.retry_host_predicates.previous_hosts', 'envoy.retry_host_predicates'],
];
