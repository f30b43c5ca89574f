// A rollback planned like any change: each object an audit entry recorded goes back to its recorded state (the spec
// as it was: "rollback restores the exact prior spec"), against the objects as they are now, whose resourceVersions
// guard the apply. An object recorded as absent is deleted only when Sextant created it (its CREATED_BY label);
// anything else is refused naming the object, since Sextant removes what it created and only that.
import type { KubeObject } from '../sources/kubernetes.js';
import { assemblePlan, draftOf } from './assemble-plan.js';
import { findLive } from './gitops-warnings.js';
import type { Draft } from './planned-object.js';
import {
  CREATED_BY_LABEL,
  type PlanInput,
  type PlanProblem,
  type PlanResult,
  type RestoreTarget,
} from './plan-types.js';

/** The recorded object as it is created again: without the bookkeeping of the object that was (resourceVersion, uid). */
function recreated(recorded: Record<string, unknown>, ref: RestoreTarget['objects'][number]['ref']): KubeObject {
  const metadata = { ...((recorded.metadata ?? {}) as Record<string, unknown>) };
  for (const key of ['resourceVersion', 'uid', 'creationTimestamp', 'managedFields', 'generation'])
    delete metadata[key];
  return {
    ...recorded,
    apiVersion: (recorded.apiVersion as string | undefined) ?? ref.apiVersion,
    kind: (recorded.kind as string | undefined) ?? ref.kind,
    metadata: { ...metadata, name: ref.name, namespace: ref.namespace },
  };
}

export function planRestore(input: PlanInput, target: RestoreTarget): PlanResult {
  const drafts: Draft[] = [];
  const problems: PlanProblem[] = [];
  for (const { ref, before: recorded } of target.objects) {
    const live = findLive(input, ref);
    const what = `${ref.kind} ${ref.namespace}/${ref.name}`;
    if (recorded === null) {
      if (!live) continue; // gone already, as it was before the change
      if (live.metadata.labels?.[CREATED_BY_LABEL] !== 'sextant') {
        problems.push({
          field: 'to',
          message: `${what} did not exist before this change, but Sextant did not create it (no label ${CREATED_BY_LABEL}=sextant); Sextant removes only what it created: delete it by hand if you mean to`,
        });
        continue;
      }
      drafts.push(draftOf(live, null));
    } else if (!live) {
      drafts.push({ ...draftOf(null, recreated(recorded, ref)), apiVersion: ref.apiVersion });
    } else {
      const after = structuredClone(live);
      if (recorded.spec === undefined) delete after.spec;
      else after.spec = structuredClone(recorded.spec) as Record<string, unknown>;
      drafts.push(draftOf(live, after));
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const summary = [`roll back to the state before change ${target.entryId}`];
  return { ok: true, plan: assemblePlan(drafts, summary, input.service.metadata.name) };
}
