/** Whether two JSON values serialise alike, whatever the order of their keys: a key holding undefined is no key. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(b)) {
    // A key holding undefined is no key at all once serialised.
    const one = a as Record<string, unknown>;
    const other = b as Record<string, unknown>;
    const keys = Object.keys(one).filter((k) => one[k] !== undefined);
    if (keys.length !== Object.keys(other).filter((k) => other[k] !== undefined).length) return false;
    return keys.every((k) => sameJson(one[k], other[k]));
  }
  return false;
}
