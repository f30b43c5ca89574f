// The overview's contract objects: per namespace its counts, app health, injection, mTLS mode and traffic sparkline,
// from what the cache and Prometheus said. Pure: everything arrives as values.
import type { HealthStatus } from '../../lib/api/health.js';
import type { NamespaceSummary } from '../../lib/api/namespaces.js';
import type { KubeObject } from '../sources/kubernetes.js';
import type { Series } from '../sources/prometheus.js';
import { buildAppList, type MeshInputs, type ServiceLinks } from './build-mesh.js';
import type { WorkloadModel } from './build-workloads.js';
import { namespaceInjection, namespaceMtls, namespaceMtlsProxies } from './pod-facts.js';

/** One namespace as the cache holds it. */
export interface NamespaceFacts {
  namespace: KubeObject;
  workloads: WorkloadModel[];
  services: readonly KubeObject[];
  links: ServiceLinks;
  /** The namespace's own PeerAuthentications. */
  peerAuthentications: readonly KubeObject[];
}

/** What every namespace shares: the Istio config index, the mesh-wide policies and the answers of Prometheus. */
export type OverviewInputs = Pick<
  MeshInputs,
  'virtualServices' | 'destinationRules' | 'tolerances' | 'istioNamespace' | 'traffic' | 'metricsError'
> & {
  /** PeerAuthentications of the root namespace (mesh-wide). */
  meshPeerAuthentications: readonly KubeObject[];
  /** Request rate per namespace over the window; null when Prometheus could not be asked. */
  sparklines: ReadonlyMap<string, Series> | null;
};

export function buildOverview(namespaces: readonly NamespaceFacts[], shared: OverviewInputs): NamespaceSummary[] {
  return namespaces.map((facts) => namespaceSummary(facts, shared)).sort((a, b) => a.name.localeCompare(b.name));
}

function namespaceSummary(facts: NamespaceFacts, shared: OverviewInputs): NamespaceSummary {
  const { namespace, workloads, services, links } = facts;
  const name = namespace.metadata.name;
  const { meshPeerAuthentications, sparklines, ...meshInputs } = shared;
  const apps = buildAppList({ ...meshInputs, namespace: name, workloads, services }, links);
  const health = { Healthy: 0, Degraded: 0, Failure: 0, 'Not Ready': 0, NA: 0 } satisfies Record<HealthStatus, number>;
  for (const app of apps) health[app.health.status] += 1;
  const line = sparklines?.get(name);
  const summary: NamespaceSummary = {
    name,
    apps: apps.length,
    workloads: workloads.length,
    services: services.length,
    health,
    injection: namespaceInjection(namespace),
    mtls: namespaceMtls(facts.peerAuthentications, meshPeerAuthentications),
    mtlsProxies: namespaceMtlsProxies(workloads),
    // Prometheus' seconds to the charts' milliseconds; a gap (NaN) draws as no traffic.
    traffic: sparklines
      ? (line?.values.map(([t, v]) => [t * 1000, Number.isFinite(v) ? v : 0] as [number, number]) ?? [])
      : null,
  };
  if (shared.metricsError) summary.metricsError = shared.metricsError;
  return summary;
}
