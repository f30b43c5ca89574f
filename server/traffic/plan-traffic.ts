// Plans a traffic change: from the service's routing objects as read and the user's intents, the objects after the
// change, their JSON patches and a YAML diff. Pure: no I/O (see plan-types.ts for the seam). Each intent edits
// drafts of the one VirtualService and DestinationRule (found, or new and labelled as Sextant's); an object is in the
// plan when it exists (its resourceVersion guards the apply, even unchanged) or when the change creates it.
import type { PlannedObject } from '../../lib/api/traffic-change.js';
import type { KubeObject } from '../sources/kubernetes.js';
import { planDarkLaunch } from './plan-dark-launch.js';
import { planDiff } from './plan-diff.js';
import { planMirror } from './plan-mirror.js';
import { planRouteResilience } from './plan-route-resilience.js';
import { planRuleResilience } from './plan-rule-resilience.js';
import type { Drafts, StepOutcome } from './plan-step.js';
import { buildPlanToken } from './plan-token.js';
import type { PlanInput, PlanResult, TrafficIntent } from './plan-types.js';
import { CREATED_BY_LABEL } from './plan-types.js';
import { planWeights } from './plan-weights.js';
import { plannedObject, type Draft } from './planned-object.js';
import {
  meshVirtualServices,
  newDestinationRule,
  newVirtualService,
  serviceDestinationRules,
} from './routing-objects.js';

export function planTraffic(input: PlanInput, intent: TrafficIntent): PlanResult {
  const virtualServices = meshVirtualServices(input);
  const vsBefore = virtualServices[0] ?? null;
  const drBefore = serviceDestinationRules(input)[0] ?? null;
  const drafts: Drafts = {
    virtualService: vsBefore ? structuredClone(vsBefore) : newVirtualService(input),
    destinationRule: drBefore ? structuredClone(drBefore) : newDestinationRule(input),
    destinationRuleBefore: drBefore,
  };
  const vsStart = JSON.stringify(drafts.virtualService);
  const drStart = JSON.stringify(drafts.destinationRule);

  // In this order: the split first, so that a mirror or a timeout lands on the default route it wrote.
  const steps: StepOutcome[] = [];
  if (intent.weights) steps.push(planWeights(input, intent.weights, drafts));
  if (intent.darkLaunch !== undefined) steps.push(planDarkLaunch(input, intent.darkLaunch, drafts));
  if (intent.mirror !== undefined) steps.push(planMirror(input, intent.mirror, drafts));
  if (intent.resilience) {
    steps.push(planRouteResilience(input, intent.resilience, drafts));
    steps.push(planRuleResilience(intent.resilience, drafts));
  }
  const problems = steps.flatMap((s) => s.problems);
  if (problems.length > 0) return { ok: false, problems };
  if (steps.length === 0)
    return {
      ok: false,
      problems: [{ field: 'weights', message: 'say what to change: weights, darkLaunch, mirror or resilience' }],
    };

  const planned: Draft[] = [];
  if (vsBefore || JSON.stringify(drafts.virtualService) !== vsStart)
    planned.push(draftOf(vsBefore, drafts.virtualService));
  if (drBefore || JSON.stringify(drafts.destinationRule) !== drStart)
    planned.push(draftOf(drBefore, drafts.destinationRule));
  const objects = planned.map(plannedObject);
  const summary = [
    ...steps.flatMap((s) => s.summary),
    ...objectSentences(objects, input.service.metadata.name, virtualServices),
  ];
  return {
    ok: true,
    plan: {
      objects,
      diff: planDiff(objects),
      patch: objects.map((o) => o.patch),
      resourceVersion: buildPlanToken(
        planned.map((d) => ({
          kind: d.kind,
          namespace: d.namespace,
          name: d.name,
          resourceVersion: d.before?.metadata.resourceVersion ?? null,
        })),
      ),
      summary,
    },
  };
}

export function draftOf(before: KubeObject | null, after: KubeObject | null): Draft {
  const obj = (after ?? before) as KubeObject;
  return {
    kind: obj.kind ?? '',
    apiVersion: obj.apiVersion ?? '',
    namespace: obj.metadata.namespace ?? '',
    name: obj.metadata.name,
    before,
    after,
  };
}

function objectSentences(objects: PlannedObject[], service: string, candidates: KubeObject[]): string[] {
  const sentences: string[] = [];
  if (candidates.length > 1)
    sentences.push(
      `${candidates.length} VirtualServices route ${service} in the mesh ` +
        `(${candidates.map((c) => c.metadata.name).join(', ')}): this edits ${candidates[0]?.metadata.name}, ` +
        'the first by name, and leaves the others as they are',
    );
  for (const o of objects) {
    if (o.action === 'create')
      sentences.push(
        `create ${o.kind} ${o.name}, labelled ${CREATED_BY_LABEL}=sextant so that a rollback can remove it`,
      );
    else if (o.action === 'update') sentences.push(`edit ${o.kind} ${o.name}`);
  }
  if (objects.every((o) => o.action === 'unchanged'))
    sentences.push(`no change: the routing of ${service} already is what you asked for`);
  return sentences;
}
