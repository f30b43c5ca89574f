import { isRecord, shared, socketAddress, typed, type EnvoyJson } from './envoy-json.js';
import { httpConnectionManager, LISTENER_ACCESS_LOG, tcpProxy } from './http-connection-manager.js';
import type { MeshIndex } from './mesh-index.js';
import type { MeshService } from './mesh-services.js';
import { destinationCluster, type RouteContext } from './virtual-service-routes.js';

/** One listener of the proxy, with the address /listeners reports for it. */
export interface ListenerModel {
  name: string;
  config: EnvoyJson;
  address: string;
  port: number;
}

const LISTENER = 'envoy.config.listener.v3.Listener';
const HTTP_MATCH = shared({ transport_protocol: 'raw_buffer', application_protocols: ['http/1.1', 'h2c'] });

export function listenerFilter(name: string, type: string, extra: EnvoyJson = {}): EnvoyJson {
  return { name, typed_config: typed(type), ...extra };
}

const SNIFFING_FILTERS = shared([
  listenerFilter(
    'envoy.filters.listener.tls_inspector',
    'envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector',
  ),
  listenerFilter(
    'envoy.filters.listener.http_inspector',
    'envoy.extensions.filters.listener.http_inspector.v3.HttpInspector',
  ),
]);

export function listenerModel(name: string, address: string, port: number, fields: EnvoyJson): ListenerModel {
  return { name, address, port, config: typed(LISTENER, { name, address: socketAddress(address, port), ...fields }) };
}

/**
 * The sidecar's outbound listeners, as Istio lays them out: one wildcard listener per HTTP port (routes by Host
 * through RDS), one listener per service address for TCP ports, and both chains for ports it has to sniff.
 */
export function outboundListeners(index: MeshIndex): ListenerModel[] {
  const wildcardHttp = new Set<number>();
  const bound = new Map<string, ListenerModel>();
  for (const service of index.services) {
    for (const port of service.ports) {
      if (port.kind === 'http' || (port.kind === 'auto' && !service.address)) {
        wildcardHttp.add(port.port);
        continue;
      }
      if (!service.address) continue; // headless and address-less TCP: Istio binds per endpoint; not simulated
      const name = `${service.address}_${port.port}`;
      if (bound.has(name)) continue;
      const tcpChain = { filters: tcpProxyFor(index, service, port.port) };
      const chains =
        port.kind === 'auto'
          ? [
              {
                filter_chain_match: HTTP_MATCH,
                filters: [
                  httpConnectionManager({
                    proxy: index.proxy,
                    direction: 'outbound',
                    statPrefix: `outbound_${service.address}_${port.port}`,
                    rds: `${service.hostname}:${port.port}`,
                  }),
                ],
              },
              tcpChain,
            ]
          : [tcpChain];
      bound.set(
        name,
        listenerModel(name, service.address, port.port, {
          filter_chains: chains,
          ...(port.kind === 'auto'
            ? {
                listener_filters: SNIFFING_FILTERS,
                listener_filters_timeout: '0s',
                continue_on_listener_filters_timeout: true,
              }
            : {}),
          traffic_direction: 'OUTBOUND',
          access_log: LISTENER_ACCESS_LOG,
          bind_to_port: false,
        }),
      );
    }
  }
  const wildcard = [...wildcardHttp]
    .sort((a, b) => a - b)
    .map((port) =>
      listenerModel(`0.0.0.0_${port}`, '0.0.0.0', port, {
        filter_chains: [
          {
            filter_chain_match: HTTP_MATCH,
            filters: [
              httpConnectionManager({
                proxy: index.proxy,
                direction: 'outbound',
                statPrefix: `outbound_0.0.0.0_${port}`,
                rds: String(port),
              }),
            ],
          },
        ],
        default_filter_chain: {
          filter_chain_match: {},
          filters: tcpProxy('PassthroughCluster', 'outbound'),
          name: 'PassthroughFilterChain',
        },
        listener_filters: SNIFFING_FILTERS,
        listener_filters_timeout: '0s',
        continue_on_listener_filters_timeout: true,
        traffic_direction: 'OUTBOUND',
        access_log: LISTENER_ACCESS_LOG,
        bind_to_port: false,
      }),
    );
  return [...bound.values(), ...wildcard, virtualOutbound()];
}

/** tcp_proxy to the service, or split by weight when its VirtualService has tcp routes. */
function tcpProxyFor(index: MeshIndex, service: MeshService, port: number): EnvoyJson[] {
  const own = `outbound|${port}||${service.hostname}`;
  const vs = index.config.virtualService(service.hostname);
  const tcpRoutes: unknown[] = Array.isArray(vs?.spec?.tcp) ? vs.spec.tcp : [];
  const applicable = tcpRoutes.find(
    (r) =>
      isRecord(r) &&
      (!Array.isArray(r.match) || r.match.some((m: { port?: number }) => m?.port === undefined || m.port === port)),
  ) as Record<string, unknown> | undefined;
  const destinations = Array.isArray(applicable?.route) ? (applicable.route as Record<string, unknown>[]) : [];
  const filters = tcpProxy(own, 'outbound');
  if (!vs || destinations.length === 0) return filters;
  const ctx: RouteContext = {
    listenerPort: port,
    serviceByHost: index.serviceByHost,
    proxyLabels: index.proxy.labels,
    proxyNamespace: index.proxy.namespace,
    gateways: new Set(['mesh']),
  };
  const weighted = destinations
    .filter((d) => d.weight === undefined || Number(d.weight) > 0)
    .map((d) => ({
      name: destinationCluster(d.destination, vs.metadata.namespace ?? 'default', ctx).cluster,
      weight: Number(d.weight ?? 100),
    }));
  const proxyConfig = filters[1]!.typed_config as EnvoyJson;
  delete proxyConfig.cluster;
  if (weighted.length === 1) proxyConfig.cluster = weighted[0]!.name;
  else proxyConfig.weighted_clusters = { clusters: weighted };
  return filters;
}

/** 15001: iptables sends every outbound connection here; Envoy hands it to the listener for its original address. */
function virtualOutbound(): ListenerModel {
  return listenerModel('virtualOutbound', '0.0.0.0', 15001, {
    filter_chains: [
      {
        filter_chain_match: { destination_port: 15001 },
        filters: tcpProxy('BlackHoleCluster', 'outbound'),
        name: 'virtualOutbound-blackhole',
      },
      { filters: tcpProxy('PassthroughCluster', 'outbound'), name: 'virtualOutbound-catchall-tcp' },
    ],
    use_original_dst: true,
    traffic_direction: 'OUTBOUND',
    access_log: LISTENER_ACCESS_LOG,
  });
}
