// rewriteOnPromotion on the article's sa-logic (sa-logic-vs-canary.yaml at 90/10, sa-logic-dr.yaml with subsets v1
// and v2): the plan that sends everything to v2 also drops v1's subset, unless a route still names it.
import jsonPatch, { type Operation } from 'fast-json-patch';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../../server/sources/kubernetes.js';
import { withoutBaselineSubset } from '../../../../../server/traffic/canary/promotion-plan.js';
import { planTraffic } from '../../../../../server/traffic/plan-traffic.js';
import type { PlanInput } from '../../../../../server/traffic/plan-types.js';
import { saLogic } from '../fixture-input.js';
import { objectOf, planOf, specAfter } from '../plan-helpers.js';
import { plan as planContract } from '../../../../../lib/api/traffic-change.js';

const promoted = (input: PlanInput) =>
  withoutBaselineSubset(input, planOf(input, { weights: { v1: 0, v2: 100 } }), 'v1');

describe('withoutBaselineSubset: the promotion that leaves the canary alone', () => {
  it('drops v1’s subset from the DestinationRule once the route sends everything to v2', () => {
    const plan = promoted(saLogic('sa-logic-vs-canary.yaml', 'sa-logic-dr.yaml'));
    planContract.parse(plan);
    expect(specAfter(plan, 'DestinationRule')).toEqual({
      host: 'sa-logic',
      subsets: [{ name: 'v2', labels: { version: 'v2' } }],
    });
    expect(specAfter(plan, 'VirtualService')).toEqual({
      hosts: ['sa-logic'],
      http: [{ route: [{ destination: { host: 'sa-logic', subset: 'v2' } }] }],
    });
    expect(plan.summary).toEqual([
      'send all traffic to v2',
      'drop subset v1 from DestinationRule sa-logic: no route names it any more',
      'edit VirtualService sa-logic',
      'edit DestinationRule sa-logic',
    ]);
  });

  it('keeps patch, diff and token in agreement with the rewritten rule', () => {
    const input = saLogic('sa-logic-vs-canary.yaml', 'sa-logic-dr.yaml');
    const before = planOf(input, { weights: { v1: 0, v2: 100 } });
    const plan = withoutBaselineSubset(input, before, 'v1');
    const dr = objectOf(plan, 'DestinationRule');
    expect(dr?.action).toBe('update');
    const patched = jsonPatch.applyPatch(structuredClone(dr?.before), dr?.patch as unknown as Operation[]).newDocument;
    expect(patched).toEqual(dr?.after);
    expect(plan.patch).toEqual(plan.objects.map((o) => o.patch));
    expect(plan.diff).toMatch(/^-\s+- name: v1$/m);
    expect(plan.resourceVersion).toBe(before.resourceVersion); // guards the same objects as read
  });

  it('keeps the subset, and says why, when another route of the mesh still sends to v1', () => {
    const header: KubeObject = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'sa-logic-testers', namespace: 'default', resourceVersion: '7' },
      spec: {
        hosts: ['sa-logic.default.svc.cluster.local'],
        gateways: ['istio-system/http-gateway'],
        http: [{ route: [{ destination: { host: 'sa-logic', subset: 'v1' } }] }],
      },
    };
    const input = saLogic('sa-logic-vs-canary.yaml', 'sa-logic-dr.yaml');
    input.virtualServices.push(header);
    const plan = promoted(input);
    expect(specAfter(plan, 'DestinationRule').subsets).toHaveLength(2);
    expect(plan.summary).toContain(
      'keep subset v1 in DestinationRule sa-logic: VirtualService sa-logic-testers still routes to it',
    );
  });

  it('keeps the subset while the promoted route itself still mirrors to it', () => {
    const input = saLogic('sa-logic-vs-canary.yaml', 'sa-logic-dr.yaml');
    const result = planTraffic(input, { weights: { v1: 0, v2: 100 }, mirror: { version: 'v1', percent: 10 } });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const plan = withoutBaselineSubset(input, result.plan, 'v1');
    expect(specAfter(plan, 'DestinationRule').subsets).toHaveLength(2);
  });

  it('leaves a plan without a DestinationRule subset for the baseline as it is', () => {
    const input = saLogic('sa-logic-vs-canary.yaml', 'sa-logic-dr.yaml');
    const plan = planOf(input, { weights: { v1: 0, v2: 100 } });
    expect(withoutBaselineSubset(input, plan, 'v0')).toBe(plan);
  });
});
