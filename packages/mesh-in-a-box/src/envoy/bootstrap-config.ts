import { socketAddress, typed, type EnvoyJson } from './envoy-json.js';
import { envoyNode, type ProxyIdentity } from './proxy-identity.js';
import { bootstrapClusters, bootstrapListeners } from './static-resources.js';
import { statsMatcherConfig, type StatsInclusion } from './stats-matcher.js';

// Istio's metric dimensions travel inside stat names as "name=.=value;.;"; each tag pulls one back out.
const ISTIO_DIMENSIONS = [
  'reporter',
  'source_namespace',
  'source_workload',
  'source_workload_namespace',
  'source_principal',
  'source_app',
  'source_version',
  'source_cluster',
  'destination_namespace',
  'destination_workload',
  'destination_workload_namespace',
  'destination_principal',
  'destination_app',
  'destination_version',
  'destination_service',
  'destination_service_name',
  'destination_service_namespace',
  'destination_port',
  'destination_cluster',
  'request_protocol',
  'request_operation',
  'request_host',
  'response_flags',
  'grpc_response_status',
  'connection_security_policy',
  'source_canonical_service',
  'destination_canonical_service',
  'source_canonical_revision',
  'destination_canonical_revision',
];

function statsTags(): EnvoyJson[] {
  return [
    { tag_name: 'cluster_name', regex: '^cluster\\.((.+?(\\..+?\\.svc\\.cluster\\.local)?)\\.)' },
    { tag_name: 'tcp_prefix', regex: '^tcp\\.((.*?)\\.)\\w+?$' },
    { tag_name: 'response_code', regex: '(response_code=\\.=(.+?);\\.;)|_rq(_(\\.d{3}))$' },
    { tag_name: 'response_code_class', regex: '_rq(_(\\dxx))$' },
    {
      tag_name: 'http_conn_manager_listener_prefix',
      regex: '^listener(?=\\.).*?\\.http\\.(((?:[_.[:digit:]]*|[_\\[\\]aAbBcCdDeEfF[:digit:]]*))\\.)',
    },
    {
      tag_name: 'http_conn_manager_prefix',
      regex: '^http\\.(((?:[_.[:digit:]]*|[_\\[\\]aAbBcCdDeEfF[:digit:]]*))\\.)',
    },
    { tag_name: 'listener_address', regex: '^listener\\.(((?:[_.[:digit:]]*|[_\\[\\]aAbBcCdDeEfF[:digit:]]*))\\.)' },
    ...ISTIO_DIMENSIONS.map((name) => ({ tag_name: name, regex: `(${name}=\\.=(.*?);\\.;)` })),
  ];
}

/** The Bootstrap pilot-agent renders from its envoy-rev template for this pod. */
export function bootstrapConfig(identity: ProxyIdentity, inclusion: StatsInclusion): EnvoyJson {
  const ads = { ads: {}, initial_fetch_timeout: '0s', resource_api_version: 'V3' };
  return {
    node: envoyNode(identity),
    static_resources: { listeners: bootstrapListeners(), clusters: bootstrapClusters() },
    dynamic_resources: {
      lds_config: ads,
      cds_config: ads,
      ads_config: {
        api_type: 'GRPC',
        transport_api_version: 'V3',
        grpc_services: [{ envoy_grpc: { cluster_name: 'xds-grpc' } }],
        set_node_on_first_message_only: true,
      },
    },
    stats_config: {
      stats_tags: statsTags(),
      use_all_default_tags: false,
      stats_matcher: statsMatcherConfig(inclusion),
    },
    tracing: {
      http: {
        name: 'envoy.tracers.zipkin',
        typed_config: typed('envoy.config.trace.v3.ZipkinConfig', {
          collector_cluster: 'zipkin',
          collector_endpoint: '/api/v2/spans',
          trace_id_128bit: true,
          shared_span_context: false,
          collector_endpoint_version: 'HTTP_JSON',
        }),
      },
    },
    admin: { profile_path: '/var/lib/istio/data/envoy.prof', address: socketAddress('127.0.0.1', 15000) },
    layered_runtime: {
      layers: [
        {
          name: 'global config',
          static_layer: {
            'envoy.deprecated_features:envoy.config.listener.v3.Listener.hidden_envoy_deprecated_use_original_dst':
              'true',
            'envoy.reloadable_features.http_reject_path_with_fragment': 'false',
            'overload.global_downstream_max_connections': '2147483647',
            're2.max_program_size.error_level': '32768',
          },
        },
        { name: 'admin', admin_layer: {} },
      ],
    },
  };
}
