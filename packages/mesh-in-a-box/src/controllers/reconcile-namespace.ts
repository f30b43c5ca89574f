import { GR, RESOURCE_TYPES } from '../store/resource-types.js';
import { groupResource } from '../store/kube-object.js';
import type { ControllerContext } from './controller-context.js';

const NAME_LABEL = 'kubernetes.io/metadata.name';

/** The API server labels every namespace with its own name, and a live namespace is Active. */
export function reconcileNamespace(ctx: ControllerContext, name: string): void {
  const namespace = ctx.store.get(GR.namespaces, undefined, name);
  if (!namespace) return;
  if (namespace.metadata.labels?.[NAME_LABEL] === name && namespace.status?.phase) return;
  ctx.store.update(GR.namespaces, {
    ...namespace,
    metadata: { ...namespace.metadata, labels: { ...namespace.metadata.labels, [NAME_LABEL]: name } },
    spec: namespace.spec ?? { finalizers: ['kubernetes'] },
    status: namespace.status?.phase ? namespace.status : { phase: 'Active' },
  });
}

/**
 * The namespace controller's cleanup: the store forgets a namespace at once, so what lived in it goes too. Owners go
 * before what they own would be listed, and the garbage collector follows up on the rest. Rare, so a scan is fine.
 */
export function deleteNamespaceContents(ctx: ControllerContext, name: string): void {
  for (const type of RESOURCE_TYPES) {
    if (!type.namespaced) continue;
    const gr = groupResource(type.group, type.resource);
    for (const object of ctx.store.list(gr, name)) {
      if (ctx.store.get(gr, name, object.metadata.name)) ctx.store.delete(gr, name, object.metadata.name);
    }
  }
}
