// Silencing: Istio's `galley.istio.io/analyze-suppress` (comma-separated codes, `*` for all) and Kiali's
// `kiali.io/ignore-validations` (empty value = every check, else comma-separated codes), plus a global ignore list.
import type { Entry, Finding } from './types.js';

export const ISTIO_SUPPRESS = 'galley.istio.io/analyze-suppress';
export const KIALI_IGNORE = 'kiali.io/ignore-validations';

/** Kiali's default `validations.ignore`: KIA1301 (no AuthorizationPolicy selects a workload) is too noisy by default. */
export const DEFAULT_IGNORE = ['KIA1301'];

export interface Silencer {
  (f: Pick<Finding, 'ruleId' | 'codes'>): boolean;
}

/** A predicate: is this finding on this object silenced? */
export function silencerFor(e: Entry, globalIgnore: ReadonlySet<string>): Silencer {
  const ann = e.object.metadata?.annotations;
  // Most objects carry neither annotation: share one predicate per ignore list instead of building one each.
  if (!ann || typeof ann !== 'object' || (!(ISTIO_SUPPRESS in ann) && !(KIALI_IGNORE in ann)))
    return globalOnly(globalIgnore);
  const listed = new Set<string>();
  let all = false;
  if (ann && typeof ann === 'object') {
    const istio = (ann as Record<string, unknown>)[ISTIO_SUPPRESS];
    if (typeof istio === 'string')
      for (const c of split(istio)) {
        if (c === '*') all = true;
        else listed.add(c);
      }
    const kiali = (ann as Record<string, unknown>)[KIALI_IGNORE];
    if (typeof kiali === 'string') {
      const codes = split(kiali);
      if (codes.length === 0) all = true;
      for (const c of codes) listed.add(c);
    } else if (kiali === null) all = true; // `kiali.io/ignore-validations:` with no value
  }
  return (f) => {
    if (all) return true;
    if (listed.has(f.ruleId) || globalIgnore.has(f.ruleId)) return true;
    for (const c of f.codes) if (listed.has(c) || globalIgnore.has(c)) return true;
    return false;
  };
}

const split = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

const globalSilencers = new WeakMap<ReadonlySet<string>, Silencer>();
function globalOnly(globalIgnore: ReadonlySet<string>): Silencer {
  let s = globalSilencers.get(globalIgnore);
  if (!s) {
    s = (f) => globalIgnore.has(f.ruleId) || f.codes.some((c) => globalIgnore.has(c));
    globalSilencers.set(globalIgnore, s);
  }
  return s;
}
