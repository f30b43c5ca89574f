// One object of a plan as the contract shows it: before and after with metadata trimmed to what a person reviews
// (name, namespace, labels, annotations, resourceVersion), the action, and the RFC 6902 patch between them
// (fast-json-patch's compare, which emits replace/add/remove with JSON Pointer paths as RFC 6901 escapes them).
import jsonPatch from 'fast-json-patch';
import type { PlannedObject } from '../../lib/api/traffic-change.js';
import type { KubeObject } from '../sources/kubernetes.js';

/** An object the plan touches: as read (null: absent) and as it would be after (null: deleted). */
export interface Draft {
  kind: string;
  apiVersion: string;
  namespace: string;
  name: string;
  before: KubeObject | null;
  after: KubeObject | null;
}

const KEPT_METADATA = ['name', 'namespace', 'labels', 'annotations', 'resourceVersion'] as const;

/** The object with metadata trimmed and status dropped (the controller's, never part of a change). */
export function trimObject(obj: KubeObject | null): Record<string, unknown> | null {
  if (!obj) return null;
  const { metadata, status: _status, ...rest } = obj;
  void _status;
  const trimmed: Record<string, unknown> = {};
  for (const key of KEPT_METADATA) if (metadata[key] !== undefined) trimmed[key] = structuredClone(metadata[key]);
  const out: Record<string, unknown> = {};
  // apiVersion and kind first, as kubectl prints them, then metadata, then the rest in the object's order.
  if (rest.apiVersion !== undefined) out.apiVersion = rest.apiVersion;
  if (rest.kind !== undefined) out.kind = rest.kind;
  out.metadata = trimmed;
  for (const [key, value] of Object.entries(rest)) if (!(key in out)) out[key] = structuredClone(value);
  return out;
}

export function plannedObject(draft: Draft): PlannedObject {
  const before = trimObject(draft.before);
  const after = trimObject(draft.after);
  const ref = { apiVersion: draft.apiVersion, kind: draft.kind, namespace: draft.namespace, name: draft.name };
  if (!before && after)
    return { ...ref, action: 'create', before, after, patch: [{ op: 'add', path: '', value: after }] };
  if (before && !after) return { ...ref, action: 'delete', before, after, patch: [{ op: 'remove', path: '' }] };
  const patch = before && after ? jsonPatch.compare(before, after) : [];
  return {
    ...ref,
    action: patch.length === 0 ? 'unchanged' : 'update',
    before,
    after,
    patch: patch as unknown as Record<string, unknown>[],
  };
}
