// The write path's dependencies from the process-wide sources and caches, for the route handlers (a test or the
// bench builds its own).
import type { Caches } from '../../caches.js';
import { kubernetesWrites } from '../../sources/kubernetes-writes.js';
import type { Sources } from '../../sources/sources.js';
import type { TrafficDeps } from './change-traffic.js';

export function trafficDeps(sources: Sources, caches: Caches): TrafficDeps {
  return {
    kube: sources.kubernetes,
    writes: kubernetesWrites(sources.kubernetes),
    validator: caches.validators.validatorOf(sources.kubernetes),
    auditNamespace: sources.config.audit.namespace,
  };
}
