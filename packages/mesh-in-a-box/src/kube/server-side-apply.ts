import type { KubeObject } from '../store/kube-object.js';
import { ApiError } from './api-error.js';
import { describePath, fieldLeaves, PATH_SEPARATOR, removePath } from './field-paths.js';
import { cloneJson, isJsonObject, jsonEqual, type JsonObject, type JsonValue } from './json-value.js';
import { nowRfc3339, readOwnership, sameOwner, writeOwnership, type ManagedFieldsEntry } from './managed-fields.js';
import type { PatchSchema } from './patch-schema.js';

export interface ApplyRequest {
  live: KubeObject | undefined;
  config: JsonObject;
  manager: string;
  force: boolean;
  apiVersion: string;
  schema: PatchSchema;
  subresource?: string;
}

/**
 * Server-side apply (application/apply-patch+yaml): the configuration is merged into the live object, the applier
 * owns exactly the fields it names, fields it named last time and dropped now are removed unless someone else owns
 * them, and changing a field another manager owns is a 409 conflict unless force=true.
 */
export function serverSideApply(request: ApplyRequest): { object: JsonObject; managedFields: ManagedFieldsEntry[] } {
  const scope = request.subresource === 'status' ? 'status' : 'main';
  const wanted = fieldLeaves(request.config, request.schema, scope);
  const key = { manager: request.manager, operation: 'Apply' as const, subresource: request.subresource };
  const owners = readOwnership(request.live);
  const live = request.live ? (cloneJson(request.live) as unknown as JsonObject) : {};
  const current = fieldLeaves(live, request.schema, scope);

  const conflicts: { path: string; manager: string; apiVersion: string }[] = [];
  for (const [path, value] of wanted) {
    if (current.has(path) && jsonEqual(current.get(path), value)) continue; // same value: shared ownership
    for (const owner of owners) {
      if (sameOwner(owner.entry, key) || !owner.paths.has(path)) continue;
      if (request.force) owner.paths.delete(path);
      else conflicts.push({ path, manager: owner.entry.manager, apiVersion: owner.entry.apiVersion });
    }
  }
  if (conflicts.length > 0) {
    const causes = conflicts.map((c) => ({
      reason: 'FieldManagerConflict',
      message: `conflict with "${c.manager}" using ${c.apiVersion}`,
      field: describePath(c.path),
    }));
    const text =
      causes.length === 1
        ? `1 conflict: ${causes[0]!.message}: ${causes[0]!.field}`
        : `${causes.length} conflicts: ${causes.map((c) => `\n- ${c.message}: ${c.field}`).join('')}`;
    throw new ApiError(409, 'Conflict', `Apply failed with ${text}`, { causes });
  }

  const merged = mergeApplied(live, request.config, request.schema);
  let mine = owners.find((o) => sameOwner(o.entry, key));
  const droppedByMe = [...(mine?.paths ?? [])].filter((path) => !wanted.has(path));
  const ownedByOthers = owners.filter((o) => o !== mine).flatMap((o) => [...o.paths]);
  for (const path of droppedByMe) {
    // Dropping a list item drops it only when nobody else owns a field inside it.
    const item = path.endsWith(`${PATH_SEPARATOR}.`) ? path.slice(0, -2) : path;
    const ownedElsewhere = ownedByOthers.some((p) => p === path || p === item || p.startsWith(item + PATH_SEPARATOR));
    if (!ownedElsewhere) removePath(merged, path);
  }
  if (!mine) {
    mine = {
      entry: { ...key, apiVersion: request.apiVersion, time: '', fieldsType: 'FieldsV1', fieldsV1: {} },
      paths: new Set(),
    };
    if (!request.subresource) delete mine.entry.subresource;
    owners.unshift(mine);
  }
  mine.entry = { ...mine.entry, apiVersion: request.apiVersion, time: nowRfc3339() };
  mine.paths = new Set(wanted.keys());
  return { object: merged, managedFields: writeOwnership(owners) };
}

/** Merges like strategic merge patch without directives: keyed lists by key, sets by value, other lists whole. */
function mergeApplied(live: JsonObject, config: JsonObject, schema: PatchSchema | undefined): JsonObject {
  const out: JsonObject = { ...live };
  for (const [key, value] of Object.entries(config)) {
    const sub = schema?.fields?.[key];
    const base = out[key];
    if (isJsonObject(value) && isJsonObject(base)) out[key] = mergeApplied(base, value, sub);
    else if (Array.isArray(value) && Array.isArray(base) && sub?.mergeKey) out[key] = mergeKeyed(base, value, sub);
    else if (Array.isArray(value) && Array.isArray(base) && sub?.mergeScalars) {
      out[key] = [...base, ...value.filter((v) => !base.some((b) => jsonEqual(b, v)))];
    } else out[key] = value;
  }
  return out;
}

function mergeKeyed(live: JsonValue[], config: JsonValue[], schema: PatchSchema): JsonValue[] {
  const key = schema.mergeKey!;
  const out = [...live];
  for (const item of config) {
    const at = isJsonObject(item) ? out.findIndex((l) => isJsonObject(l) && jsonEqual(l[key], item[key])) : -1;
    if (at >= 0 && isJsonObject(item)) out[at] = mergeApplied(out[at] as JsonObject, item, schema.items);
    else out.push(item);
  }
  return out;
}
