// The I/O behind the lists: one namespace's objects from the Kubernetes cache and its traffic from Prometheus, asked
// with three aggregated queries for the whole namespace. Prometheus failing leaves the lists intact with metricsError.
import type { Tolerance } from '../config.js';
import { NotFoundError } from '../not-found-error.js';
import type { KubernetesSource } from '../sources/kubernetes.js';
import type { PrometheusSource } from '../sources/prometheus.js';
import { SourceError } from '../sources/source-error.js';
import type { Sources } from '../sources/sources.js';
import type { MeshInputs, NamespaceTraffic } from './build-mesh.js';
import { buildWorkloads } from './build-workloads.js';
import { compileTolerances, type CompiledTolerance } from './health.js';
import { indexDestinationRules, indexVirtualServices } from './istio-refs.js';
import { codeRatesByEntity, inboundQuery, outboundQuery, serviceInboundQuery } from './traffic-queries.js';

export const PROMETHEUS_NOT_CONFIGURED = 'Prometheus is not configured (set PROMETHEUS_URL): health reflects pods only';

const compiled = new WeakMap<readonly Tolerance[], CompiledTolerance[]>();
export function tolerancesOf(sources: Sources): CompiledTolerance[] {
  const raw = sources.config.health.tolerances;
  let found = compiled.get(raw);
  if (!found) compiled.set(raw, (found = compileTolerances(raw)));
  return found;
}

/** The part of a Kubernetes source that reads its cache: what pure-ish builders need, and what a bench can fake. */
export type KubeCache = Pick<KubernetesSource, 'get' | 'list'>;

export function requireNamespace(kubernetes: KubeCache, namespace: string): void {
  if (!kubernetes.get('Namespace', undefined, namespace))
    throw new NotFoundError(`namespace ${namespace} does not exist`);
}

/** The workload model of one namespace from the cache (no I/O). */
export function namespaceWorkloads(kubernetes: KubeCache, namespace: string) {
  return buildWorkloads(namespace, {
    namespace: kubernetes.get('Namespace', undefined, namespace),
    pods: kubernetes.list('Pod', namespace),
    replicaSets: kubernetes.list('ReplicaSet', namespace),
    deployments: kubernetes.list('Deployment', namespace),
    statefulSets: kubernetes.list('StatefulSet', namespace),
    daemonSets: kubernetes.list('DaemonSet', namespace),
  });
}

/**
 * Runs the traffic queries; on a Prometheus failure returns the error's message instead (cancellation still throws).
 * A namespace gets its workloads, apps and services; `null` asks for the apps of the whole mesh at once (the overview),
 * which is all that view needs and the cheapest split Prometheus can make of every namespace's traffic.
 */
export async function loadTraffic(
  prometheus: PrometheusSource | null,
  namespace: string | null,
  window: string,
  signal: AbortSignal | undefined,
): Promise<{ traffic: NamespaceTraffic | null; metricsError?: string }> {
  if (!prometheus) return { traffic: null, metricsError: PROMETHEUS_NOT_CONFIGURED };
  const grain = namespace === null ? 'app' : 'workload';
  const none = new Map();
  try {
    const [inbound, outbound, services] = await Promise.all([
      prometheus.instant(inboundQuery(namespace, window, grain), { signal }),
      prometheus.instant(outboundQuery(namespace, window, grain), { signal }),
      namespace !== null ? prometheus.instant(serviceInboundQuery(namespace, window), { signal }) : Promise.resolve([]),
    ]);
    const byWorkload = grain === 'workload';
    return {
      traffic: {
        workloadsIn: byWorkload
          ? codeRatesByEntity(
              inbound,
              { namespace: 'destination_workload_namespace', name: 'destination_workload' },
              true,
            )
          : none,
        workloadsOut: byWorkload
          ? codeRatesByEntity(outbound, { namespace: 'source_workload_namespace', name: 'source_workload' }, false)
          : none,
        appsIn: codeRatesByEntity(
          inbound,
          { namespace: 'destination_workload_namespace', name: 'destination_canonical_service' },
          true,
        ),
        appsOut: codeRatesByEntity(
          outbound,
          { namespace: 'source_workload_namespace', name: 'source_canonical_service' },
          false,
        ),
        servicesIn: codeRatesByEntity(
          services,
          { namespace: 'destination_service_namespace', name: 'destination_service_name' },
          true,
        ),
      },
    };
  } catch (err) {
    if (err instanceof SourceError) return { traffic: null, metricsError: err.message };
    throw err;
  }
}

/** Everything the lists of one namespace are built from. Throws NotFoundError for an unknown namespace. */
export async function loadNamespaceMesh(
  sources: Sources,
  namespace: string,
  window: string,
  signal?: AbortSignal,
): Promise<MeshInputs> {
  const { kubernetes } = sources;
  requireNamespace(kubernetes, namespace);
  // The queries go out first; the cache's part is built while Prometheus answers.
  const answer = loadTraffic(sources.prometheus, namespace, window, signal);
  const fromCache = {
    namespace,
    workloads: namespaceWorkloads(kubernetes, namespace),
    services: kubernetes.list('Service', namespace),
    virtualServices: indexVirtualServices(kubernetes.list('VirtualService')),
    destinationRules: indexDestinationRules(kubernetes.list('DestinationRule')),
    tolerances: tolerancesOf(sources),
    gateways: kubernetes.list('Gateway'),
    istioNamespace: sources.config.istioNamespace,
  };
  const { traffic, metricsError } = await answer;
  const inputs: MeshInputs = { ...fromCache, traffic };
  if (metricsError) inputs.metricsError = metricsError;
  return inputs;
}
