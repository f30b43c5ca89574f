// The Jaeger service of an app, workload or service, as Istio's proxies name it: `<canonical service>.<namespace>`.
import type { EntityRef } from '../../../lib/api/entity-ref.js';
import { podOfWorkload } from '../../graph/network-time.js';
import type { Sources } from '../../sources/sources.js';

export function jaegerService(sources: Pick<Sources, 'kubernetes'>, entity: EntityRef): string {
  if (entity.resource !== 'workloads') return `${entity.name}.${entity.namespace}`;
  // A workload's canonical service is its pods' label (Istio: service.istio.io/canonical-name, else
  // app.kubernetes.io/name, else app, else the workload's name).
  const pod = sources.kubernetes.list('Pod', entity.namespace).find((p) => podOfWorkload(p.metadata.name, entity.name));
  const labels = pod?.metadata.labels ?? {};
  const name =
    labels['service.istio.io/canonical-name'] ?? labels['app.kubernetes.io/name'] ?? labels['app'] ?? entity.name;
  return `${name}.${entity.namespace}`;
}
