import { GR } from '../store/resource-types.js';
import { type ControllerContext, sameJson } from './controller-context.js';
import { createPod } from './create-pod.js';
import { podTemplateHash } from './pod-template-hash.js';
import { isReady, ownedPods } from './reconcile-replica-set.js';

const REVISION_LABEL = 'controller-revision-hash';

/**
 * The StatefulSet controller: pods `<name>-0` to `<name>-(n-1)`, each replaced at once when the template changes
 * (the rolling update with nothing to wait for), the highest ordinals removed when scaled down.
 */
export function reconcileStatefulSet(ctx: ControllerContext, namespace: string, name: string): void {
  const sts = ctx.store.get(GR.statefulsets, namespace, name);
  if (!sts) return;
  const wanted: number = sts.spec?.replicas ?? 1;
  const revision = `${name}-${podTemplateHash(sts.spec?.template)}`;
  const byName = new Map(ownedPods(ctx, sts).map((pod) => [pod.metadata.name, pod]));
  let wrote = false;
  for (let ordinal = 0; ordinal < wanted; ordinal++) {
    const podName = `${name}-${ordinal}`;
    const existing = byName.get(podName);
    if (existing?.metadata.labels?.[REVISION_LABEL] === revision) continue;
    if (existing) ctx.store.delete(GR.pods, namespace, podName);
    else if (ctx.store.get(GR.pods, namespace, podName)) continue; // a pod of that name the set does not own
    createPod(ctx, {
      owner: sts,
      template: sts.spec?.template ?? {},
      name: podName,
      extraLabels: {
        [REVISION_LABEL]: revision,
        'statefulset.kubernetes.io/pod-name': podName,
        'apps.kubernetes.io/pod-index': String(ordinal),
      },
      spec: { hostname: podName, ...(sts.spec?.serviceName ? { subdomain: sts.spec.serviceName } : {}) },
      workloadName: name,
    });
    wrote = true;
  }
  for (const [podName] of byName) {
    const ordinal = Number(podName.slice(name.length + 1));
    if (!(ordinal < wanted)) {
      ctx.store.delete(GR.pods, namespace, podName);
      wrote = true;
    }
  }
  if (wrote) return;
  const pods = [...byName.values()];
  const ready = pods.filter(isReady).length;
  const status = {
    observedGeneration: sts.metadata.generation,
    replicas: pods.length,
    readyReplicas: ready,
    currentReplicas: pods.length,
    updatedReplicas: pods.length,
    availableReplicas: ready,
    currentRevision: revision,
    updateRevision: revision,
    collisionCount: 0,
  };
  if (!sameJson(status, sts.status)) ctx.store.update(GR.statefulsets, { ...sts, status });
}
