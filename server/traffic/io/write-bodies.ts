// What each write of a plan sends. A PUT replaces the whole object, so its body is the object as read, fresh, with the
// plan's spec, labels and annotations over it and the resourceVersion it was read at: metadata the plan trims
// (finalizers, ownerReferences) is kept, and a change since the read is a 409, never an overwrite. managedFields is left
// out so the API server keeps and updates it (sending it would replace it). Order: DestinationRules before the routes
// that use their subsets; deletes last, routes before the rules they name.
import type { ObjectRef, Plan } from '../../../lib/api/traffic-change.js';
import type { KubeObject } from '../../sources/kubernetes.js';

export interface PlannedWrite {
  action: 'create' | 'update' | 'delete';
  ref: ObjectRef;
  /** create/update: the body to send; delete: null. */
  body: KubeObject | null;
  /** The resourceVersion the object was read at (update, delete). */
  resourceVersion: string | undefined;
  /** The object as read (update, delete), to put back if a later write fails. */
  before: KubeObject | null;
}

export const keyOf = (kind: string, namespace: string, name: string): string => `${kind}/${namespace}/${name}`;

/** The fresh objects of a plan's input by keyOf. */
export function freshIndex(objects: Iterable<KubeObject>): Map<string, KubeObject> {
  const out = new Map<string, KubeObject>();
  for (const o of objects) out.set(keyOf(o.kind ?? '', o.metadata.namespace ?? '', o.metadata.name), o);
  return out;
}

// Routing kinds after the rules whose subsets they use.
const RANK: Record<string, number> = { DestinationRule: 0, Service: 0, VirtualService: 1, HTTPRoute: 1, GRPCRoute: 1 };

export function writeBodies(plan: Plan, fresh: ReadonlyMap<string, KubeObject>): PlannedWrite[] {
  const writes: PlannedWrite[] = [];
  for (const o of plan.objects) {
    if (o.action === 'unchanged') continue;
    const ref: ObjectRef = { apiVersion: o.apiVersion, kind: o.kind, namespace: o.namespace, name: o.name };
    const read = fresh.get(keyOf(ref.kind, ref.namespace, ref.name)) ?? null;
    const after = o.after as KubeObject | null;
    const resourceVersion = read?.metadata.resourceVersion;
    if (o.action === 'delete') {
      writes.push({ action: 'delete', ref, body: null, resourceVersion, before: read });
      continue;
    }
    if (!after) continue;
    if (o.action === 'create') {
      const metadata = { ...after.metadata };
      delete metadata.resourceVersion;
      writes.push({ action: 'create', ref, body: { ...after, metadata }, resourceVersion: undefined, before: null });
      continue;
    }
    const base: KubeObject = read ?? (after as KubeObject);
    const metadata: KubeObject['metadata'] = {
      ...base.metadata,
      labels: after.metadata.labels,
      annotations: after.metadata.annotations,
      resourceVersion,
    };
    if (!metadata.labels) delete metadata.labels;
    if (!metadata.annotations) delete metadata.annotations;
    delete metadata.managedFields;
    const body: KubeObject = { ...base, ...after, apiVersion: o.apiVersion, kind: o.kind, metadata };
    delete body.status;
    writes.push({ action: 'update', ref, body, resourceVersion, before: read });
  }
  const rank = (w: PlannedWrite) => (w.action === 'delete' ? 10 - (RANK[w.ref.kind] ?? 1) : (RANK[w.ref.kind] ?? 1));
  return writes.sort((a, b) => rank(a) - rank(b));
}
