/**
 * Whether two JSON values serialise alike, whatever the order of their keys: a key holding undefined is no key, as
 * JSON.stringify leaves it out. The one deep comparison of the package: the store's no-op check, the controllers'
 * write-only-on-change, server-side apply and the ConfigMap rules.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(b)) return false;
  const one = a as Record<string, unknown>;
  const other = b as Record<string, unknown>;
  // Counted, not filtered into new arrays: the store runs this on every write.
  let keys = 0;
  for (const key of Object.keys(one)) {
    if (one[key] === undefined) continue;
    keys++;
    if (!sameJson(one[key], other[key])) return false;
  }
  for (const key of Object.keys(other)) if (other[key] !== undefined) keys--;
  return keys === 0;
}
