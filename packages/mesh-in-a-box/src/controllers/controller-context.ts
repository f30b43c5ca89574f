import type { KubeObject, OwnerReference } from '../store/kube-object.js';
import type { ObjectStore } from '../store/object-store.js';
import { GR } from '../store/resource-types.js';
import type { IndexPool } from './index-pool.js';
import type { ObjectIndex } from './object-index.js';

export const STAGES = [
  'gc',
  'namespace',
  'pod',
  'replicaset',
  'statefulset',
  'daemonset',
  'deployment',
  'service',
  'endpoints',
  'claim',
] as const;
export type Stage = (typeof STAGES)[number];

/** What every controller works with. Keys are `namespace/name`, or the name alone for cluster-scoped objects. */
export interface ControllerContext {
  store: ObjectStore;
  index: ObjectIndex;
  /** Istio's cluster id, written into injected sidecars. */
  cluster: string;
  /** Offsets into 10.244.0.0/16. */
  podIps: IndexPool;
  enqueue(stage: Stage, key: string): void;
}

export const objectKey = (namespace: string | undefined, name: string): string =>
  namespace ? `${namespace}/${name}` : name;

export function splitKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/');
  return { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

export function controllerOf(object: KubeObject): OwnerReference | undefined {
  return object.metadata.ownerReferences?.find((o) => o.controller);
}

export function ownerReferenceTo(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function namespaceLabels(ctx: ControllerContext, namespace: string | undefined): Record<string, string> {
  if (!namespace) return {};
  return ctx.store.get(GR.namespaces, undefined, namespace)?.metadata.labels ?? {};
}

// Controllers write only when something changed, so that reacting to one's own writes ends; the same comparison as
// the store's, which skips a write that changes nothing.
export { sameJson } from '../store/same-json.js';

/** A condition with its transition time kept while its status stays the same, as controllers do. */
export function condition(
  previous: { type: string; status: string; reason?: string; message?: string; [time: string]: unknown }[] | undefined,
  next: { type: string; status: 'True' | 'False'; reason: string; message: string },
  at: string,
  withUpdateTime: boolean,
): Record<string, string> {
  const before = previous?.find((c) => c.type === next.type);
  const sameStatus = before?.status === next.status;
  const sameText = sameStatus && before?.reason === next.reason && before?.message === next.message;
  const out: Record<string, string> = { type: next.type, status: next.status };
  if (withUpdateTime) out.lastUpdateTime = sameText ? String(before?.lastUpdateTime ?? at) : at;
  out.lastTransitionTime = sameStatus ? String(before?.lastTransitionTime ?? at) : at;
  return { ...out, reason: next.reason, message: next.message };
}
