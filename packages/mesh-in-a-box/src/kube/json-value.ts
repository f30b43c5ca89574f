export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A deep, unfrozen copy: stored objects are frozen and the patch code edits copies. */
export const cloneJson = <T>(value: T): T => structuredClone(value);

// The store's deep comparison: JSON values equal whatever the order of their keys.
export { sameJson as jsonEqual } from '../store/same-json.js';
