import { isJsonObject, type JsonObject, type JsonValue } from './json-value.js';
import type { PatchSchema } from './patch-schema.js';

// A field path in the managedFields "FieldsV1" vocabulary: segments f:<field>, k:<merge key as JSON> (an item of a
// keyed list), v:<value as JSON> (an item of a set) and "." (the item itself), joined by SEP.
const SEP = '\u0001';
export const PATH_SEPARATOR = SEP;

// Fields the API server sets itself: nobody manages them.
const SERVER_META = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'managedFields',
  'deletionTimestamp',
  'selfLink',
]);

export type FieldScope = 'main' | 'status' | 'all';

/** Every managed leaf of `obj` with its value: the fields a manager can own. */
export function fieldLeaves(obj: JsonObject, schema: PatchSchema, scope: FieldScope): Map<string, JsonValue> {
  const out = new Map<string, JsonValue>();
  for (const [key, value] of Object.entries(obj)) {
    if (key === 'apiVersion' || key === 'kind') continue;
    if (scope === 'main' && key === 'status') continue;
    if (scope === 'status' && key !== 'status') continue;
    if (key === 'metadata' && isJsonObject(value)) {
      const meta = Object.fromEntries(Object.entries(value).filter(([k]) => !SERVER_META.has(k)));
      walk(meta, schema.fields?.metadata, 'f:metadata', out);
      continue;
    }
    visit(value, schema.fields?.[key], `f:${key}`, out);
  }
  return out;
}

function walk(map: JsonObject, schema: PatchSchema | undefined, prefix: string, out: Map<string, JsonValue>): void {
  for (const [key, value] of Object.entries(map)) visit(value, schema?.fields?.[key], `${prefix}${SEP}f:${key}`, out);
}

function visit(value: JsonValue, schema: PatchSchema | undefined, path: string, out: Map<string, JsonValue>): void {
  if (isJsonObject(value) && Object.keys(value).length > 0) {
    walk(value, schema, path, out);
  } else if (Array.isArray(value) && schema?.mergeKey && value.every((v) => isJsonObject(v) && schema.mergeKey! in v)) {
    for (const item of value as JsonObject[]) {
      const itemPath = `${path}${SEP}k:${JSON.stringify({ [schema.mergeKey]: item[schema.mergeKey] })}`;
      out.set(`${itemPath}${SEP}.`, true);
      walk(item, schema.items, itemPath, out);
    }
  } else if (Array.isArray(value) && schema?.mergeScalars) {
    for (const item of value) out.set(`${path}${SEP}v:${JSON.stringify(item)}`, item);
  } else {
    out.set(path, value);
  }
}

/** The FieldsV1 tree of a set of paths, as managedFields[].fieldsV1 holds it. */
export function toFieldsV1(paths: Iterable<string>): JsonObject {
  const root: JsonObject = {};
  for (const path of paths) {
    let node = root;
    for (const segment of path.split(SEP)) {
      const next = node[segment];
      node = isJsonObject(next) ? next : (node[segment] = {});
    }
  }
  return root;
}

/** The paths of a FieldsV1 tree (the inverse of toFieldsV1). */
export function fromFieldsV1(tree: unknown): Set<string> {
  const out = new Set<string>();
  const walkTree = (node: JsonObject, prefix: string) => {
    for (const [segment, child] of Object.entries(node)) {
      const path = prefix ? `${prefix}${SEP}${segment}` : segment;
      if (isJsonObject(child) && Object.keys(child).length > 0) walkTree(child, path);
      else out.add(path);
    }
  };
  if (isJsonObject(tree)) walkTree(tree, '');
  return out;
}

/** A path as a person reads it in a conflict message: ".spec.replicas", `.spec.containers[name="x"].image`. */
export function describePath(path: string): string {
  return path
    .split(SEP)
    .map((segment) => {
      if (segment.startsWith('f:')) return `.${segment.slice(2)}`;
      if (segment.startsWith('k:')) {
        const key = JSON.parse(segment.slice(2)) as Record<string, unknown>;
        return `[${Object.entries(key)
          .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
          .join(',')}]`;
      }
      if (segment.startsWith('v:')) return `[${segment.slice(2)}]`;
      return '';
    })
    .join('');
}

/** Removes the field at `path` from `obj` (edited in place); a "." path removes the list item itself. */
export function removePath(obj: JsonObject, path: string): void {
  const segments = path.split(SEP);
  let parent: JsonValue = obj;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const last = i === segments.length - 1;
    const nextIsItem = !last && segments[i + 1] === '.';
    if (segment.startsWith('f:')) {
      if (!isJsonObject(parent)) return;
      const field = segment.slice(2);
      if (last) {
        delete parent[field];
        return;
      }
      parent = parent[field] ?? null;
    } else if (segment.startsWith('k:') || segment.startsWith('v:')) {
      if (!Array.isArray(parent)) return;
      const list: JsonValue[] = parent;
      const wanted = JSON.parse(segment.slice(2)) as JsonValue;
      const at = segment.startsWith('v:')
        ? list.findIndex((item) => JSON.stringify(item) === JSON.stringify(wanted))
        : list.findIndex(
            (item) =>
              isJsonObject(item) &&
              Object.entries(wanted as JsonObject).every(([k, v]) => JSON.stringify(item[k]) === JSON.stringify(v)),
          );
      if (at < 0) return;
      if (last || nextIsItem) {
        list.splice(at, 1);
        return;
      }
      parent = list[at]!;
    } else {
      return;
    }
  }
}
