// The plan's resourceVersion token: what the user looked at, compared with the cluster as it is when they apply.
// Kubernetes changes an object's metadata.resourceVersion on every write and a client must treat it as opaque,
// comparing for equality only (kubernetes.io docs/reference/using-api/api-concepts, "Resource versions").
import { describe, expect, it } from 'vitest';
import { planTraffic } from '../../../../server/traffic/plan-traffic.js';
import { buildPlanToken, comparePlanTokens } from '../../../../server/traffic/plan-token.js';
import type { PlanInput } from '../../../../server/traffic/plan-types.js';
import { saLogic } from './fixture-input.js';

const tokenOf = (input: PlanInput) => {
  const result = planTraffic(input, { weights: { v1: 90, v2: 10 } });
  if (!result.ok) throw new Error('refused');
  return result.plan.resourceVersion;
};

describe('the plan token', () => {
  it('is the same for the same objects at the same versions, whatever their order', () => {
    const a = { kind: 'VirtualService', namespace: 'default', name: 'sa-logic', resourceVersion: '5' };
    const b = { kind: 'DestinationRule', namespace: 'default', name: 'sa-logic', resourceVersion: null };
    expect(buildPlanToken([a, b])).toBe(buildPlanToken([b, a]));
    expect(comparePlanTokens(buildPlanToken([a, b]), buildPlanToken([b, a]))).toEqual({
      ok: true,
      same: true,
      changed: [],
    });
  });

  it('tells a colleague’s write between plan and apply, naming the object', () => {
    const seen = tokenOf(saLogic('sa-logic-vs.yaml', 'sa-logic-dr.yaml'));
    const later = saLogic('sa-logic-vs.yaml', 'sa-logic-dr.yaml');
    later.virtualServices[0]!.metadata.resourceVersion = '2001';
    expect(comparePlanTokens(seen, tokenOf(later))).toEqual({
      ok: true,
      same: false,
      changed: [{ kind: 'VirtualService', namespace: 'default', name: 'sa-logic' }],
    });
  });

  it('tells an object created since, where the plan would have created it', () => {
    const seen = tokenOf(saLogic('sa-logic-vs.yaml'));
    const later = tokenOf(saLogic('sa-logic-vs.yaml', 'sa-logic-dr.yaml'));
    expect(comparePlanTokens(seen, later)).toMatchObject({
      same: false,
      changed: [{ kind: 'DestinationRule', name: 'sa-logic' }],
    });
  });

  it('refuses what is not a plan token, naming the field', () => {
    expect(comparePlanTokens('12345', tokenOf(saLogic()))).toEqual({
      ok: false,
      message: 'resourceVersion: not a plan token; send back the plan.resourceVersion of the plan you reviewed',
    });
  });
});
