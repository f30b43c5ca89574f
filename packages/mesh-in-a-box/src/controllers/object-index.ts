import type { GroupResource, KubeObject } from '../store/kube-object.js';
import type { StoreEvent } from '../store/object-store.js';
import { GR } from '../store/resource-types.js';

export interface ObjectKey {
  gr: GroupResource;
  namespace: string | undefined;
  name: string;
}

const keyOf = (gr: GroupResource, namespace: string | undefined, name: string) => `${gr}|${namespace ?? ''}|${name}`;

/**
 * What the controllers look up, kept current from store events like an informer's indexers, so each event costs
 * O(1) plus the size of one namespace, never a scan of the store: pods and services by namespace, and every object
 * by the uid of its owners.
 */
export class ObjectIndex {
  readonly podsByNamespace = new Map<string, Map<string, KubeObject>>();
  readonly servicesByNamespace = new Map<string, Map<string, KubeObject>>();
  private readonly dependents = new Map<string, Map<string, ObjectKey>>();
  private readonly ownersOf = new Map<string, string[]>();

  /** Records the event; returns the object as it was before it (undefined for a new one). */
  observe(event: StoreEvent): KubeObject | undefined {
    const { gr, object } = event;
    const { namespace, name } = object.metadata;
    let previous: KubeObject | undefined;
    if (gr === GR.pods) previous = track(this.podsByNamespace, event);
    else if (gr === GR.services) previous = track(this.servicesByNamespace, event);
    this.trackOwners(event, keyOf(gr, namespace, name), { gr, namespace, name });
    return previous;
  }

  /** Keys of the objects of one kind that name `ownerUid` among their owners. */
  dependentsOf(ownerUid: string | undefined, gr?: GroupResource): ObjectKey[] {
    const found = ownerUid ? this.dependents.get(ownerUid) : undefined;
    if (!found) return [];
    const out: ObjectKey[] = [];
    for (const key of found.values()) if (!gr || key.gr === gr) out.push(key);
    return out;
  }

  private trackOwners(event: StoreEvent, key: string, objectKey: ObjectKey): void {
    const before = this.ownersOf.get(key) ?? [];
    const after = event.type === 'DELETED' ? [] : (event.object.metadata.ownerReferences ?? []).map((o) => o.uid);
    if (before.length === 0 && after.length === 0) return;
    for (const uid of before) {
      if (after.includes(uid)) continue;
      const byKey = this.dependents.get(uid);
      byKey?.delete(key);
      if (byKey?.size === 0) this.dependents.delete(uid);
    }
    for (const uid of after) {
      let byKey = this.dependents.get(uid);
      if (!byKey) this.dependents.set(uid, (byKey = new Map()));
      byKey.set(key, objectKey);
    }
    if (after.length > 0) this.ownersOf.set(key, after);
    else this.ownersOf.delete(key);
  }
}

function track(byNamespace: Map<string, Map<string, KubeObject>>, event: StoreEvent): KubeObject | undefined {
  const { namespace = '', name } = event.object.metadata;
  let objects = byNamespace.get(namespace);
  if (!objects) byNamespace.set(namespace, (objects = new Map()));
  const previous = objects.get(name);
  if (event.type === 'DELETED') objects.delete(name);
  else objects.set(name, event.object);
  return previous;
}
