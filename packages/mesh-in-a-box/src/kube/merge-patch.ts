import { isJsonObject, type JsonValue } from './json-value.js';

/** JSON merge patch (RFC 7386): maps merge, null deletes, anything else replaces. Neither input is changed. */
export function applyMergePatch(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isJsonObject(patch)) return patch;
  const result = isJsonObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}
