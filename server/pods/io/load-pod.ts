// One pod's page: the pod and what it belongs to from the cache, its events from the API (the field selector
// `kubectl describe` uses: client-go's events GetFieldSelector, involvedObject name, namespace, kind and uid), and the
// Istio config that applies to it.
import type { PodDetail } from '../../../lib/api/pods.js';
import { NotFoundError, SourceError } from '../../errors.js';
import { appliedConfig } from '../../mesh/applied-config.js';
import { loadAppliedConfigObjects } from '../../mesh/io/load-applied-config.js';
import { indexDestinationRules, indexVirtualServices } from '../../mesh/istio-refs.js';
import { selects } from '../../mesh/pod-facts.js';
import { requireNamespace } from '../../sources/kube-cache.js';
import type { KubeObject, KubernetesSource } from '../../sources/kubernetes.js';
import type { Sources } from '../../sources/sources.js';
import { buildPodDetail } from '../build-pod-detail.js';

const controllerOf = (o: KubeObject) =>
  o.metadata.ownerReferences?.find((r) => r.controller) ?? o.metadata.ownerReferences?.[0];

/** The owner in ownerReferences, and the workload as the workload list names it (a ReplicaSet's Deployment). */
export function workloadOf(
  kubernetes: Pick<KubernetesSource, 'get'>,
  pod: KubeObject,
): { owner: { kind: string; name: string } | null; workload: { kind: string; name: string } } {
  const owner = controllerOf(pod);
  if (!owner) return { owner: null, workload: { kind: 'Pod', name: pod.metadata.name } };
  const ownerRef = { kind: owner.kind, name: owner.name };
  if (owner.kind !== 'ReplicaSet') return { owner: ownerRef, workload: ownerRef };
  const rs = kubernetes.get('ReplicaSet', pod.metadata.namespace, owner.name);
  const deployment = rs && controllerOf(rs);
  return {
    owner: ownerRef,
    workload: deployment?.kind === 'Deployment' ? { kind: 'Deployment', name: deployment.name } : ownerRef,
  };
}

async function loadEvents(
  kubernetes: KubernetesSource,
  pod: KubeObject,
  signal?: AbortSignal,
): Promise<{ events: KubeObject[]; eventsError: string | null }> {
  const ns = pod.metadata.namespace ?? '';
  const selector = [
    `involvedObject.name=${pod.metadata.name}`,
    `involvedObject.namespace=${ns}`,
    'involvedObject.kind=Pod',
    ...(pod.metadata.uid ? [`involvedObject.uid=${pod.metadata.uid}`] : []),
  ].join(',');
  const path = `/api/v1/namespaces/${encodeURIComponent(ns)}/events?fieldSelector=${encodeURIComponent(selector)}`;
  try {
    const list = (await kubernetes.getJson(path, { signal })) as { items?: KubeObject[] } | null;
    return { events: list?.items ?? [], eventsError: null };
  } catch (err) {
    // The events are one part of the page: the pod itself still shows, with the reason they are missing.
    if (err instanceof SourceError) return { events: [], eventsError: err.message };
    throw err;
  }
}

export async function loadPod(
  sources: Sources,
  namespace: string,
  name: string,
  signal?: AbortSignal,
): Promise<PodDetail> {
  const { kubernetes } = sources;
  requireNamespace(kubernetes, namespace);
  const pod = kubernetes.get('Pod', namespace, name);
  if (!pod) throw new NotFoundError(`pod ${name} does not exist in namespace ${namespace}`);
  const [{ events, eventsError }, objects] = await Promise.all([
    loadEvents(kubernetes, pod, signal),
    loadAppliedConfigObjects(kubernetes, signal),
  ]);
  const labels = pod.metadata.labels ?? {};
  const services = kubernetes
    .list('Service', namespace)
    .filter((s) => selects((s.spec as { selector?: Record<string, string> } | undefined)?.selector, labels))
    .map((s) => s.metadata.name);
  const istioConfig = appliedConfig(
    {
      rootNamespace: sources.config.istioNamespace,
      objects,
      virtualServices: indexVirtualServices(kubernetes.list('VirtualService')),
      destinationRules: indexDestinationRules(kubernetes.list('DestinationRule')),
    },
    { namespace, workloadLabels: [labels], services },
  );
  return buildPodDetail({ pod, ...workloadOf(kubernetes, pod), events, eventsError, istioConfig });
}
