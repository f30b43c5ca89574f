// Rollback: every object an audit entry recorded goes back to its recorded spec, planned against the objects as they
// are now (their resourceVersions guard the apply); what did not exist before is deleted only if Sextant created it.
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../server/sources/kubernetes.js';
import { planRestore } from '../../../../server/traffic/plan-restore.js';
import { CREATED_BY_LABEL, type PlanInput, type RestoreTarget } from '../../../../server/traffic/plan-types.js';
import { saLogic } from './fixture-input.js';
import { planOf } from './plan-helpers.js';

/** What the audit log records for a change: each object's ref and its state before. */
function recordOf(plan: ReturnType<typeof planOf>): RestoreTarget {
  return {
    entryId: 'e1',
    objects: plan.objects.map((o) => ({
      ref: { apiVersion: o.apiVersion, kind: o.kind, namespace: o.namespace, name: o.name },
      before: o.before,
    })),
  };
}

/** The cluster after the plan, each object at a newer resourceVersion. */
function afterApply(input: PlanInput, plan: ReturnType<typeof planOf>): PlanInput {
  const live = (kind: string) =>
    plan.objects
      .filter((o) => o.kind === kind && o.after)
      .map((o) => {
        const obj = structuredClone(o.after) as KubeObject;
        obj.metadata.resourceVersion = '5000';
        return obj;
      });
  return { ...input, virtualServices: live('VirtualService'), destinationRules: live('DestinationRule') };
}

describe('planRestore', () => {
  it('puts the exact prior spec back on an edited VirtualService', () => {
    const input = saLogic('sa-logic-vs.yaml', 'sa-logic-dr.yaml');
    const change = planOf(input, { weights: { v1: 90, v2: 10 } });
    const result = planRestore(afterApply(input, change), recordOf(change));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const vs = result.plan.objects.find((o) => o.kind === 'VirtualService');
    expect(vs?.action).toBe('update');
    expect((vs?.after as KubeObject).spec).toEqual(input.virtualServices[0]!.spec);
    expect((vs?.after as KubeObject).metadata.resourceVersion).toBe('5000'); // guarded by the live version
    expect(result.plan.summary[0]).toBe('roll back to the state before change e1');
  });

  it('deletes what Sextant created for the change', () => {
    const input = saLogic();
    const change = planOf(input, { weights: { v1: 90, v2: 10 } });
    const result = planRestore(afterApply(input, change), recordOf(change));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.plan.objects.map((o) => [o.kind, o.action, o.after])).toEqual([
      ['VirtualService', 'delete', null],
      ['DestinationRule', 'delete', null],
    ]);
    expect(result.plan.objects[0]?.patch).toEqual([{ op: 'remove', path: '' }]);
  });

  it('refuses to delete an object Sextant did not create, naming it', () => {
    const input = saLogic();
    const change = planOf(input, { weights: { v1: 90, v2: 10 } });
    const now = afterApply(input, change);
    delete now.virtualServices[0]!.metadata.labels![CREATED_BY_LABEL];
    const result = planRestore(now, recordOf(change));
    expect(result.ok ? [] : result.problems).toEqual([
      {
        field: 'to',
        message: `VirtualService default/sa-logic did not exist before this change, but Sextant did not create it (no label ${CREATED_BY_LABEL}=sextant); Sextant removes only what it created: delete it by hand if you mean to`,
      },
    ]);
  });

  it('creates again an object deleted since, without its old resourceVersion', () => {
    const input = saLogic('sa-logic-vs.yaml', 'sa-logic-dr.yaml');
    const change = planOf(input, { weights: { v1: 90, v2: 10 } });
    const now = { ...afterApply(input, change), virtualServices: [] };
    const result = planRestore(now, recordOf(change));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const vs = result.plan.objects.find((o) => o.kind === 'VirtualService');
    expect(vs?.action).toBe('create');
    expect((vs?.after as KubeObject).metadata).toEqual({ name: 'sa-logic', namespace: 'default' });
  });
});
