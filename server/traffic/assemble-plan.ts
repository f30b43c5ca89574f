// The plan from the drafts: each object as the contract shows it, the patches, the diff, the resourceVersion token
// and the summary, with a sentence per object created or edited.
import type { Plan } from '../../lib/api/traffic-change.js';
import type { KubeObject } from '../sources/kubernetes.js';
import { planDiff } from './plan-diff.js';
import { buildPlanToken } from './plan-token.js';
import { CREATED_BY_LABEL } from './plan-types.js';
import { plannedObject, type Draft } from './planned-object.js';

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

const createdBySextant = (obj: Record<string, unknown> | null) =>
  (obj?.metadata as { labels?: Record<string, string> } | undefined)?.labels?.[CREATED_BY_LABEL] === 'sextant';

export function assemblePlan(drafts: readonly Draft[], summary: readonly string[], service: string): Plan {
  const objects = drafts.map(plannedObject);
  const sentences = [...summary];
  for (const o of objects) {
    if (o.action === 'create')
      sentences.push(
        createdBySextant(o.after)
          ? `create ${o.kind} ${o.name}, labelled ${CREATED_BY_LABEL}=sextant so that a rollback can remove it`
          : `create ${o.kind} ${o.name} again`,
      );
    else if (o.action === 'update') sentences.push(`edit ${o.kind} ${o.name}`);
    else if (o.action === 'delete') sentences.push(`delete ${o.kind} ${o.name}, which Sextant created`);
  }
  if (objects.every((o) => o.action === 'unchanged'))
    sentences.push(`no change: the routing of ${service} already is what you asked for`);
  return {
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
    summary: sentences,
  };
}
