import type { KubeObject } from '../store/kube-object.js';
import { GR } from '../store/resource-types.js';
import { type ControllerContext, sameJson } from './controller-context.js';
import { createPod } from './create-pod.js';
import { podTemplateHash } from './pod-template-hash.js';
import { isReady, ownedPods } from './reconcile-replica-set.js';

const REVISION_LABEL = 'controller-revision-hash';

/** The DaemonSet controller on a one-node cluster: one pod, replaced when the template changes. */
export function reconcileDaemonSet(ctx: ControllerContext, namespace: string, name: string): void {
  const ds = ctx.store.get(GR.daemonsets, namespace, name);
  if (!ds) return;
  const revision = podTemplateHash(ds.spec?.template);
  const pods = ownedPods(ctx, ds);
  const current = pods.filter((pod: KubeObject) => pod.metadata.labels?.[REVISION_LABEL] === revision);
  let wrote = false;
  for (const pod of pods) {
    if (pod === current[0]) continue;
    ctx.store.delete(GR.pods, namespace, pod.metadata.name);
    wrote = true;
  }
  if (current.length === 0) {
    createPod(ctx, {
      owner: ds,
      template: ds.spec?.template ?? {},
      generateName: `${name}-`,
      extraLabels: { [REVISION_LABEL]: revision, 'pod-template-generation': String(ds.metadata.generation ?? 1) },
      workloadName: name,
    });
    wrote = true;
  }
  if (wrote) return;
  const ready = current.filter(isReady).length;
  const status = {
    currentNumberScheduled: 1,
    desiredNumberScheduled: 1,
    numberAvailable: ready,
    numberMisscheduled: 0,
    numberReady: ready,
    observedGeneration: ds.metadata.generation,
    updatedNumberScheduled: 1,
  };
  if (!sameJson(status, ds.status)) ctx.store.update(GR.daemonsets, { ...ds, status });
}
