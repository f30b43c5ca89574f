import { startControllers } from '../../../src/controllers/index.js';
import { groupResource, type GroupResource, type KubeObject } from '../../../src/store/kube-object.js';
import { ObjectStore } from '../../../src/store/object-store.js';
import { resourceTypeForObject } from '../../../src/store/resource-types.js';

/** A fresh store with controllers running, and `apply` that settles the controllers before it returns. */
export function meshUnderTest() {
  const store = new ObjectStore();
  const controllers = startControllers(store);
  const apply = (...objects: KubeObject[]) => {
    for (const object of objects) {
      const gr = grOf(object);
      const current = store.get(gr, object.metadata.namespace, object.metadata.name);
      if (current) store.update(gr, { ...object, metadata: { ...current.metadata, ...object.metadata } });
      else store.create(gr, object);
    }
    controllers.flush();
  };
  const remove = (object: KubeObject) => {
    store.delete(grOf(object), object.metadata.namespace, object.metadata.name);
    controllers.flush();
  };
  return { store, controllers, apply, remove };
}

export function grOf(object: KubeObject): GroupResource {
  const type = resourceTypeForObject(object.apiVersion, object.kind);
  if (!type) throw new Error(`not served: ${object.apiVersion} ${object.kind}`);
  return groupResource(type.group, type.resource);
}

export const containerNames = (pod: KubeObject): string[] =>
  ((pod.spec?.containers ?? []) as { name: string }[]).map((c) => c.name);

interface Subset {
  addresses?: { ip: string; nodeName?: string; targetRef?: unknown }[];
  ports?: { name?: string; port: number; protocol: string }[];
}

export const subsetsOf = (endpoints: KubeObject | undefined): Subset[] => (endpoints?.subsets ?? []) as Subset[];

export const endpointIps = (endpoints: KubeObject | undefined): string[] =>
  subsetsOf(endpoints)
    .flatMap((s) => (s.addresses ?? []).map((a) => a.ip))
    .sort();
