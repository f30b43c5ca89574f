// An app, workload or service as the change rules see it (change-reach.ts), read from the watch cache (no I/O): its
// namespace, the hosts of its services, and the labels of its pods.
import { linkServices } from '../mesh/build-mesh.js';
import { serviceHost } from '../mesh/istio-refs.js';
import { namespaceWorkloads } from '../mesh/namespace-workloads.js';
import type { KubeCache } from '../sources/kube-cache.js';
import type { EntityFacts } from './change-reach.js';

export interface FactsEntity {
  namespace: string;
  resource: 'apps' | 'workloads' | 'services';
  name: string;
}

export function entityFacts(cache: KubeCache, entity: FactsEntity): EntityFacts {
  const { namespace, name } = entity;
  const workloads = namespaceWorkloads(cache, namespace);
  const links = linkServices(workloads, cache.list('Service', namespace));
  if (entity.resource === 'services') {
    const selected = new Set(links.workloadsOfService.get(name) ?? []);
    return {
      namespace,
      hosts: [serviceHost(namespace, name)],
      podLabels: workloads.filter((w) => selected.has(w.name)).map((w) => w.labels),
    };
  }
  const mine = workloads.filter((w) => (entity.resource === 'workloads' ? w.name === name : w.app === name));
  const services = new Set(mine.flatMap((w) => links.servicesOfWorkload.get(w.name) ?? []));
  return {
    namespace,
    hosts: [...services].map((s) => serviceHost(namespace, s)),
    podLabels: mine.map((w) => w.labels),
  };
}
