// The weights of a split, checked against the service as it is: each key a version of the service (or the name of a
// subset its DestinationRule already has), each value a whole number from 0 to 100, all of them adding up to 100
// (Istio's rule for a route's destinations: istio.io reference/config/networking/virtual-service,
// HTTPRouteDestination.weight), over a service that has at least two versions to split between.
import type { KubeObject } from '../sources/kubernetes.js';
import type { PlanProblem, ServiceVersion } from './plan-types.js';
import { subsetSelecting, subsetsOf } from './subsets.js';

/** One destination of the split: a version (its subset found or made later) or an existing subset by name. */
export interface WeightTarget {
  key: string;
  weight: number;
  version: ServiceVersion | null;
  subset: string | null; // set when the key names an existing subset
}

export type WeightsCheck = { ok: true; targets: WeightTarget[] } | { ok: false; problems: PlanProblem[] };

const list = (names: string[]) =>
  names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;

/** "sa-logic has versions v1 and v2" (and the subsets that are not versions, which a key may name too). */
export function allowedWords(service: string, versions: readonly ServiceVersion[], dr: KubeObject | null): string {
  const versionNames = versions.map((v) => v.name);
  const extraSubsets = subsetsOf(dr)
    .map((s) => s.name)
    .filter((n) => !versionNames.includes(n));
  const base =
    versions.length === 0
      ? `${service} has no versions (none of its pods has a version label)`
      : `${service} has version${versions.length === 1 ? '' : 's'} ${list(versionNames)}`;
  return extraSubsets.length > 0 ? `${base}, and subsets ${list(extraSubsets)}` : base;
}

export function checkWeights(input: {
  weights: Record<string, unknown>;
  service: string;
  versions: readonly ServiceVersion[];
  destinationRule: KubeObject | null;
}): WeightsCheck {
  const { weights, service, versions, destinationRule: dr } = input;
  const allowed = allowedWords(service, versions, dr);
  if (versions.length < 2)
    return fail('weights', `${allowed}: there is nothing to split; deploy a second version with its own version label`);
  const keys = Object.keys(weights);
  if (keys.length === 0) return fail('weights', `name at least one version: ${allowed}`);

  const problems: PlanProblem[] = [];
  const targets: WeightTarget[] = [];
  const seen = new Map<string, string>(); // the subset or version a key lands on → the key
  for (const key of keys) {
    const field = `weights.${key}`;
    const value = weights[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 100) {
      problems.push({ field, message: `a whole number from 0 to 100, not ${JSON.stringify(value)}` });
      continue;
    }
    const version = versions.find((v) => v.name === key) ?? null;
    const subset = version ? null : (subsetsOf(dr).find((s) => s.name === key) ?? null);
    if (!version && !subset) {
      problems.push({ field, message: `${service} has no version ${key}; ${allowed}` });
      continue;
    }
    const selected = version ?? versions.find((v) => subset && subsetSelecting(dr, v, versions)?.name === subset.name);
    const lands = selected ? `version ${selected.name}` : `subset ${key}`;
    const earlier = seen.get(lands);
    if (earlier) {
      problems.push({ field, message: `${key} is ${lands}, already given as ${earlier}; give each version once` });
      continue;
    }
    seen.set(lands, key);
    targets.push({ key, weight: value, version: selected ?? null, subset: subset?.name ?? null });
  }
  if (problems.length > 0) return { ok: false, problems };
  const total = targets.reduce((sum, t) => sum + t.weight, 0);
  if (total !== 100) return fail('weights', `the weights add up to ${total}; they must add up to 100 (${allowed})`);
  return { ok: true, targets };
}

/** A refusal of a version the service does not have, naming the field and the versions it has; null when it has it. */
export function unknownVersion(input: {
  field: string;
  name: string;
  service: string;
  versions: readonly ServiceVersion[];
  destinationRule: KubeObject | null;
}): PlanProblem | null {
  if (input.versions.some((v) => v.name === input.name)) return null;
  const versionsOnly = allowedWords(input.service, input.versions, null);
  return { field: input.field, message: `${input.service} has no version ${input.name}; ${versionsOnly}` };
}

const fail = (field: string, message: string): WeightsCheck => ({ ok: false, problems: [{ field, message }] });
