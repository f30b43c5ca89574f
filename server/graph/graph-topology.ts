// What Kubernetes says about the namespaces a graph may draw, read from the watch cache (no I/O): their workloads and
// services (drawn idle when no traffic names them), the ServiceEntries, and the Istio features of each service.
import type { KubeCache } from '../sources/kube-cache.js';
import { namespaceWorkloads } from '../mesh/namespace-workloads.js';
import type { GraphTopology } from './build-graph.js';
import type { ConfigFindings } from './config-findings.js';
import type { ServiceEntryRef } from './node-identity.js';
import { serviceFeatures } from './service-features.js';

export function graphTopology(
  cache: KubeCache,
  namespaces: Iterable<string>,
  findings?: ConfigFindings,
): GraphTopology {
  const workloads = new Map<string, ReturnType<typeof namespaceWorkloads>>();
  const services = new Map<string, string[]>();
  for (const ns of namespaces) {
    if (!cache.get('Namespace', undefined, ns)) continue;
    workloads.set(ns, namespaceWorkloads(cache, ns));
    services.set(
      ns,
      cache.list('Service', ns).map((s) => s.metadata.name),
    );
  }
  const serviceEntries: ServiceEntryRef[] = cache.list('ServiceEntry').map((se) => {
    const spec = (se.spec ?? {}) as { hosts?: string[]; location?: string };
    return {
      namespace: se.metadata.namespace ?? '',
      name: se.metadata.name,
      hosts: spec.hosts ?? [],
      location: spec.location === 'MESH_INTERNAL' ? 'MESH_INTERNAL' : 'MESH_EXTERNAL',
    };
  });
  return {
    workloads,
    services,
    serviceEntries,
    features: serviceFeatures(cache.list('VirtualService'), cache.list('DestinationRule')),
    ...(findings && { findings }),
  };
}
