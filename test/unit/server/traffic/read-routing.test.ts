// The current routing as the panel shows it, read with the planner's own rules: a plan's result reads back as the
// intent that made it (weights, dark launch, mirror, resilience), on the article's and Bookinfo's configs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { trafficRoutingResponse } from '../../../../lib/api/traffic-change.js';
import type { KubeObject } from '../../../../server/sources/kubernetes.js';
import { baselineOf, readRouting } from '../../../../server/traffic/read-routing.js';
import type { PlanInput, TrafficIntent } from '../../../../server/traffic/plan-types.js';
import { reviews, saLogic } from './fixture-input.js';
import { planOf } from './plan-helpers.js';

/** The input as the cluster would hold it after applying the plan of `intent`. */
function applied(input: PlanInput, intent: TrafficIntent): PlanInput {
  const plan = planOf(input, intent);
  const after = (kind: string) => plan.objects.filter((o) => o.kind === kind).map((o) => o.after as KubeObject);
  return { ...input, virtualServices: after('VirtualService'), destinationRules: after('DestinationRule') };
}

describe('readRouting', () => {
  it('reads the article’s 90/10 canary, its subsets, and v1 as the version to send all back to', () => {
    const routing = readRouting(saLogic('sa-logic-vs-canary.yaml', 'sa-logic-dr.yaml'));
    expect(routing).toMatchObject({
      service: { namespace: 'default', name: 'sa-logic' },
      routedBy: 'istio',
      versions: [
        { name: 'v1', subset: 'v1', pods: 2 },
        { name: 'v2', subset: 'v2', pods: 1 },
      ],
      weights: { v1: 90, v2: 10 },
      sendAllBackTo: 'v1',
      darkLaunch: null,
      mirror: null,
      gitops: [],
    });
    expect(routing.objects.map((o) => `${o.kind}/${o.name}`)).toEqual([
      'VirtualService/sa-logic',
      'DestinationRule/sa-logic',
    ]);
  });

  it('reads one weighted destination as 100 %, with nothing to send back', () => {
    const routing = readRouting(saLogic('sa-logic-vs.yaml', 'sa-logic-dr.yaml'));
    expect(routing.weights).toEqual({ v1: 100, v2: 0 });
    expect(routing.sendAllBackTo).toBeNull();
  });

  it('reads no split when nothing routes the service, or the route goes to the whole Service', () => {
    expect(readRouting(saLogic())).toMatchObject({ routedBy: 'none', weights: null, objects: [] });
    expect(
      readRouting(applied(saLogic('sa-logic-dr.yaml'), { mirror: { version: 'v2', percent: 5 } })).weights,
    ).toBeNull();
  });

  it('reads back a dark launch by header and by cookie, a mirror and resilience as planned', () => {
    const base = saLogic('sa-logic-vs-canary.yaml', 'sa-logic-dr.yaml');
    const header = { version: 'v2', match: { header: 'x-usertype', value: 'beta', mode: 'exact' as const } };
    const resilience = {
      timeout: '3s',
      retries: { attempts: 2, perTryTimeout: '1s', retryOn: '5xx' },
      fault: { abort: { httpStatus: 503, percent: 5 } },
      circuitBreaker: { maxConnections: 10, http2MaxRequests: 100 },
      outlierDetection: { consecutive5xxErrors: 3, interval: '5s' },
    };
    const routing = readRouting(
      applied(base, { darkLaunch: header, mirror: { version: 'v2', percent: 20 }, resilience }),
    );
    // The contract the routing route answers with (access is the write path's).
    expect(() => trafficRoutingResponse.omit({ access: true }).parse(routing)).not.toThrow();
    expect(routing).toMatchObject({
      darkLaunch: header,
      mirror: { version: 'v2', percent: 20 },
      resilience,
      weights: { v1: 90, v2: 10 },
    });
    const cookie = { version: 'v2', match: { cookie: 'group', value: 'beta' } };
    expect(readRouting(applied(base, { darkLaunch: cookie })).darkLaunch).toEqual(cookie);
  });

  it('reads Bookinfo’s 50/50 between v1 and v3 against its all-subsets rule', () => {
    const routing = readRouting(reviews('virtual-service-reviews-50-v3.yaml', 'destination-rule-all.yaml'));
    expect(routing.weights).toEqual({ v1: 50, v2: 0, v3: 50 });
    expect(routing.sendAllBackTo).toBe('v1');
  });

  it('reads Gateway API weights as percentages of the backendRefs’ proportions', () => {
    const input = saLogic();
    input.versionServices = { 'sa-logic-v1': 'v1', 'sa-logic-v2': 'v2' };
    input.httpRoutes = [
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: { name: 'sa-logic', namespace: 'default' },
        spec: {
          parentRefs: [{ kind: 'Service', name: 'sa-logic' }],
          rules: [
            {
              backendRefs: [
                { name: 'sa-logic-v1', port: 80, weight: 3 },
                { name: 'sa-logic-v2', port: 80, weight: 1 },
              ],
            },
          ],
        },
      },
    ];
    expect(readRouting(input)).toMatchObject({
      routedBy: 'gateway-api',
      weights: { v1: 75, v2: 25 },
      sendAllBackTo: 'v1',
    });
  });
});

describe('the baseline to send all back to', () => {
  it('is the oldest version by name among those with a share, in natural order', () => {
    expect(baselineOf({ v1: 0, v2: 90, v10: 10 })).toBe('v2');
    expect(baselineOf({ v1: 10, v2: 90 })).toBe('v1');
    expect(baselineOf({ v1: 0, v2: 100 })).toBeNull();
  });
});

describe('a split planned and read back', () => {
  it('reads back as the weights asked, for any split of Bookinfo’s three reviews versions', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (a, b) => {
        const v1 = Math.min(a, b);
        const v2 = Math.max(a, b) - v1;
        const weights = { v1, v2, v3: 100 - v1 - v2 };
        const input = reviews('virtual-service-reviews-90-10.yaml', 'destination-rule-all.yaml');
        expect(readRouting(applied(input, { weights })).weights).toEqual(weights);
      }),
      { numRuns: 50 },
    );
  });
});
