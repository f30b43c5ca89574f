import type { EnvoyJson } from './envoy-json.js';
import { ENVOY_VERSION_TEXT, envoyNode, type ProxyIdentity } from './proxy-identity.js';

/** The flags pilot-agent starts Envoy with (istio-proxy 1.24), as admin.v3.CommandLineOptions renders them. */
function commandLineOptions(identity: ProxyIdentity): EnvoyJson {
  return {
    base_id: '0',
    use_dynamic_base_id: false,
    base_id_path: '',
    concurrency: 2,
    config_path: 'etc/istio/proxy/envoy-rev.json',
    config_yaml: '',
    allow_unknown_static_fields: true,
    reject_unknown_dynamic_fields: false,
    ignore_unknown_dynamic_fields: false,
    admin_address_path: '',
    local_address_ip_version: 'v4',
    log_level: 'warning',
    component_log_level: 'misc:error',
    log_format: '%Y-%m-%dT%T.%fZ\t%l\tenvoy %n %g:%#\t%v\tthread=%t',
    log_format_escaped: false,
    log_path: '',
    service_cluster: identity.serviceCluster,
    service_node: identity.nodeId,
    service_zone: '',
    drain_strategy: 'Immediate',
    mode: 'Serve',
    disable_hot_restart: true,
    enable_mutex_tracing: false,
    restart_epoch: 0,
    cpuset_threads: false,
    disabled_extensions: [],
    enable_fine_grain_logging: false,
    socket_path: '@envoy_domain_socket',
    socket_mode: 0,
    enable_core_dump: false,
    stats_tag: [],
    skip_hot_restart_on_no_parent: false,
    skip_hot_restart_parent_stats: false,
    file_flush_interval: '1s',
    drain_time: '45s',
    parent_shutdown_time: '60s',
  };
}

/** /server_info (admin.v3.ServerInfo): version, LIVE, the command line and, as current Envoy does, the node. */
export function serverInfo(input: { identity: ProxyIdentity; startedAtMs: number; nowMs: number }): EnvoyJson {
  const uptime = `${Math.max(0, Math.floor((input.nowMs - input.startedAtMs) / 1000))}s`;
  return {
    version: ENVOY_VERSION_TEXT,
    state: 'LIVE',
    hot_restart_version: 'disabled',
    command_line_options: commandLineOptions(input.identity),
    uptime_current_epoch: uptime,
    uptime_all_epochs: uptime,
    node: envoyNode(input.identity),
  };
}
