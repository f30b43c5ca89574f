// Which spans belong to an app, workload or service, read from the watch cache (no I/O). Istio names a proxy's
// tracing service `<canonical service>.<namespace>` (istio/istio pilot/pkg/networking/core/tracing.go: the
// canonical-service label, else app.kubernetes.io/name, else app, else the workload's name), the backends are asked
// for those names, and a workload keeps only the spans its own pods wrote.
import type { EntityRef } from '../../lib/api/entity-ref.js';
import type { Span } from '../../lib/api/traces.js';
import { namespaceWorkloads } from '../mesh/namespace-workloads.js';
import { podOfWorkload, selects } from '../mesh/pod-facts.js';
import type { KubeCache } from '../sources/kube-cache.js';

export interface EntityScope {
  /** The tracing service names to ask the backend for. */
  services: string[];
  /** The span was written by one of the entity's proxies. */
  owns(span: Span): boolean;
}

export function entityScope(cache: KubeCache, entity: EntityRef): EntityScope {
  const { namespace, resource, name } = entity;
  const workloads = namespaceWorkloads(cache, namespace);
  const serviceOf = (w: { app: string | null; name: string }) => `${w.app ?? w.name}.${namespace}`;
  if (resource === 'apps') {
    const services = [`${name}.${namespace}`];
    return { services, owns: (s) => s.service === services[0] };
  }
  if (resource === 'workloads') {
    const workload = workloads.find((w) => w.name === name);
    const service = workload ? serviceOf(workload) : `${name}.${namespace}`;
    const podOwner = new Map(workloads.flatMap((w) => w.pods.map((p) => [p.name, w.name] as const)));
    // A pod that is gone (a rollout since) still wrote its spans: its name is the workload's and the suffix a
    // controller adds (podOfWorkload), which sa-logic-v2-… is not for sa-logic.
    const ownPod = (pod: string | null) =>
      pod !== null && (podOwner.has(pod) ? podOwner.get(pod) === name : podOfWorkload(pod, name));
    return {
      services: [service],
      owns: (s) => s.service === service && (s.namespace === null || s.namespace === namespace) && ownPod(s.pod),
    };
  }
  const svc = cache.get('Service', namespace, name);
  const selector = (svc?.spec as { selector?: Record<string, string> } | undefined)?.selector;
  const selected = selector ? workloads.filter((w) => selects(selector, w.labels)) : [];
  const services = [...new Set(selected.map(serviceOf))];
  if (services.length === 0) services.push(`${name}.${namespace}`);
  const set = new Set(services);
  return { services, owns: (s) => set.has(s.service) };
}
