// Plans a traffic change: from the service's routing objects as read and the user's intents, the objects after the
// change, their JSON patches and a YAML diff. Pure: no I/O (see plan-types.ts for the seam).
import type { PlannedObject } from '../../lib/api/traffic-change.js';
import type { KubeObject } from '../sources/kubernetes.js';
import { planDiff } from './plan-diff.js';
import { buildPlanToken } from './plan-token.js';
import type { PlanInput, PlanProblem, PlanResult, TrafficIntent } from './plan-types.js';
import { CREATED_BY_LABEL } from './plan-types.js';
import { planWeights } from './plan-weights.js';
import { plannedObject, type Draft } from './planned-object.js';
import {
  meshVirtualServices,
  newDestinationRule,
  newVirtualService,
  serviceDestinationRules,
} from './routing-objects.js';

const NOT_YET = ['darkLaunch', 'mirror', 'resilience'] as const;

export function planTraffic(input: PlanInput, intent: TrafficIntent): PlanResult {
  const service = input.service.metadata.name;
  const summary: string[] = [];
  const problems: PlanProblem[] = [];

  const virtualServices = meshVirtualServices(input);
  const destinationRules = serviceDestinationRules(input);
  const vsBefore = virtualServices[0] ?? null;
  const drBefore = destinationRules[0] ?? null;
  const vs = vsBefore ? structuredClone(vsBefore) : newVirtualService(input);
  const dr = drBefore ? structuredClone(drBefore) : newDestinationRule(input);
  let vsTouched = false;
  let drTouched = false;

  if (intent.weights) {
    const outcome = planWeights(input, intent.weights, {
      virtualService: vs,
      destinationRule: dr,
      destinationRuleBefore: drBefore,
    });
    problems.push(...outcome.problems);
    summary.push(...outcome.summary);
    vsTouched = true;
    drTouched = outcome.addedSubsets.length > 0;
  }
  for (const key of NOT_YET)
    if (intent[key] !== undefined)
      problems.push({ field: key, message: `${key} is not supported by this planner yet` });
  if (problems.length > 0) return { ok: false, problems };

  const drafts: Draft[] = [];
  if (vsBefore || vsTouched) drafts.push(draftOf(vsBefore, vs));
  if (drBefore || drTouched) drafts.push(draftOf(drBefore, dr));
  const objects = drafts.map(plannedObject);
  summary.push(...objectSentences(objects, service, virtualServices));

  return {
    ok: true,
    plan: {
      objects,
      diff: planDiff(objects),
      patch: objects.map((o) => o.patch),
      resourceVersion: buildPlanToken(
        drafts.map((d) => ({
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

function draftOf(before: KubeObject | null, after: KubeObject): Draft {
  return {
    kind: after.kind ?? '',
    apiVersion: after.apiVersion ?? '',
    namespace: after.metadata.namespace ?? '',
    name: after.metadata.name,
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
  if (objects.length > 0 && objects.every((o) => o.action === 'unchanged'))
    sentences.push(`no change: the routing of ${service} already is what you asked for`);
  return sentences;
}
