// The weights intent (a canary split) on the drafts of the VirtualService and DestinationRule: checks the weights,
// finds or adds a subset per version that gets traffic, and writes the split as the default route's destinations.
import { checkWeights, type WeightTarget } from './check-weights.js';
import { defaultRouteProblem, listsToEdit, setDefaultRoute, type Share } from './default-route.js';
import { addedSentence, refused, type Drafts, type StepOutcome } from './plan-step.js';
import type { PlanInput } from './plan-types.js';
import { ensureSubsets } from './subsets.js';

/** "send 90 % to v1 and 10 % to v2"; "send all traffic to v1". */
export function weightsSentence(targets: readonly { key: string; weight: number }[]): string {
  const kept = targets.filter((t) => t.weight > 0);
  if (kept.length === 1) return `send all traffic to ${kept[0]?.key}`;
  const parts = kept.map((t) => `${t.weight} % to ${t.key}`);
  return `send ${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** The service's versions first, in their order, then subsets named by key, in the rule's order. */
function ordered(targets: WeightTarget[], input: PlanInput): WeightTarget[] {
  const rank = (t: WeightTarget) => {
    const i = t.version ? input.versions.findIndex((v) => v.name === t.version?.name) : -1;
    return i >= 0 ? i : input.versions.length;
  };
  return [...targets].sort((a, b) => rank(a) - rank(b));
}

export function planWeights(input: PlanInput, weights: Record<string, unknown>, drafts: Drafts): StepOutcome {
  const service = input.service.metadata.name;
  const checked = checkWeights({
    weights,
    service,
    versions: input.versions,
    destinationRule: drafts.destinationRuleBefore,
  });
  if (!checked.ok) return refused(...checked.problems);
  const routeProblem = defaultRouteProblem(drafts.virtualService);
  if (routeProblem) return refused(routeProblem);

  const targets = ordered(checked.targets, input);
  const needSubset = targets.filter((t) => t.weight > 0 && t.subset === null && t.version).map((t) => t.version!);
  const { byVersion, added } = ensureSubsets(drafts.destinationRule, needSubset, input.versions, input.service);
  const shares: Share[] = targets.map((t) => ({
    subset: t.subset ?? byVersion.get(t.version?.name ?? '') ?? t.key,
    weight: t.weight,
  }));
  for (const list of listsToEdit(drafts.virtualService, input.service))
    setDefaultRoute(drafts.virtualService, list, shares, input.service);

  return { problems: [], summary: [weightsSentence(targets), ...addedSentence(added, drafts.destinationRule)] };
}
