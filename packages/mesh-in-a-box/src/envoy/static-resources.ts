import { socketAddress, typed, type EnvoyJson } from './envoy-json.js';

// The part of the config pilot-agent writes into Envoy's bootstrap file; it is the same for every Istio proxy.

const CLUSTER = 'envoy.config.cluster.v3.Cluster';

export const SDS_SOCKET = './var/run/secrets/workload-spiffe-uds/socket';
export const XDS_SOCKET = './etc/istio/proxy/XDS';

function staticCluster(name: string, address: EnvoyJson, extra: EnvoyJson = {}): EnvoyJson {
  return {
    name,
    type: 'STATIC',
    connect_timeout: name === 'prometheus_stats' || name === 'agent' ? '0.250s' : '1s',
    load_assignment: { cluster_name: name, endpoints: [{ lb_endpoints: [{ endpoint: { address } }] }] },
    ...extra,
  };
}

const HTTP2_ONLY = {
  typed_extension_protocol_options: {
    'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': typed(
      'envoy.extensions.upstreams.http.v3.HttpProtocolOptions',
      {
        explicit_http_config: { http2_protocol_options: {} },
      },
    ),
  },
};

/** Bootstrap clusters without the '@type' that the config dump adds to each. */
export function bootstrapClusters(): EnvoyJson[] {
  return [
    staticCluster('prometheus_stats', socketAddress('127.0.0.1', 15000)),
    staticCluster('agent', socketAddress('127.0.0.1', 15020)),
    staticCluster('sds-grpc', { pipe: { path: SDS_SOCKET } }, HTTP2_ONLY),
    staticCluster(
      'xds-grpc',
      { pipe: { path: XDS_SOCKET } },
      {
        circuit_breakers: {
          thresholds: [
            { max_connections: 100000, max_pending_requests: 100000, max_requests: 100000 },
            { priority: 'HIGH', max_connections: 100000, max_pending_requests: 100000, max_requests: 100000 },
          ],
        },
        upstream_connection_options: { tcp_keepalive: { keepalive_time: 300 } },
        max_requests_per_connection: 1,
        ...HTTP2_ONLY,
      },
    ),
    {
      name: 'zipkin',
      type: 'STRICT_DNS',
      connect_timeout: '1s',
      load_assignment: {
        cluster_name: 'zipkin',
        endpoints: [{ lb_endpoints: [{ endpoint: { address: socketAddress('zipkin.istio-system', 9411) } }] }],
      },
      dns_refresh_rate: '30s',
      respect_dns_ttl: true,
      dns_lookup_family: 'V4_ONLY',
    },
  ];
}

export function withClusterType(cluster: EnvoyJson): EnvoyJson {
  return typed(CLUSTER, cluster);
}

function healthListener(port: number, statPrefix: string, prefix: string, cluster: string): EnvoyJson {
  return {
    address: socketAddress('0.0.0.0', port),
    filter_chains: [
      {
        filters: [
          {
            name: 'envoy.filters.network.http_connection_manager',
            typed_config: typed('envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager', {
              stat_prefix: statPrefix,
              route_config: {
                virtual_hosts: [
                  { name: 'backend', domains: ['*'], routes: [{ match: { prefix }, route: { cluster } }] },
                ],
              },
              http_filters: [
                {
                  name: 'envoy.filters.http.router',
                  typed_config: typed('envoy.extensions.filters.http.router.v3.Router'),
                },
              ],
            }),
          },
        ],
      },
    ],
  };
}

/** The two unnamed bootstrap listeners: Prometheus scrapes 15090, kubelet probes readiness on 15021. */
export function bootstrapListeners(): EnvoyJson[] {
  return [
    healthListener(15090, 'stats', '/stats/prometheus', 'prometheus_stats'),
    healthListener(15021, 'agent', '/healthz/ready', 'agent'),
  ];
}
