// The planner's input read fresh from the API server, not from the watch cache: a change is planned, checked and
// written against the objects as they are, with the resourceVersion each was read at (the cache may lag a write by a
// watch event). One GET for the Service and one list per kind of the namespace, in parallel.
import { NotFoundError } from '../../errors.js';
import type { KubeObject, KubernetesSource } from '../../sources/kubernetes.js';
import type { PlanInput, ServiceVersion } from '../plan-types.js';

/** Where the routing kinds are listed: Istio's v1 (served since 1.22) and Gateway API's v1. */
export const ROUTING_LISTS = {
  virtualServices: { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', resource: 'virtualservices' } as {
    apiVersion: string;
    kind: string;
    resource: string;
  },
  destinationRules: { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', resource: 'destinationrules' } as {
    apiVersion: string;
    kind: string;
    resource: string;
  },
  httpRoutes: { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', resource: 'httproutes' },
  grpcRoutes: { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GRPCRoute', resource: 'grpcroutes' },
} as const;

const VERSION_LABEL = 'version';

type List = { items?: KubeObject[] } | null;

/** A namespace's objects of one kind, with apiVersion and kind set (a list's items carry neither); [] when not served. */
async function listOf(
  kube: KubernetesSource,
  t: { apiVersion: string; kind: string; resource: string },
  namespace: string,
  signal?: AbortSignal,
  labelSelector?: string,
): Promise<KubeObject[]> {
  const base = t.apiVersion.includes('/') ? `/apis/${t.apiVersion}` : `/api/${t.apiVersion}`;
  const query = labelSelector ? `?labelSelector=${encodeURIComponent(labelSelector)}` : '';
  const list = (await kube.getJson(`${base}/namespaces/${encodeURIComponent(namespace)}/${t.resource}${query}`, {
    signal,
  })) as List;
  return (list?.items ?? []).map((item) => ({ ...item, apiVersion: t.apiVersion, kind: t.kind }));
}

function selectorOf(service: KubeObject): Record<string, string> {
  const selector = service.spec?.['selector'];
  return selector && typeof selector === 'object' ? (selector as Record<string, string>) : {};
}

/** The service's versions: its pods grouped by their `version` label (pods without one are not a version). */
export function versionsOf(service: KubeObject, pods: readonly KubeObject[]): ServiceVersion[] {
  const selector = selectorOf(service);
  const counts = new Map<string, number>();
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    const version = pod.metadata.labels?.[VERSION_LABEL];
    if (version) counts.set(version, (counts.get(version) ?? 0) + 1);
  }
  return [...counts]
    .sort(([a], [b]) => a.localeCompare(b, undefined, { numeric: true }))
    .map(([name, count]) => ({ name, labels: { ...selector, [VERSION_LABEL]: name }, pods: count }));
}

/**
 * Services that select exactly one version of this one (Gateway API routes to Services, one per version):
 * their selector holds the service's own plus a `version`.
 */
export function versionServicesOf(service: KubeObject, services: readonly KubeObject[]): Record<string, string> {
  const selector = selectorOf(service);
  const out: Record<string, string> = {};
  for (const s of services) {
    if (s.metadata.name === service.metadata.name) continue;
    const own = selectorOf(s);
    const version = own[VERSION_LABEL];
    if (!version) continue;
    if (Object.entries(selector).every(([k, v]) => own[k] === v)) out[s.metadata.name] = version;
  }
  return out;
}

export async function readPlanInput(
  kube: KubernetesSource,
  namespace: string,
  name: string,
  signal?: AbortSignal,
): Promise<PlanInput> {
  const servicePath = `/api/v1/namespaces/${encodeURIComponent(namespace)}/services/${encodeURIComponent(name)}`;
  const svcType = { apiVersion: 'v1', kind: 'Service', resource: 'services' };
  // Istio's kinds in the version this cluster serves (v1 where it can, as the cache reads them).
  const served = (t: (typeof ROUTING_LISTS)['virtualServices' | 'destinationRules']) => {
    const found = kube.istioKinds().find((k) => k.kind === t.kind);
    return found ? { ...t, apiVersion: found.apiVersion, resource: found.resource } : t;
  };
  const [service, services, virtualServices, destinationRules, httpRoutes, grpcRoutes] = await Promise.all([
    kube.getJson(servicePath, { signal }) as Promise<KubeObject | null>,
    listOf(kube, svcType, namespace, signal),
    listOf(kube, served(ROUTING_LISTS.virtualServices), namespace, signal),
    listOf(kube, served(ROUTING_LISTS.destinationRules), namespace, signal),
    listOf(kube, ROUTING_LISTS.httpRoutes, namespace, signal),
    listOf(kube, ROUTING_LISTS.grpcRoutes, namespace, signal),
  ]);
  if (!service) throw new NotFoundError(`service ${name} does not exist in namespace ${namespace}`);
  service.apiVersion ??= 'v1';
  service.kind ??= 'Service';
  const selector = selectorOf(service);
  const labelSelector = Object.entries(selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  // A Service without a selector has no pods of its own (its endpoints are managed by hand): no versions.
  const pods = labelSelector
    ? await listOf(kube, { apiVersion: 'v1', kind: 'Pod', resource: 'pods' }, namespace, signal, labelSelector)
    : [];
  return {
    namespace,
    service,
    versions: versionsOf(service, pods),
    virtualServices,
    destinationRules,
    httpRoutes,
    grpcRoutes,
    versionServices: versionServicesOf(service, services),
  };
}
