import { GR } from '../store/resource-types.js';
import { labelsMatch } from './config-selector.js';
import { isRecord, typed, type EnvoyJson } from './envoy-json.js';
import { httpConnectionManager, LISTENER_ACCESS_LOG, tcpProxy } from './http-connection-manager.js';
import { inboundPorts } from './cluster-builder.js';
import type { MeshIndex } from './mesh-index.js';
import { ROOT_NAMESPACE } from './proxy-identity.js';
import { listenerFilter, listenerModel, type ListenerModel } from './sidecar-listeners.js';
import { inboundMtlsSocket } from './tls-sockets.js';

type MtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE';

/**
 * The mTLS mode for one inbound port: the workload's PeerAuthentication (port-level first), else its namespace's,
 * else the mesh-wide one in the root namespace, else PERMISSIVE.
 */
function mtlsModeFor(index: MeshIndex, port: number): MtlsMode {
  const { store, proxy } = index;
  const local = store.list(GR.peerauthentications, proxy.namespace);
  const chain = [
    local.find((pa) => pa.spec?.selector?.matchLabels && labelsMatch(pa.spec.selector.matchLabels, proxy.labels)),
    local.find((pa) => !pa.spec?.selector),
    store.list(GR.peerauthentications, ROOT_NAMESPACE).find((pa) => !pa.spec?.selector),
  ];
  for (const pa of chain) {
    if (!pa) continue;
    const portMode = isRecord(pa.spec?.portLevelMtls) ? pa.spec.portLevelMtls[String(port)]?.mode : undefined;
    const mode = portMode && portMode !== 'UNSET' ? portMode : pa.spec?.mtls?.mode;
    if (mode === 'STRICT' || mode === 'PERMISSIVE' || mode === 'DISABLE') return mode;
  }
  return 'PERMISSIVE';
}

const ISTIO_HTTP_ALPN = ['istio-http/1.0', 'istio-http/1.1', 'istio-h2'];
const METADATA_EXCHANGE_NETWORK = {
  name: 'istio.metadata_exchange',
  typed_config: typed('udpa.type.v1.TypedStruct', {
    type_url: 'type.googleapis.com/envoy.tcp.metadataexchange.config.MetadataExchange',
    value: { protocol: 'istio-peer-exchange', enable_discovery: true },
  }),
};

function inboundRoute(name: string, cluster: string, vhost: string, operation: string): EnvoyJson {
  return {
    name,
    virtual_hosts: [
      {
        name: vhost,
        domains: ['*'],
        routes: [
          {
            match: { prefix: '/' },
            route: {
              cluster,
              timeout: '0s',
              max_stream_duration: { max_stream_duration: '0s', grpc_timeout_header_max: '0s' },
            },
            decorator: { operation },
            name: 'default',
          },
        ],
      },
    ],
    validate_clusters: false,
  };
}

/** 15006: iptables sends every inbound connection here; chains pick the port, TLS or plain text, HTTP or TCP. */
export function virtualInbound(index: MeshIndex): ListenerModel {
  const { proxy } = index;
  const trustDomain = proxy.trustDomain;
  const chains: EnvoyJson[] = [
    {
      filter_chain_match: { destination_port: 15006 },
      filters: tcpProxy('BlackHoleCluster', 'inbound'),
      name: 'virtualInbound-blackhole',
    },
  ];
  const tcpPorts: number[] = [];
  for (const { targetPort, service, port } of inboundPorts(index)) {
    const mode = mtlsModeFor(index, targetPort);
    const cluster = `inbound|${targetPort}||`;
    const name = `0.0.0.0_${targetPort}`;
    const http = port.kind !== 'tcp';
    if (!http) tcpPorts.push(targetPort);
    const filters = () =>
      http
        ? [
            METADATA_EXCHANGE_NETWORK,
            httpConnectionManager({
              proxy,
              direction: 'inbound',
              statPrefix: `inbound_0.0.0.0_${targetPort}`,
              routeConfig: inboundRoute(
                cluster,
                cluster,
                `inbound|http|${targetPort}`,
                `${service.hostname}:${port.port}/*`,
              ),
            }),
          ]
        : [METADATA_EXCHANGE_NETWORK, ...tcpProxy(cluster, 'inbound')];
    if (mode !== 'DISABLE') {
      chains.push({
        filter_chain_match: {
          destination_port: targetPort,
          transport_protocol: 'tls',
          ...(http ? { application_protocols: ['istio', 'istio-peer-exchange', ...ISTIO_HTTP_ALPN] } : {}),
        },
        filters: filters(),
        transport_socket: inboundMtlsSocket({ trustDomain, http }),
        name,
      });
    }
    if (mode !== 'STRICT') {
      chains.push({
        filter_chain_match: { destination_port: targetPort, transport_protocol: 'raw_buffer' },
        filters: filters(),
        name,
      });
    }
  }
  const strict = mtlsModeFor(index, 0) === 'STRICT';
  const passthroughRoute = inboundRoute(
    'InboundPassthroughCluster',
    'InboundPassthroughCluster',
    'inbound|http|0',
    ':0/*',
  );
  const catchAllHttp = (tls: boolean): EnvoyJson => ({
    filter_chain_match: tls
      ? { transport_protocol: 'tls', application_protocols: ISTIO_HTTP_ALPN }
      : { transport_protocol: 'raw_buffer', application_protocols: ['http/1.1', 'h2c'] },
    filters: [
      METADATA_EXCHANGE_NETWORK,
      httpConnectionManager({
        proxy,
        direction: 'inbound',
        statPrefix: 'inbound_0.0.0.0_0',
        routeConfig: passthroughRoute,
      }),
    ],
    ...(tls ? { transport_socket: inboundMtlsSocket({ trustDomain, http: true }) } : {}),
    name: 'virtualInbound-catchall-http',
  });
  const catchAllTcp = (match: EnvoyJson, tls: boolean): EnvoyJson => ({
    filter_chain_match: match,
    filters: [METADATA_EXCHANGE_NETWORK, ...tcpProxy('InboundPassthroughCluster', 'inbound')],
    ...(tls ? { transport_socket: inboundMtlsSocket({ trustDomain, http: false }) } : {}),
    name: 'virtualInbound',
  });
  chains.push(catchAllHttp(true));
  if (!strict) chains.push(catchAllHttp(false));
  chains.push(
    catchAllTcp({ transport_protocol: 'tls', application_protocols: ['istio-peer-exchange', 'istio'] }, true),
  );
  if (!strict)
    chains.push(
      catchAllTcp({ transport_protocol: 'raw_buffer' }, false),
      catchAllTcp({ transport_protocol: 'tls' }, false),
    );

  // http_inspector would stall server-first TCP protocols (MySQL greets first), so Istio turns it off on TCP ports.
  const httpInspector = listenerFilter(
    'envoy.filters.listener.http_inspector',
    'envoy.extensions.filters.listener.http_inspector.v3.HttpInspector',
    tcpPorts.length > 0 ? { filter_disabled: portRanges(tcpPorts) } : {},
  );
  return listenerModel('virtualInbound', '0.0.0.0', 15006, {
    filter_chains: chains,
    listener_filters: [
      listenerFilter(
        'envoy.filters.listener.original_dst',
        'envoy.extensions.filters.listener.original_dst.v3.OriginalDst',
      ),
      listenerFilter(
        'envoy.filters.listener.tls_inspector',
        'envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector',
      ),
      httpInspector,
    ],
    listener_filters_timeout: '0s',
    continue_on_listener_filters_timeout: true,
    traffic_direction: 'INBOUND',
    access_log: LISTENER_ACCESS_LOG,
  });
}

function portRanges(ports: number[]): EnvoyJson {
  const ranges = ports.map((p) => ({ destination_port_range: { start: p, end: p + 1 } }));
  return ranges.length === 1 ? ranges[0]! : { or_match: { rules: ranges } };
}
