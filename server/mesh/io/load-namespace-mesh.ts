// The I/O behind the lists: one namespace's objects from the Kubernetes cache and its traffic from Prometheus, asked
// with three aggregated queries for the whole namespace. Prometheus failing leaves the lists intact with metricsError.
import { requireNamespace } from '../../sources/kube-cache.js';
import type { Sources } from '../../sources/sources.js';
import type { MeshInputs } from '../build-mesh.js';
import { compileTolerances } from '../health.js';
import { indexDestinationRules, indexVirtualServices } from '../istio-refs.js';
import { namespaceWorkloads } from '../namespace-workloads.js';
import { loadTraffic } from './load-traffic.js';

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
    tolerances: compileTolerances(sources.config.health.tolerances),
    gateways: kubernetes.list('Gateway'),
    istioNamespace: sources.config.istioNamespace,
  };
  const { traffic, metricsError } = await answer;
  const inputs: MeshInputs = { ...fromCache, traffic };
  if (metricsError) inputs.metricsError = metricsError;
  return inputs;
}
