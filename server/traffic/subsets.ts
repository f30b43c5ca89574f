// DestinationRule subsets and the versions they select. A subset's labels are ANDed with the Service's selector
// (istio.io reference/config/networking/destination-rule, Subset.labels), so the article's `version: v2` alone picks
// sa-logic's v2 pods; a subset selects a version when its labels hold on that version's pods and on no other's.
import type { KubeObject } from '../sources/kubernetes.js';
import type { ServiceVersion } from './plan-types.js';

export interface Subset {
  name: string;
  labels?: Record<string, string>;
  [key: string]: unknown;
}

export function subsetsOf(dr: KubeObject | null | undefined): Subset[] {
  const subsets = dr?.spec?.subsets;
  return Array.isArray(subsets) ? (subsets as Subset[]).filter((s) => typeof s?.name === 'string') : [];
}

const holdsOn = (labels: Record<string, string>, version: ServiceVersion) =>
  Object.entries(labels).every(([k, v]) => version.labels[k] === v);

/** The existing subset that selects exactly this version among the service's, whatever its name; null when none. */
export function subsetSelecting(
  dr: KubeObject | null | undefined,
  version: ServiceVersion,
  versions: readonly ServiceVersion[],
): Subset | null {
  for (const subset of subsetsOf(dr)) {
    const labels = subset.labels ?? {};
    if (Object.keys(labels).length === 0 || !holdsOn(labels, version)) continue;
    if (versions.some((other) => other.name !== version.name && holdsOn(labels, other))) continue;
    return subset;
  }
  return null;
}

/**
 * The labels of a new subset for a version: the version's pod labels minus what the Service's selector already
 * requires, which for the article's sa-logic leaves `version: v2`, as its DestinationRule writes.
 */
export function subsetLabelsFor(version: ServiceVersion, service: KubeObject): Record<string, string> {
  const selector = (service.spec?.selector ?? {}) as Record<string, string>;
  const own = Object.fromEntries(Object.entries(version.labels).filter(([k, v]) => selector[k] !== v));
  return Object.keys(own).length > 0 ? own : { ...version.labels };
}

/** A subset name not yet used in the rule: the version's own name, as people name them, when it is free. */
export function freeSubsetName(dr: KubeObject, version: string): string {
  const taken = new Set(subsetsOf(dr).map((s) => s.name));
  if (!taken.has(version)) return version;
  for (let i = 1; ; i++) if (!taken.has(`${version}-${i}`)) return `${version}-${i}`;
}

/**
 * The subset for each version, adding to `dr` (edited in place) one for every version that has none. Returns the
 * subset name per version and the names added.
 */
export function ensureSubsets(
  dr: KubeObject,
  wanted: readonly ServiceVersion[],
  all: readonly ServiceVersion[],
  service: KubeObject,
): { byVersion: Map<string, string>; added: string[] } {
  const byVersion = new Map<string, string>();
  const added: string[] = [];
  for (const version of wanted) {
    const existing = subsetSelecting(dr, version, all);
    if (existing) {
      byVersion.set(version.name, existing.name);
      continue;
    }
    const name = freeSubsetName(dr, version.name);
    const spec = (dr.spec ??= {});
    const subsets = Array.isArray(spec.subsets) ? (spec.subsets as Subset[]) : (spec.subsets = []);
    (subsets as Subset[]).push({ name, labels: subsetLabelsFor(version, service) });
    byVersion.set(version.name, name);
    added.push(name);
  }
  return { byVersion, added };
}
