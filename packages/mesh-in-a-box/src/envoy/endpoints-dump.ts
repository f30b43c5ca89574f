import type { ClusterModel } from './cluster-builder.js';
import { socketAddress, typed, type EnvoyJson } from './envoy-json.js';
import type { UpstreamHost } from './endpoint-directory.js';

const LOAD_ASSIGNMENT = 'envoy.config.endpoint.v3.ClusterLoadAssignment';

function lbEndpoint(host: UpstreamHost): EnvoyJson {
  const pod = host.pod;
  const labels = host.labels;
  const metadata: EnvoyJson = {};
  if (host.istioMtls) metadata['envoy.transport_socket_match'] = { tlsMode: 'istio' };
  if (pod) {
    const app = labels['service.istio.io/canonical-name'] ?? labels['app'] ?? pod.metadata.name;
    const version = labels['service.istio.io/canonical-revision'] ?? labels['version'] ?? 'latest';
    metadata.istio = { workload: `${pod.metadata.name};${pod.metadata.namespace};${app};${version};Kubernetes` };
  }
  return {
    endpoint: {
      address: host.pipe ? { pipe: { path: host.address } } : socketAddress(host.address, host.port),
      health_check_config: {},
    },
    health_status: host.healthy ? 'HEALTHY' : 'UNHEALTHY',
    ...(Object.keys(metadata).length > 0 ? { metadata: { filter_metadata: metadata } } : {}),
    load_balancing_weight: 1,
  };
}

/** A cluster's hosts as EDS delivered them (?include_eds), grouped in one locality as a single-zone kind cluster. */
export function loadAssignment(cluster: ClusterModel): EnvoyJson {
  const hosts = cluster.hosts();
  return typed(LOAD_ASSIGNMENT, {
    cluster_name: cluster.name,
    endpoints:
      hosts.length > 0 ? [{ locality: {}, lb_endpoints: hosts.map(lbEndpoint), load_balancing_weight: 1 }] : [],
    policy: { overprovisioning_factor: 140 },
  });
}

/** Only EDS clusters have dynamic load assignments; static ones carry theirs inline. */
export function isEdsCluster(cluster: ClusterModel): boolean {
  return cluster.config.type === 'EDS';
}
