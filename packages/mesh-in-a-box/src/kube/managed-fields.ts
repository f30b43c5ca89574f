import type { KubeObject } from '../store/kube-object.js';
import { fieldLeaves, fromFieldsV1, toFieldsV1, type FieldScope } from './field-paths.js';
import { jsonEqual, type JsonObject, type JsonValue } from './json-value.js';
import type { PatchSchema } from './patch-schema.js';

export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Update' | 'Apply';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: JsonObject;
  subresource?: string;
}

/** One manager's entry, read back as a set of paths. */
export interface Ownership {
  entry: ManagedFieldsEntry;
  paths: Set<string>;
}

export const nowRfc3339 = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

export function readOwnership(obj: KubeObject | undefined): Ownership[] {
  const entries = (obj?.metadata.managedFields ?? []) as ManagedFieldsEntry[];
  return entries.map((entry) => ({ entry, paths: fromFieldsV1(entry.fieldsV1) }));
}

export function writeOwnership(owners: Ownership[]): ManagedFieldsEntry[] {
  return owners.filter((o) => o.paths.size > 0).map((o) => ({ ...o.entry, fieldsV1: toFieldsV1([...o.paths].sort()) }));
}

export const sameOwner = (
  a: ManagedFieldsEntry,
  b: Pick<ManagedFieldsEntry, 'manager' | 'operation' | 'subresource'>,
) => a.manager === b.manager && a.operation === b.operation && (a.subresource ?? '') === (b.subresource ?? '');

export interface UpdateRecord {
  previous: KubeObject | undefined;
  next: KubeObject;
  manager: string;
  apiVersion: string;
  subresource?: string;
  schema: PatchSchema;
}

/**
 * The managedFields after an Update (create, PUT, or a patch other than apply): the manager takes the fields it
 * set or changed, other managers lose those, and fields that are gone are owned by nobody.
 */
export function managedFieldsAfterUpdate(record: UpdateRecord): ManagedFieldsEntry[] {
  const scope: FieldScope = record.subresource === 'status' ? 'status' : 'main';
  const before = record.previous
    ? fieldLeaves(record.previous as unknown as JsonObject, record.schema, scope)
    : new Map<string, JsonValue>();
  const after = fieldLeaves(record.next as unknown as JsonObject, record.schema, scope);
  const changed = new Set<string>();
  for (const [path, value] of after) if (!before.has(path) || !jsonEqual(before.get(path), value)) changed.add(path);
  const owners = readOwnership(record.previous);
  for (const owner of owners) {
    for (const path of owner.paths)
      if (changed.has(path) || (!after.has(path) && before.has(path))) owner.paths.delete(path);
  }
  if (changed.size > 0) {
    const key = { manager: record.manager, operation: 'Update' as const, subresource: record.subresource };
    let mine = owners.find((o) => sameOwner(o.entry, key));
    if (!mine) {
      mine = {
        entry: { ...key, apiVersion: record.apiVersion, time: '', fieldsType: 'FieldsV1', fieldsV1: {} },
        paths: new Set(),
      };
      if (!record.subresource) delete mine.entry.subresource;
      owners.push(mine);
    }
    mine.entry = { ...mine.entry, apiVersion: record.apiVersion, time: nowRfc3339() };
    for (const path of changed) mine.paths.add(path);
  }
  return writeOwnership(owners);
}

/** The field manager of a request: the fieldManager parameter, else the client's name from its User-Agent. */
export function fieldManagerOf(param: string | null, userAgent: string | undefined): string {
  if (param) return param;
  const agent = (userAgent ?? '').split('/')[0]?.trim();
  return agent || 'unknown';
}
