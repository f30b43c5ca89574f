import type { KubeObject } from '../store/kube-object.js';
import { GR } from '../store/resource-types.js';
import { type ControllerContext, controllerOf, sameJson } from './controller-context.js';
import { createPod } from './create-pod.js';
import { omitZero } from './reconcile-deployment.js';

/** The ReplicaSet controller: as many pods as spec.replicas, removing the newest first, and their count in status. */
export function reconcileReplicaSet(ctx: ControllerContext, namespace: string, name: string): void {
  const rs = ctx.store.get(GR.replicasets, namespace, name);
  if (!rs) return;
  const pods = ownedPods(ctx, rs);
  const wanted: number = rs.spec?.replicas ?? 1;
  if (pods.length < wanted) {
    const owner = controllerOf(rs);
    const hash = rs.metadata.labels?.['pod-template-hash'];
    const workloadName =
      owner?.kind === 'Deployment'
        ? owner.name
        : hash && name.endsWith(`-${hash}`)
          ? name.slice(0, -hash.length - 1)
          : name;
    for (let i = pods.length; i < wanted; i++) {
      createPod(ctx, { owner: rs, template: rs.spec?.template ?? {}, generateName: `${name}-`, workloadName });
    }
    return; // the pods' events bring this ReplicaSet back for its status
  }
  if (pods.length > wanted) {
    const newestFirst = [...pods].sort(
      (a, b) => createdAt(b).localeCompare(createdAt(a)) || b.metadata.name.localeCompare(a.metadata.name),
    );
    for (const pod of newestFirst.slice(0, pods.length - wanted))
      ctx.store.delete(GR.pods, namespace, pod.metadata.name);
    return;
  }
  const ready = pods.filter(isReady).length;
  const status = omitZero({
    replicas: pods.length,
    fullyLabeledReplicas: pods.length,
    readyReplicas: ready,
    availableReplicas: ready,
    observedGeneration: rs.metadata.generation,
  });
  // Kubernetes writes replicas: 0 rather than leaving it out, unlike the other counts.
  const withReplicas = { replicas: 0, ...status };
  if (!sameJson(withReplicas, rs.status)) ctx.store.update(GR.replicasets, { ...rs, status: withReplicas });
}

export function ownedPods(ctx: ControllerContext, owner: KubeObject): KubeObject[] {
  const out: KubeObject[] = [];
  for (const key of ctx.index.dependentsOf(owner.metadata.uid, GR.pods)) {
    const pod = ctx.store.get(GR.pods, key.namespace, key.name);
    if (pod) out.push(pod);
  }
  return out;
}

export function isReady(pod: KubeObject): boolean {
  const conditions = (pod.status?.conditions ?? []) as { type: string; status: string }[];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

const createdAt = (o: KubeObject) => o.metadata.creationTimestamp ?? '';
