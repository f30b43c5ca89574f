import type { KubeObject } from '../store/kube-object.js';
import { groupResource } from '../store/kube-object.js';
import { resourceTypeForObject } from '../store/resource-types.js';
import type { ControllerContext } from './controller-context.js';

/**
 * The garbage collector, for background deletion: once an owner is gone, each object that named it in
 * ownerReferences is deleted unless another of its owners still exists. Their deletion brings their own dependents
 * here in turn (Deployment → ReplicaSets → pods).
 */
export function collectGarbage(ctx: ControllerContext, ownerUid: string): void {
  for (const key of ctx.index.dependentsOf(ownerUid)) {
    const dependent = ctx.store.get(key.gr, key.namespace, key.name);
    if (!dependent || hasLiveOwner(ctx, dependent)) continue;
    ctx.store.delete(key.gr, key.namespace, key.name);
  }
}

function hasLiveOwner(ctx: ControllerContext, dependent: KubeObject): boolean {
  for (const owner of dependent.metadata.ownerReferences ?? []) {
    const type = resourceTypeForObject(owner.apiVersion, owner.kind);
    if (!type) continue;
    const namespace = type.namespaced ? dependent.metadata.namespace : undefined;
    const found = ctx.store.get(groupResource(type.group, type.resource), namespace, owner.name);
    if (found?.metadata.uid === owner.uid) return true;
  }
  return false;
}
