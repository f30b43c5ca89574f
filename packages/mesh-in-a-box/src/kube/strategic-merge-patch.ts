import { badRequest } from './api-error.js';
import { isJsonObject, jsonEqual, type JsonObject, type JsonValue } from './json-value.js';
import type { PatchSchema } from './patch-schema.js';

// Strategic merge patch as the API server applies it to built-in kinds (k8s.io/apimachinery strategicpatch): maps
// merge key by key, null deletes, lists with a merge key merge item by item, other lists are replaced. The
// directives are the ones kubectl's three-way patch produces: $patch (merge|replace|delete), $retainKeys,
// $setElementOrder/<list> and $deleteFromPrimitiveList/<list>.

const SET_ORDER = '$setElementOrder/';
const DELETE_FROM = '$deleteFromPrimitiveList/';

/** Applies `patch` to `original` (neither is changed) and returns the result. */
export function applyStrategicMergePatch(original: JsonObject, patch: JsonObject, schema: PatchSchema): JsonObject {
  return mergeMap(original, patch, schema) ?? {};
}

/** The merged map, or undefined when the patch deletes it ($patch: delete). */
function mergeMap(original: JsonObject, patch: JsonObject, schema: PatchSchema | undefined): JsonObject | undefined {
  const directive = patch.$patch;
  if (directive === 'delete') return undefined;
  if (directive === 'replace') return stripDirectives(patch);
  if (directive !== undefined && directive !== 'merge') throw badRequest(`unknown patch type: ${String(directive)}`);

  const result: JsonObject = { ...original };
  const retain = patch.$retainKeys;
  if (retain !== undefined) {
    if (!Array.isArray(retain)) throw badRequest('$retainKeys must be a list of field names');
    for (const key of Object.keys(result)) if (!retain.includes(key)) delete result[key];
  }
  const orders: [string, JsonValue[]][] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys') continue;
    if (key.startsWith(SET_ORDER)) {
      if (!Array.isArray(value)) throw badRequest(`${key} must be a list`);
      orders.push([key.slice(SET_ORDER.length), value]);
      continue;
    }
    if (key.startsWith(DELETE_FROM)) {
      const field = key.slice(DELETE_FROM.length);
      const current = result[field];
      if (!Array.isArray(value)) throw badRequest(`${key} must be a list`);
      if (Array.isArray(current)) result[field] = current.filter((item) => !value.some((v) => jsonEqual(v, item)));
      continue;
    }
    const sub = schema?.fields?.[key];
    if (value === null) {
      delete result[key];
    } else if (isJsonObject(value)) {
      const base = result[key];
      const merged = mergeMap(isJsonObject(base) ? base : {}, value, sub);
      if (merged === undefined) delete result[key];
      else result[key] = merged;
    } else if (Array.isArray(value)) {
      const base = result[key];
      result[key] = mergeList(Array.isArray(base) ? base : [], value, sub);
    } else {
      result[key] = value;
    }
  }
  for (const [field, order] of orders) {
    const list = result[field];
    if (Array.isArray(list)) result[field] = reorder(list, order, schema?.fields?.[field]?.mergeKey);
  }
  return result;
}

function mergeList(original: JsonValue[], patch: JsonValue[], schema: PatchSchema | undefined): JsonValue[] {
  const replaceAll = patch.some((item) => isJsonObject(item) && item.$patch === 'replace');
  if (replaceAll) return patch.filter((item) => !(isJsonObject(item) && item.$patch === 'replace')).map(stripValue);
  const key = schema?.mergeKey;
  if (key) {
    const result = [...original];
    for (const item of patch) {
      if (!isJsonObject(item)) throw badRequest(`list items merged by ${key} must be maps`);
      if (!Object.hasOwn(item, key))
        throw badRequest(`map: ${JSON.stringify(item)} does not contain declared merge key: ${key}`);
      const at = result.findIndex((existing) => isJsonObject(existing) && jsonEqual(existing[key], item[key]));
      if (item.$patch === 'delete') {
        if (at >= 0) result.splice(at, 1);
        continue;
      }
      const base = at >= 0 ? (result[at] as JsonObject) : {};
      const merged = mergeMap(base, item, schema.items);
      if (at >= 0) {
        if (merged === undefined) result.splice(at, 1);
        else result[at] = merged;
      } else if (merged !== undefined) {
        result.push(merged);
      }
    }
    return result;
  }
  if (schema?.mergeScalars) {
    const result = [...original];
    for (const item of patch) if (!result.some((v) => jsonEqual(v, item))) result.push(item);
    return result;
  }
  return patch.map(stripValue);
}

/** Puts the items named in `order` first, in that order; items the patch did not name keep their relative order. */
function reorder(list: JsonValue[], order: JsonValue[], key: string | undefined): JsonValue[] {
  const identity = (item: JsonValue) => (key && isJsonObject(item) ? item[key] : item);
  const rank = (item: JsonValue) =>
    order.findIndex((o) => jsonEqual(key && isJsonObject(o) ? o[key] : o, identity(item)));
  const named = list.filter((item) => rank(item) >= 0).sort((a, b) => rank(a) - rank(b));
  const others = list.filter((item) => rank(item) < 0);
  return [...named, ...others];
}

function stripValue(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(stripValue);
  return isJsonObject(value) ? stripDirectives(value) : value;
}

function stripDirectives(map: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(map)) {
    if (key === '$patch' || key === '$retainKeys' || key.startsWith(SET_ORDER) || key.startsWith(DELETE_FROM)) continue;
    out[key] = stripValue(value);
  }
  return out;
}
