// What each intent's planner works on and gives back: the drafts of the VirtualService and DestinationRule (edited
// in place) and, per intent, its refusals and its sentences for the summary.
import type { KubeObject } from '../sources/kubernetes.js';
import { unknownVersion } from './check-weights.js';
import { routesOf } from './default-route.js';
import type { PlanInput, PlanProblem } from './plan-types.js';
import { ensureSubsets } from './subsets.js';

export interface Drafts {
  virtualService: KubeObject;
  destinationRule: KubeObject;
  destinationRuleBefore: KubeObject | null;
}

export interface StepOutcome {
  problems: PlanProblem[];
  summary: string[];
}

export const refused = (...problems: PlanProblem[]): StepOutcome => ({ problems, summary: [] });
export const done = (...summary: string[]): StepOutcome => ({ problems: [], summary });

/** A VirtualService that routes TCP only: header matches, mirrors, timeouts, retries and faults are HTTP's. */
export const tcpOnly = (vs: KubeObject) => routesOf(vs, 'tcp').length > 0 && routesOf(vs, 'http').length === 0;

export function tcpOnlyProblem(field: string, vs: KubeObject): PlanProblem {
  return {
    field,
    message: `VirtualService ${vs.metadata.name} routes TCP only, and this needs HTTP routes (Istio's tcp routes have no header match, mirror, timeout, retries or fault)`,
  };
}

/**
 * The subset that selects a version, added to the DestinationRule when missing; a refusal naming the field when the
 * service has no such version.
 */
export function subsetForVersion(
  input: PlanInput,
  drafts: Drafts,
  field: string,
  version: string,
): { subset: string; added: string[] } | { problem: PlanProblem } {
  const problem = unknownVersion({
    field,
    name: version,
    service: input.service.metadata.name,
    versions: input.versions,
    destinationRule: drafts.destinationRuleBefore,
  });
  if (problem) return { problem };
  const wanted = input.versions.filter((v) => v.name === version);
  const { byVersion, added } = ensureSubsets(drafts.destinationRule, wanted, input.versions, input.service);
  return { subset: byVersion.get(version) ?? version, added };
}

export const addedSentence = (added: string[], dr: KubeObject) =>
  added.length > 0
    ? [`add subset${added.length > 1 ? 's' : ''} ${added.join(', ')} to DestinationRule ${dr.metadata.name}`]
    : [];
