// The workload's security answer: the policies from the watch cache, MeshConfig's root namespace and trust domain,
// the window's calls (one Prometheus query, the sidecars' access logs), then the pure builder.
import type { SecurityQuery, SecurityResponse } from '../../../lib/api/security.js';
import { requireDurationSeconds } from '../../../lib/duration.js';
import { configTarget } from '../../mesh/applied-config.js';
import { linkServices } from '../../mesh/build-mesh.js';
import { namespaceWorkloads } from '../../mesh/namespace-workloads.js';
import { requireEntity } from '../../mesh/require-entity.js';
import type { KubeObject } from '../../sources/kubernetes.js';
import type { Sources } from '../../sources/sources.js';
import { buildSecurity } from '../build-security.js';
import type { LoggedCallsCache } from '../logged-calls-cache.js';
import { SECURITY_KINDS } from '../policies-in-force.js';
import { loadMeshSecurityConfig } from './load-mesh-security-config.js';
import { loadObservedCalls } from './load-observed-calls.js';

/**
 * The three security kinds of every namespace from the cache, each with its kind (list items carry none). From the
 * shared cache also for a person: a policy in a namespace they may not see (the root namespace's mesh-wide one)
 * still decides how their workloads are called, and the Security tab must say so.
 */
export function securityObjects(sources: Pick<Sources, 'kubernetes'>): KubeObject[] {
  return SECURITY_KINDS.flatMap((kind) =>
    sources.kubernetes.shared.list(kind).map((o) => (o.kind ? o : { ...o, kind })),
  );
}

/** The container ports of the workload's pods, the sidecar's own left out: the ports PeerAuthentication can name. */
function workloadPorts(sources: Pick<Sources, 'kubernetes'>, namespace: string, pods: readonly string[]): number[] {
  const ports = new Set<number>();
  for (const name of pods) {
    const pod = sources.kubernetes.get('Pod', namespace, name);
    const containers = (pod?.spec as { containers?: { name?: string; ports?: { containerPort?: number }[] }[] })
      ?.containers;
    for (const c of containers ?? [])
      if (c.name !== 'istio-proxy')
        for (const p of c.ports ?? []) if (typeof p.containerPort === 'number') ports.add(p.containerPort);
  }
  return [...ports].sort((a, b) => a - b);
}

export async function loadSecurity(
  sources: Sources,
  logCache: LoggedCallsCache,
  namespace: string,
  name: string,
  query: SecurityQuery,
  signal?: AbortSignal,
): Promise<SecurityResponse> {
  const entity = { namespace, resource: 'workloads' as const, name };
  requireEntity(sources.kubernetes, entity);
  const atMs = Date.now();
  const windowSeconds = requireDurationSeconds(query.duration);
  const workloads = namespaceWorkloads(sources.kubernetes, namespace);
  const workload = workloads.find((w) => w.name === name)!;
  const target = configTarget(
    workloads,
    linkServices(workloads, sources.kubernetes.list('Service', namespace)),
    entity,
  );
  const mesh = await loadMeshSecurityConfig(sources, signal);
  const observed = await loadObservedCalls(
    sources,
    { namespace, workloads: [workload], windowSeconds, atMs, trustDomain: mesh.trustDomain, logCache },
    signal,
  );
  return buildSecurity({
    workload,
    ports: workloadPorts(
      sources,
      namespace,
      workload.pods.map((p) => p.name),
    ),
    target,
    objects: securityObjects(sources),
    rootNamespace: mesh.rootNamespace,
    timestamp: Math.floor(atMs / 1000),
    duration: query.duration,
    windowSeconds,
    ...observed,
  });
}
