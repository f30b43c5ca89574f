import type { KubeObject } from '../store/kube-object.js';
import { reusableJson } from './compact-json.js';
import { adsConfigSource, shared, socketAddress, typed, type EnvoyJson } from './envoy-json.js';
import type { MeshIndex } from './mesh-index.js';
import type { MeshPort, MeshService } from './mesh-services.js';
import { resolveTargetPort, type EndpointDirectory, type UpstreamHost } from './endpoint-directory.js';
import { bootstrapClusters, SDS_SOCKET, withClusterType, XDS_SOCKET } from './static-resources.js';
import { autoMtlsMatches, istioMutualSocket, istioSni, originationSocket, spiffeIds } from './tls-sockets.js';
import { applyClusterPolicy, effectivePolicy, UNLIMITED_BREAKERS } from './traffic-policy.js';

/** One cluster of the proxy: its config, and how to list its hosts for /clusters and EDS. */
export interface ClusterModel {
  name: string;
  config: EnvoyJson;
  addedViaApi: boolean;
  hosts: () => UpstreamHost[];
}

const CLUSTER_FILTERS = shared([
  {
    name: 'istio.metadata_exchange',
    typed_config: typed('udpa.type.v1.TypedStruct', {
      type_url: 'type.googleapis.com/envoy.tcp.metadataexchange.config.MetadataExchange',
      value: { protocol: 'istio-peer-exchange', enable_discovery: true },
    }),
  },
]);

const HTTP_OPTIONS_KEY = 'envoy.extensions.upstreams.http.v3.HttpProtocolOptions';

const HTTP2_UPSTREAM = shared({
  [HTTP_OPTIONS_KEY]: typed(HTTP_OPTIONS_KEY, { explicit_http_config: { http2_protocol_options: {} } }),
});
const DOWNSTREAM_PROTOCOL = shared({
  [HTTP_OPTIONS_KEY]: typed(HTTP_OPTIONS_KEY, {
    use_downstream_protocol_config: { http_protocol_options: {}, http2_protocol_options: {} },
  }),
});

/** Upstream HTTP version: h2 for HTTP2/gRPC ports, the caller's protocol for sniffed ones, HTTP/1.1 otherwise. */
function protocolOptions(port: MeshPort): EnvoyJson | undefined {
  if (port.protocol === 'HTTP2' || port.protocol === 'GRPC' || port.protocol === 'GRPC-WEB') return HTTP2_UPSTREAM;
  return port.kind === 'auto' ? DOWNSTREAM_PROTOCOL : undefined;
}

const empty = (): UpstreamHost[] => [];

export function buildClusters(
  index: MeshIndex,
  endpoints: EndpointDirectory,
): { statics: ClusterModel[]; dynamics: ClusterModel[] } {
  const statics = bootstrapClusters().map((c) => ({
    name: String(c.name),
    config: withClusterType(c),
    addedViaApi: false,
    hosts: () => staticHosts(index, String(c.name)),
  }));
  const dynamics: ClusterModel[] = [];
  const { trustDomain } = index.proxy;
  for (const service of index.services) {
    const rule = index.config.destinationRule(service.hostname, service.namespace);
    const subsets: { name: string; labels?: Record<string, string> }[] = Array.isArray(rule?.spec?.subsets)
      ? rule.spec.subsets.filter((s: { name?: unknown }) => typeof s?.name === 'string')
      : [];
    const sans = spiffeIds(trustDomain, endpoints.serviceAccounts(service));
    // Everything a cluster's config depends on besides the service itself, which keys the memo.
    const inputs = `${rule ? `${rule.metadata.uid ?? rule.metadata.name}@${rule.metadata.resourceVersion}` : '-'}|${sans.join(',')}`;
    for (const port of service.ports) {
      for (const subset of [undefined, ...subsets]) {
        const name = `outbound|${port.port}|${subset?.name ?? ''}|${service.hostname}`;
        const config = memoized(service, inputs, name, () =>
          outboundClusterWithPolicy({ name, service, port, rule, subset: subset?.name, sans }),
        );
        dynamics.push({ name, config, addedViaApi: true, hosts: () => endpoints.hosts(service, port, subset?.labels) });
      }
    }
  }
  dynamics.push(...specialClusters(index), ...inboundClusters(index));
  dynamics.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { statics, dynamics };
}

// Cluster configs by the service they belong to. Service objects come from frozen store snapshots, so an entry lives
// as long as that version of the Service; `inputs` carries the DestinationRule version and the expected identities.
const clusterMemo = new WeakMap<MeshService, { inputs: string; byName: Map<string, EnvoyJson> }>();

function memoized(service: MeshService, inputs: string, name: string, build: () => EnvoyJson): EnvoyJson {
  let memo = clusterMemo.get(service);
  if (!memo || memo.inputs !== inputs) clusterMemo.set(service, (memo = { inputs, byName: new Map() }));
  let config = memo.byName.get(name);
  if (!config) memo.byName.set(name, (config = reusableJson(Object.freeze(build()))));
  return config;
}

function outboundClusterWithPolicy(input: {
  name: string;
  service: MeshService;
  port: MeshPort;
  rule: KubeObject | undefined;
  subset: string | undefined;
  sans: string[];
}): EnvoyJson {
  const { name, service, port, rule, subset, sans } = input;
  const config = outboundCluster(name, service, port);
  const meta = ((config.metadata as EnvoyJson).filter_metadata as { istio: EnvoyJson }).istio;
  if (rule) {
    const { namespace, name: ruleName } = rule.metadata;
    meta.config = `/apis/networking.istio.io/v1/namespaces/${namespace}/destination-rule/${ruleName}`;
  }
  if (subset) meta.subset = subset;
  const policy = effectivePolicy(rule, port.port, subset);
  applyClusterPolicy(config, policy);
  const sni = istioSni(port.port, subset ?? '', service.hostname);
  const tls = (policy.tls ?? {}) as Record<string, unknown>;
  if (tls.mode === 'ISTIO_MUTUAL') {
    config.transport_socket = istioMutualSocket({ sni, sans });
  } else if (tls.mode === 'SIMPLE' || tls.mode === 'MUTUAL') {
    config.transport_socket = originationSocket(tls, service.hostname);
  } else if (tls.mode !== 'DISABLE' && !service.meshExternal) {
    // No tls in the rule: auto mTLS, which picks mTLS or plain text per endpoint.
    config.transport_socket_matches = autoMtlsMatches({ sni, sans });
  }
  return config;
}

function outboundCluster(name: string, service: MeshService, port: MeshPort): EnvoyJson {
  const cluster: EnvoyJson = typed('envoy.config.cluster.v3.Cluster', { name, type: service.resolution });
  if (service.resolution === 'EDS') {
    cluster.eds_cluster_config = { eds_config: adsConfigSource(), service_name: name };
  }
  cluster.connect_timeout = '10s';
  cluster.lb_policy = service.resolution === 'ORIGINAL_DST' ? 'CLUSTER_PROVIDED' : 'LEAST_REQUEST';
  if (service.resolution === 'STRICT_DNS' || service.resolution === 'LOGICAL_DNS') {
    const host =
      service.kind === 'kubernetes' ? String(service.source.spec?.externalName ?? service.hostname) : service.hostname;
    cluster.load_assignment = {
      cluster_name: name,
      endpoints: [{ locality: {}, lb_endpoints: [{ endpoint: { address: socketAddress(host, port.port) } }] }],
    };
    cluster.dns_refresh_rate = '60s';
    cluster.respect_dns_ttl = true;
    cluster.dns_lookup_family = 'V4_ONLY';
  }
  cluster.circuit_breakers = UNLIMITED_BREAKERS;
  cluster.common_lb_config = {};
  cluster.metadata = {
    filter_metadata: {
      istio: {
        default_original_port: port.port,
        services: [{ host: service.hostname, name: service.name, namespace: service.namespace }],
      },
    },
  };
  cluster.filters = CLUSTER_FILTERS;
  const options = protocolOptions(port);
  if (options) cluster.typed_extension_protocol_options = options;
  return cluster;
}

/** An ORIGINAL_DST cluster: Envoy forwards each connection to the address it was originally sent to. */
function originalDstCluster(name: string, fields: Record<string, unknown>): ClusterModel {
  return {
    name,
    addedViaApi: true,
    hosts: empty,
    config: typed('envoy.config.cluster.v3.Cluster', {
      name,
      type: 'ORIGINAL_DST',
      connect_timeout: '10s',
      lb_policy: 'CLUSTER_PROVIDED',
      circuit_breakers: UNLIMITED_BREAKERS,
      ...fields,
    }),
  };
}

/** Istio's catch-all clusters: unknown destinations are dropped (BlackHole) or forwarded as addressed (Passthrough). */
function specialClusters(index: MeshIndex): ClusterModel[] {
  const passthrough = (name: string, bindLocal: boolean): ClusterModel =>
    originalDstCluster(name, {
      typed_extension_protocol_options: DOWNSTREAM_PROTOCOL,
      ...(bindLocal
        ? { upstream_bind_config: { source_address: socketAddress('127.0.0.6', 0).socket_address } }
        : { filters: CLUSTER_FILTERS }),
    });
  const out: ClusterModel[] = [
    {
      name: 'BlackHoleCluster',
      addedViaApi: true,
      hosts: empty,
      config: typed('envoy.config.cluster.v3.Cluster', {
        name: 'BlackHoleCluster',
        type: 'STATIC',
        connect_timeout: '10s',
        load_assignment: { cluster_name: 'BlackHoleCluster' },
      }),
    },
    passthrough('PassthroughCluster', false),
  ];
  if (index.proxy.type === 'sidecar') out.push(passthrough('InboundPassthroughCluster', true));
  return out;
}

/** The ports this pod serves (its Services' target ports), each with the Service port it came from. */
export function inboundPorts(index: MeshIndex): { targetPort: number; service: MeshService; port: MeshPort }[] {
  const seen = new Map<number, { targetPort: number; service: MeshService; port: MeshPort }>();
  for (const service of index.ownServices) {
    for (const port of service.ports) {
      const targetPort = resolveTargetPort(index.proxy.pod, port.targetPort);
      if (targetPort !== undefined && !seen.has(targetPort)) seen.set(targetPort, { targetPort, service, port });
    }
  }
  return [...seen.values()].sort((a, b) => a.targetPort - b.targetPort);
}

/** inbound|<port>||: the sidecar forwards to the app on 127.0.0.6 → pod IP:port, keeping the original destination. */
function inboundClusters(index: MeshIndex): ClusterModel[] {
  return inboundPorts(index).map(({ targetPort, port }) => {
    const name = `inbound|${targetPort}||`;
    const services = index.ownServices
      .filter((s) => s.ports.some((p) => resolveTargetPort(index.proxy.pod, p.targetPort) === targetPort))
      .map((s) => ({ host: s.hostname, name: s.name, namespace: s.namespace }));
    const options = protocolOptions(port);
    return originalDstCluster(name, {
      cleanup_interval: '60s',
      upstream_bind_config: { source_address: { address: '127.0.0.6', port_value: 0 } },
      metadata: { filter_metadata: { istio: { services } } },
      ...(options ? { typed_extension_protocol_options: options } : {}),
    });
  });
}

function staticHosts(index: MeshIndex, name: string): UpstreamHost[] {
  const host = (address: string, port: number): UpstreamHost => ({
    address,
    port,
    healthy: true,
    labels: {},
    pod: undefined,
    istioMtls: false,
  });
  if (name === 'prometheus_stats') return [host('127.0.0.1', 15000)];
  if (name === 'agent') return [host('127.0.0.1', 15020)];
  if (name === 'sds-grpc' || name === 'xds-grpc') {
    return [{ ...host(name === 'sds-grpc' ? SDS_SOCKET : XDS_SOCKET, 0), pipe: true }];
  }
  if (name === 'zipkin') {
    const zipkin = index.serviceByHost.get('zipkin.istio-system.svc.cluster.local');
    return zipkin?.address ? [host(zipkin.address, 9411)] : [];
  }
  return [];
}
