// Who changed an object and when, from its managedFields (pure). The API server keeps one entry per manager (and
// operation and subresource) with the time it last set, changed or removed one of its fields: "The timestamp will
// also be updated if a field is added, the manager changes any of the owned fields value or removes a field"
// (ManagedFieldsEntry.time, https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/object-meta/).
// So the latest entry's manager made the latest change. Status writes (subresource "status", e.g. istiod's
// validation status) are not config changes and are left out.
import type { KubeObject } from '../sources/kubernetes.js';

interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  time?: string;
  subresource?: string;
}

export interface ChangeAuthor {
  manager: string;
  /** 'Update' (create, replace, patch) or 'Apply' (server-side apply). */
  operation: string;
  /** Unix seconds of the entry; null when the entry has none. */
  time: number | null;
}

const unixSeconds = (rfc3339: string | undefined): number | null => {
  if (!rfc3339) return null;
  const ms = Date.parse(rfc3339);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : null;
};

/** The manager of the latest write to the object's spec or metadata; the later entry wins a tie (second precision). */
export function latestAuthor(object: KubeObject): ChangeAuthor | null {
  const entries = object.metadata['managedFields'];
  if (!Array.isArray(entries)) return null;
  let best: ChangeAuthor | null = null;
  for (const raw of entries as ManagedFieldsEntry[]) {
    if (!raw || typeof raw.manager !== 'string' || raw.subresource === 'status') continue;
    const time = unixSeconds(raw.time);
    if (best === null || (time ?? -Infinity) >= (best.time ?? -Infinity))
      best = { manager: raw.manager, operation: raw.operation ?? 'Update', time };
  }
  return best;
}

export interface DescribedChange {
  /** Unix seconds. */
  time: number;
  change: string;
  manager?: string;
}

/**
 * A watch event in words and time. An add of an object at generation 1 is its creation (at its creationTimestamp);
 * an add of a later generation (the console's first list of an object changed since) and an update are a change of
 * its spec, at its latest author's time; a deletion has no author in the object, only its time.
 */
export function describeChange(
  type: 'add' | 'update' | 'delete',
  object: KubeObject,
  nowSeconds: number,
): DescribedChange {
  if (type === 'delete') {
    return { time: unixSeconds(object.metadata.deletionTimestamp) ?? nowSeconds, change: 'deleted' };
  }
  const author = latestAuthor(object);
  const generation = typeof object.metadata['generation'] === 'number' ? object.metadata['generation'] : undefined;
  const by = author ? ` by ${author.manager}` : '';
  const manager = author ? { manager: author.manager } : {};
  if (type === 'add' && (generation ?? 1) <= 1) {
    const time = unixSeconds(object.metadata.creationTimestamp) ?? author?.time ?? nowSeconds;
    return { time, change: `created${by}`, ...manager };
  }
  const verb = author?.operation === 'Apply' ? 'applied' : 'changed';
  return { time: author?.time ?? nowSeconds, change: `spec ${verb}${by}`, ...manager };
}
