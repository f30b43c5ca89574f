// Weights on Gateway API routes in the mesh (GAMMA): a route attaches to a Service by a parentRef of kind Service
// (gateway-api.sigs.k8s.io/mesh), and splits by its rules' backendRefs, which name Services and weigh them as
// proportions (BackendRef.weight: weight / sum; one backend with a weight above 0 takes all; absent is 1).
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../server/sources/kubernetes.js';
import type { PlanInput } from '../../../../server/traffic/plan-types.js';
import { saLogic } from './fixture-input.js';
import { objectOf, planOf, problemsOf, specAfter } from './plan-helpers.js';

const headerRule = {
  matches: [{ headers: [{ name: 'x-usertype', value: 'beta' }] }],
  backendRefs: [{ name: 'sa-logic-v2', port: 80 }],
};

function httpRoute(rules: unknown[]): KubeObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'sa-logic', namespace: 'default', resourceVersion: '42' },
    spec: { parentRefs: [{ group: '', kind: 'Service', name: 'sa-logic', port: 80 }], rules },
  };
}

function gatewayInput(
  route: KubeObject,
  versionServices: Record<string, string> = { 'sa-logic-v1': 'v1', 'sa-logic-v2': 'v2' },
): PlanInput {
  const input = saLogic('sa-logic-vs.yaml', 'sa-logic-dr.yaml');
  return { ...input, [route.kind === 'GRPCRoute' ? 'grpcRoutes' : 'httpRoutes']: [route], versionServices };
}

describe('planTraffic on a service routed by Gateway API', () => {
  it('weighs one Service per version in the default rule, keeping the other rules and the parentRefs', () => {
    const input = gatewayInput(httpRoute([headerRule, { backendRefs: [{ name: 'sa-logic-v1', port: 80 }] }]));
    const plan = planOf(input, { weights: { v1: 90, v2: 10 } });
    expect(plan.objects.map((o) => `${o.kind}/${o.name}:${o.action}`)).toEqual(['HTTPRoute/sa-logic:update']);
    expect(specAfter(plan, 'HTTPRoute')).toEqual({
      parentRefs: [{ group: '', kind: 'Service', name: 'sa-logic', port: 80 }],
      rules: [
        headerRule,
        {
          backendRefs: [
            { name: 'sa-logic-v1', port: 80, weight: 90 },
            { name: 'sa-logic-v2', port: 80, weight: 10 },
          ],
        },
      ],
    });
    expect(plan.summary[0]).toBe('send 90 % to v1 and 10 % to v2');
  });

  it('writes 100/0 as one backendRef without a weight', () => {
    const input = gatewayInput(
      httpRoute([
        {
          backendRefs: [
            { name: 'sa-logic-v1', port: 80, weight: 50 },
            { name: 'sa-logic-v2', port: 80, weight: 50 },
          ],
        },
      ]),
    );
    expect(specAfter(planOf(input, { weights: { v1: 0, v2: 100 } }), 'HTTPRoute').rules).toEqual([
      { backendRefs: [{ name: 'sa-logic-v2', port: 80 }] },
    ]);
  });

  it('takes the lone PathPrefix / rule as the default, and adds one last when every rule matches', () => {
    const slash = {
      matches: [{ path: { type: 'PathPrefix', value: '/' } }],
      backendRefs: [{ name: 'sa-logic', port: 80 }],
    };
    const onSlash = specAfter(planOf(gatewayInput(httpRoute([slash])), { weights: { v1: 50, v2: 50 } }), 'HTTPRoute');
    expect((onSlash.rules as { matches: unknown }[])[0]?.matches).toEqual(slash.matches);
    const added = specAfter(
      planOf(gatewayInput(httpRoute([headerRule])), { weights: { v1: 50, v2: 50 } }),
      'HTTPRoute',
    );
    expect(added.rules).toEqual([
      headerRule,
      {
        backendRefs: [
          { name: 'sa-logic-v1', port: 80, weight: 50 },
          { name: 'sa-logic-v2', port: 80, weight: 50 },
        ],
      },
    ]);
  });

  it('splits a GRPCRoute’s rule the same way', () => {
    const route = { ...httpRoute([{ backendRefs: [{ name: 'sa-logic-v1', port: 80 }] }]), kind: 'GRPCRoute' };
    const plan = planOf(gatewayInput(route), { weights: { v1: 80, v2: 20 } });
    expect(objectOf(plan, 'GRPCRoute')?.patch).toEqual([
      { op: 'add', path: '/spec/rules/0/backendRefs/0/weight', value: 80 },
      { op: 'add', path: '/spec/rules/0/backendRefs/1', value: { name: 'sa-logic-v2', port: 80, weight: 20 } },
    ]);
  });

  it('refuses a version without a Service of its own, saying Gateway API routes to Services', () => {
    const input = gatewayInput(httpRoute([{ backendRefs: [{ name: 'sa-logic-v1', port: 80 }] }]), {
      'sa-logic-v1': 'v1',
    });
    expect(problemsOf(input, { weights: { v1: 90, v2: 10 } })).toEqual([
      {
        field: 'weights.v2',
        message:
          'v2 has no Service of its own: Gateway API routes to Services, not to pod labels; create a Service that selects only version v2 (such as sa-logic-v2)',
      },
    ]);
  });

  it('refuses the same bad weights as on Istio, naming the field', () => {
    const input = gatewayInput(httpRoute([]));
    expect(problemsOf(input, { weights: { v1: 90, v3: 10 } })).toEqual([
      { field: 'weights.v3', message: 'sa-logic has no version v3; sa-logic has versions v1 and v2' },
    ]);
  });

  it('ignores a route attached to another Service or to a Gateway', () => {
    const other = httpRoute([{ backendRefs: [{ name: 'sa-logic-v1', port: 80 }] }]);
    other.spec!.parentRefs = [{ kind: 'Service', name: 'sa-web-app' }, { name: 'http-gateway' }];
    const plan = planOf(gatewayInput(other), { weights: { v1: 90, v2: 10 } });
    expect(plan.objects.map((o) => o.kind)).toEqual(['VirtualService', 'DestinationRule']);
  });
});
