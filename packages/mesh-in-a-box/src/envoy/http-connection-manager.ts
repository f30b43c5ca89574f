import { adsConfigSource, shared, typed, type EnvoyJson } from './envoy-json.js';
import type { ProxyIdentity } from './proxy-identity.js';

// Istio's default TEXT access log line (istio.io "Envoy Access Logs"), with %UPSTREAM_CLUSTER_RAW% since 1.24.
const ACCESS_LOG_FORMAT =
  '[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE% %RESPONSE_FLAGS% ' +
  '%RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS% "%UPSTREAM_TRANSPORT_FAILURE_REASON%" %BYTES_RECEIVED% ' +
  '%BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%" ' +
  '"%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%" %UPSTREAM_CLUSTER_RAW% %UPSTREAM_LOCAL_ADDRESS% ' +
  '%DOWNSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_REMOTE_ADDRESS% %REQUESTED_SERVER_NAME% %ROUTE_NAME%\n';

const ACCESS_LOG = shared([
  {
    name: 'envoy.access_loggers.file',
    typed_config: typed('envoy.extensions.access_loggers.file.v3.FileAccessLog', {
      path: '/dev/stdout',
      log_format: { text_format_source: { inline_string: ACCESS_LOG_FORMAT } },
    }),
  },
]);

/** On listeners, Istio logs only connections no filter chain took (response flag NR). */
export const LISTENER_ACCESS_LOG = shared([
  {
    name: 'envoy.access_loggers.file',
    filter: { response_flag_filter: { flags: ['NR'] } },
    typed_config: typed('envoy.extensions.access_loggers.file.v3.FileAccessLog', {
      path: '/dev/stdout',
      log_format: { text_format_source: { inline_string: ACCESS_LOG_FORMAT } },
    }),
  },
]);

export type Direction = 'outbound' | 'inbound' | 'gateway';

/** The istio.stats network filter that produces istio_tcp_* metrics on TCP chains. */
const TCP_STATS: Record<Direction, EnvoyJson> = {
  outbound: tcpStats({}),
  gateway: tcpStats({}),
  inbound: tcpStats({ reporter: 'SERVER' }),
};

function tcpStats(value: EnvoyJson): EnvoyJson {
  return shared({
    name: 'istio.stats',
    typed_config: typed('udpa.type.v1.TypedStruct', { type_url: 'type.googleapis.com/stats.PluginConfig', value }),
  });
}

export function tcpProxy(cluster: string, direction: Direction): EnvoyJson[] {
  return [
    TCP_STATS[direction],
    {
      name: 'envoy.filters.network.tcp_proxy',
      typed_config: typed('envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy', {
        stat_prefix: cluster,
        cluster,
        access_log: ACCESS_LOG,
      }),
    },
  ];
}

const HTTP_FILTERS: Record<Direction, EnvoyJson[]> = {
  outbound: shared(httpFilters('outbound')),
  inbound: shared(httpFilters('inbound')),
  gateway: shared(httpFilters('gateway')),
};

function httpFilters(direction: Direction): EnvoyJson[] {
  const peerMetadata =
    direction === 'inbound'
      ? {
          downstream_discovery: [{ istio_headers: {} }, { workload_discovery: {} }],
          downstream_propagation: [{ istio_headers: {} }],
        }
      : {
          upstream_discovery: [{ istio_headers: {} }, { workload_discovery: {} }],
          upstream_propagation: [{ istio_headers: {} }],
        };
  const filters: EnvoyJson[] = [
    {
      name: 'istio.metadata_exchange',
      typed_config: typed('udpa.type.v1.TypedStruct', {
        type_url: 'type.googleapis.com/io.istio.http.peer_metadata.Config',
        value: peerMetadata,
      }),
    },
    {
      name: 'envoy.filters.http.grpc_stats',
      typed_config: typed('envoy.extensions.filters.http.grpc_stats.v3.FilterConfig', {
        emit_filter_state: true,
        stats_for_all_methods: false,
      }),
    },
  ];
  if (direction === 'outbound') {
    filters.push({
      name: 'istio.alpn',
      typed_config: typed('istio.envoy.config.filter.http.alpn.v2alpha1.FilterConfig', {
        alpn_override: [
          { alpn_override: ['istio-http/1.0', 'istio', 'http/1.0'] },
          { upstream_protocol: 'HTTP11', alpn_override: ['istio-http/1.1', 'istio', 'http/1.1'] },
          { upstream_protocol: 'HTTP2', alpn_override: ['istio-h2', 'istio', 'h2'] },
        ],
      }),
    });
  }
  filters.push(
    { name: 'envoy.filters.http.fault', typed_config: typed('envoy.extensions.filters.http.fault.v3.HTTPFault') },
    { name: 'envoy.filters.http.cors', typed_config: typed('envoy.extensions.filters.http.cors.v3.Cors') },
    {
      name: 'istio.stats',
      typed_config: typed('udpa.type.v1.TypedStruct', {
        type_url: 'type.googleapis.com/stats.PluginConfig',
        value: direction === 'inbound' ? { reporter: 'SERVER' } : {},
      }),
    },
    { name: 'envoy.filters.http.router', typed_config: typed('envoy.extensions.filters.http.router.v3.Router') },
  );
  return filters;
}

// One proxy's tracing block is the same on every connection manager: build and render it once.
const tracingByProxy = new WeakMap<ProxyIdentity, EnvoyJson>();
function tracing(proxy: ProxyIdentity): EnvoyJson {
  let found = tracingByProxy.get(proxy);
  if (!found) tracingByProxy.set(proxy, (found = shared(tracingOf(proxy))));
  return found;
}

function tracingOf(proxy: ProxyIdentity): EnvoyJson {
  const literal = (tag: string, value: string) => ({ tag, literal: { value } });
  return {
    client_sampling: { value: 100 },
    random_sampling: { value: 1 },
    overall_sampling: { value: 100 },
    custom_tags: [
      literal('istio.canonical_revision', proxy.labels['service.istio.io/canonical-revision'] ?? 'latest'),
      literal('istio.canonical_service', proxy.labels['service.istio.io/canonical-name'] ?? proxy.workloadName),
      literal('istio.cluster_id', proxy.clusterId),
      literal('istio.mesh_id', proxy.meshId),
      literal('istio.namespace', proxy.namespace),
    ],
  };
}

const WEBSOCKET_UPGRADE = shared([{ upgrade_type: 'websocket' }]);
const REQUEST_ID = shared({
  typed_config: typed('envoy.extensions.request_id.uuid.v3.UuidRequestIdConfig', {
    use_request_id_for_trace_sampling: true,
  }),
});

export interface ConnectionManagerInput {
  proxy: ProxyIdentity;
  direction: Direction;
  statPrefix: string;
  /** RDS route name, or an inline route configuration (inbound chains carry theirs inline). */
  rds?: string;
  routeConfig?: EnvoyJson;
}

/** The http_connection_manager network filter Istio puts on every HTTP chain. */
export function httpConnectionManager(input: ConnectionManagerInput): EnvoyJson {
  const config: EnvoyJson = { stat_prefix: input.statPrefix };
  if (input.rds !== undefined) config.rds = { config_source: adsConfigSource(), route_config_name: input.rds };
  if (input.routeConfig) config.route_config = input.routeConfig;
  Object.assign(config, {
    http_filters: HTTP_FILTERS[input.direction],
    tracing: tracing(input.proxy),
    access_log: ACCESS_LOG,
    use_remote_address: input.direction === 'gateway',
    ...(input.direction === 'inbound' ? { forward_client_cert_details: 'APPEND_FORWARD' } : {}),
    upgrade_configs: WEBSOCKET_UPGRADE,
    stream_idle_timeout: '0s',
    normalize_path: true,
    request_id_extension: REQUEST_ID,
    path_with_escaped_slashes_action: 'KEEP_UNCHANGED',
  });
  return {
    name: 'envoy.filters.network.http_connection_manager',
    typed_config: typed('envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager', config),
  };
}
