// The 404 of the detail pages' tab routes (traffic, metrics), read from the watch cache (no I/O): the namespace must
// exist, then the service, or a workload of that name, or for an app at least one workload labelled with it.
import type { EntityRef } from '../../lib/api/entity-ref.js';
import { NotFoundError } from '../errors.js';
import { requireNamespace, type KubeCache } from '../sources/kube-cache.js';
import { namespaceWorkloads } from './namespace-workloads.js';

const SINGULAR = { apps: 'app', workloads: 'workload', services: 'service' } as const;

/** Throws NotFoundError, naming what is missing and where, unless the cache holds the entity. */
export function requireEntity(cache: KubeCache, entity: EntityRef): void {
  const { namespace, resource, name } = entity;
  requireNamespace(cache, namespace);
  const exists =
    resource === 'services'
      ? cache.get('Service', namespace, name) !== undefined
      : namespaceWorkloads(cache, namespace).some((w) => (resource === 'apps' ? w.app : w.name) === name);
  if (!exists) throw new NotFoundError(`${SINGULAR[resource]} ${name} does not exist in namespace ${namespace}`);
}
