// What Kubernetes says about the namespaces a graph may draw, read from the watch cache (no I/O): their workloads and
// services (drawn idle when no traffic names them), the ServiceEntries, and the Istio features of each service.
import type { KubeCache } from '../sources/kube-cache.js';
import type { WorkloadModel } from '../mesh/build-workloads.js';
import { linkServices } from '../mesh/build-mesh.js';
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
  const gatewaysOfService = new Map<string, WorkloadModel[]>();
  for (const ns of namespaces) {
    if (!cache.get('Namespace', undefined, ns)) continue;
    const models = namespaceWorkloads(cache, ns);
    workloads.set(ns, models);
    const list = cache.list('Service', ns);
    services.set(
      ns,
      list.map((s) => s.metadata.name),
    );
    // The Gateways configuring a gateway's pods show on its services too, as in the services list: linked the same way.
    const gateways = models.filter((w) => w.isGateway);
    if (gateways.length === 0) continue;
    for (const [service, names] of linkServices(gateways, list).workloadsOfService)
      if (names.length > 0)
        gatewaysOfService.set(
          `${ns}/${service}`,
          gateways.filter((w) => names.includes(w.name)),
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
    gatewaysOfService,
  };
}
