// planTraffic with a canary split, on the article's sa-logic and Bookinfo's reviews as their manifests are written.
// Istio's rules it follows: a route's destination weights add up to 100 and one destination alone takes all traffic
// without a weight; routes are tried in order and the one without match is the default
// (istio.io reference/config/networking/virtual-service, HTTPRoute and HTTPRouteDestination); a subset's labels
// select pods among the host's (reference/config/networking/destination-rule, Subset).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Plan } from '../../../../lib/api/traffic-change.js';
import { CREATED_BY_LABEL } from '../../../../server/traffic/plan-types.js';
import { reviews, SA, saLogic } from './fixture-input.js';
import { objectOf, planOf, specAfter } from './plan-helpers.js';

const object = objectOf;
const fixtureSpec = (file: string) => (parse(readFileSync(join(SA, 'istio', file), 'utf8')) as { spec: unknown }).spec;

describe('planTraffic: weights on the article’s sa-logic', () => {
  it('turns sa-logic-vs.yaml into the article’s 90/10 canary, leaving the DestinationRule as it is', () => {
    const plan = planOf(saLogic('sa-logic-vs.yaml', 'sa-logic-dr.yaml'), { weights: { v1: 90, v2: 10 } });
    expect(specAfter(plan, 'VirtualService')).toEqual(fixtureSpec('sa-logic-vs-canary.yaml'));
    expect(object(plan, 'VirtualService')?.action).toBe('update');
    expect(object(plan, 'DestinationRule')?.action).toBe('unchanged');
    expect(plan.summary[0]).toBe('send 90 % to v1 and 10 % to v2');
  });

  it('writes 100/0 as one destination without a weight, which takes all traffic', () => {
    const plan = planOf(saLogic('sa-logic-vs-canary.yaml', 'sa-logic-dr.yaml'), { weights: { v1: 100, v2: 0 } });
    expect(specAfter(plan, 'VirtualService')).toEqual({
      hosts: ['sa-logic'],
      http: [{ route: [{ destination: { host: 'sa-logic', subset: 'v1' } }] }],
    });
    expect(plan.summary[0]).toBe('send all traffic to v1');
  });

  it('gives the JSON patch and a YAML diff of the weights that change', () => {
    const plan = planOf(saLogic('sa-logic-vs-canary.yaml', 'sa-logic-dr.yaml'), { weights: { v1: 50, v2: 50 } });
    expect(object(plan, 'VirtualService')?.patch).toEqual([
      { op: 'replace', path: '/spec/http/0/route/1/weight', value: 50 },
      { op: 'replace', path: '/spec/http/0/route/0/weight', value: 50 },
    ]);
    expect(plan.patch).toEqual(plan.objects.map((o) => o.patch));
    expect(plan.diff.split('\n')[0]).toBe('--- a/VirtualService/default/sa-logic'); // as git prints it, no separator line
    expect(plan.diff).toMatch(/^-\s+weight: 90$/m);
    expect(plan.diff).toMatch(/^\+\s+weight: 50$/m);
    expect(plan.diff).not.toContain('DestinationRule'); // unchanged objects are not in the diff
  });

  it('creates the DestinationRule with a subset per version when there is none, labelled as Sextant’s', () => {
    const plan = planOf(saLogic('sa-logic-vs.yaml'), { weights: { v1: 90, v2: 10 } });
    const dr = object(plan, 'DestinationRule');
    expect(dr?.action).toBe('create');
    expect(dr?.after).toMatchObject({
      apiVersion: 'networking.istio.io/v1',
      metadata: { name: 'sa-logic', namespace: 'default', labels: { [CREATED_BY_LABEL]: 'sextant' } },
      spec: fixtureSpec('sa-logic-dr.yaml'), // the article's own rule: host sa-logic, subsets version: v1 / v2
    });
    expect(dr?.patch).toEqual([{ op: 'add', path: '', value: dr?.after }]);
    expect(plan.diff).toContain('--- /dev/null');
  });

  it('creates the VirtualService when nothing routes the service, labelled as Sextant’s', () => {
    const plan = planOf(saLogic(), { weights: { v1: 90, v2: 10 } });
    expect(plan.objects.map((o) => [o.kind, o.action])).toEqual([
      ['VirtualService', 'create'],
      ['DestinationRule', 'create'],
    ]);
    expect(object(plan, 'VirtualService')?.after).toMatchObject({
      metadata: { name: 'sa-logic', labels: { [CREATED_BY_LABEL]: 'sextant' } },
      spec: fixtureSpec('sa-logic-vs-canary.yaml'),
    });
    expect(plan.summary).toContain(
      `create VirtualService sa-logic, labelled ${CREATED_BY_LABEL}=sextant so that a rollback can remove it`,
    );
  });

  it('adds only the missing subset to a DestinationRule that has one version’s', () => {
    const input = saLogic('sa-logic-vs.yaml', 'sa-logic-dr.yaml');
    const dr = input.destinationRules[0]!;
    dr.spec = { ...dr.spec, subsets: [{ name: 'v1', labels: { version: 'v1' } }] };
    const plan = planOf(input, { weights: { v1: 90, v2: 10 } });
    expect(object(plan, 'DestinationRule')?.patch).toEqual([
      { op: 'add', path: '/spec/subsets/1', value: { name: 'v2', labels: { version: 'v2' } } },
    ]);
    expect(plan.summary).toContain('add subset v2 to DestinationRule sa-logic');
  });

  it('reuses subsets that select the versions whatever their names, and takes their names as keys too', () => {
    const input = saLogic('sa-logic-vs.yaml', 'sa-logic-dr.yaml');
    input.destinationRules[0]!.spec = {
      host: 'sa-logic',
      subsets: [
        { name: 'stable', labels: { version: 'v1' } },
        { name: 'canary', labels: { version: 'v2' } },
      ],
    };
    const byVersion = planOf(input, { weights: { v1: 90, v2: 10 } });
    const bySubset = planOf(input, { weights: { stable: 90, canary: 10 } });
    const subsets = (p: Plan) =>
      (specAfter(p, 'VirtualService').http as { route: { destination: { subset: string } }[] }[])[0]!.route.map(
        (r) => r.destination.subset,
      );
    expect(subsets(byVersion)).toEqual(['stable', 'canary']);
    expect(subsets(bySubset)).toEqual(['stable', 'canary']);
    expect(object(byVersion, 'DestinationRule')?.action).toBe('unchanged');
  });
});

describe('planTraffic: subset names', () => {
  it('names a new subset apart from one that takes the version’s name but selects other pods', () => {
    const input = saLogic('sa-logic-vs.yaml', 'sa-logic-dr.yaml');
    input.destinationRules[0]!.spec = {
      host: 'sa-logic',
      subsets: [
        { name: 'v1', labels: { version: 'v1' } },
        { name: 'v2', labels: { version: 'v2-old' } },
      ],
    };
    const plan = planOf(input, { weights: { v1: 90, v2: 10 } });
    expect(object(plan, 'DestinationRule')?.patch).toEqual([
      { op: 'add', path: '/spec/subsets/2', value: { name: 'v2-1', labels: { version: 'v2' } } },
    ]);
  });
});

describe('planTraffic: weights keep everything else', () => {
  it('keeps Bookinfo’s header-matched route to reviews v2 and edits only the default route', () => {
    const plan = planOf(reviews('virtual-service-reviews-test-v2.yaml', 'destination-rule-all.yaml'), {
      weights: { v1: 50, v3: 50 },
    });
    expect(specAfter(plan, 'VirtualService')).toEqual({
      hosts: ['reviews'],
      http: [
        {
          match: [{ headers: { 'end-user': { exact: 'jason' } } }],
          route: [{ destination: { host: 'reviews', subset: 'v2' } }],
        },
        {
          route: [
            { destination: { host: 'reviews', subset: 'v1' }, weight: 50 },
            { destination: { host: 'reviews', subset: 'v3' }, weight: 50 },
          ],
        },
      ],
    });
  });

  it('edits the reviews VirtualService only, among all-v1’s four, and no other service’s rule', () => {
    const plan = planOf(reviews('virtual-service-all-v1.yaml', 'destination-rule-all.yaml'), {
      weights: { v1: 90, v2: 10 },
    });
    expect(plan.objects.map((o) => `${o.kind}/${o.name}`)).toEqual([
      'VirtualService/reviews',
      'DestinationRule/reviews',
    ]);
  });

  it('keeps retries, timeout, headers, other routes, hosts and gateways, and the rule’s traffic policy and TLS', () => {
    const input = saLogic('sa-logic-vs.yaml', 'sa-logic-dr.yaml');
    const vs = input.virtualServices[0]!;
    const dr = input.destinationRules[0]!;
    const matched = { match: [{ uri: { prefix: '/admin' } }], route: [{ destination: { host: 'sa-admin' } }] };
    vs.spec = {
      hosts: ['sa-logic', 'sa-logic.example.com'],
      gateways: ['http-gateway', 'mesh'],
      http: [
        matched,
        {
          timeout: '3s',
          retries: { attempts: 3, perTryTimeout: '1s', retryOn: '5xx' },
          headers: { request: { set: { 'x-from': 'mesh' } } },
          route: [{ destination: { host: 'sa-logic', subset: 'v1', port: { number: 80 } }, weight: 100 }],
        },
      ],
    };
    const trafficPolicy = {
      tls: { mode: 'ISTIO_MUTUAL' },
      connectionPool: { tcp: { maxConnections: 100 } },
      outlierDetection: { consecutive5xxErrors: 5, interval: '10s' },
    };
    dr.spec = { ...dr.spec, trafficPolicy };
    const plan = planOf(input, { weights: { v1: 90, v2: 10 } });
    expect(specAfter(plan, 'VirtualService')).toEqual({
      hosts: ['sa-logic', 'sa-logic.example.com'],
      gateways: ['http-gateway', 'mesh'],
      http: [
        matched,
        {
          timeout: '3s',
          retries: { attempts: 3, perTryTimeout: '1s', retryOn: '5xx' },
          headers: { request: { set: { 'x-from': 'mesh' } } },
          route: [
            { destination: { host: 'sa-logic', subset: 'v1', port: { number: 80 } }, weight: 90 },
            { destination: { host: 'sa-logic', subset: 'v2', port: { number: 80 } }, weight: 10 },
          ],
        },
      ],
    });
    expect(specAfter(plan, 'DestinationRule').trafficPolicy).toEqual(trafficPolicy);
  });

  it('adds a default route last when every route has a match', () => {
    const plan = planOf(reviews('virtual-service-ratings-test-delay.yaml'), { weights: { v1: 90, v2: 10 } });
    // ratings-test-delay routes ratings, not reviews: reviews has no VirtualService, so one is created
    expect(object(plan, 'VirtualService')?.action).toBe('create');
    const input = reviews('virtual-service-reviews-test-v2.yaml', 'destination-rule-all.yaml');
    const http = input.virtualServices[0]!.spec!.http as unknown[];
    input.virtualServices[0]!.spec!.http = [http[0]];
    const added = specAfter(planOf(input, { weights: { v2: 100 } }), 'VirtualService').http as unknown[];
    expect(added).toEqual([http[0], { route: [{ destination: { host: 'reviews', subset: 'v2' } }] }]);
  });

  it('splits the default tcp route of a TCP VirtualService', () => {
    const input = saLogic('sa-logic-dr.yaml');
    input.virtualServices.push({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'sa-logic-tcp', namespace: 'default', resourceVersion: '7' },
      spec: { hosts: ['sa-logic'], tcp: [{ route: [{ destination: { host: 'sa-logic', port: { number: 80 } } }] }] },
    });
    expect(specAfter(planOf(input, { weights: { v1: 80, v2: 20 } }), 'VirtualService').tcp).toEqual([
      {
        route: [
          { destination: { host: 'sa-logic', subset: 'v1', port: { number: 80 } }, weight: 80 },
          { destination: { host: 'sa-logic', subset: 'v2', port: { number: 80 } }, weight: 20 },
        ],
      },
    ]);
  });
});

describe('planTraffic: which VirtualService it edits', () => {
  it('edits the first by name of several, and says so', () => {
    const input = saLogic('sa-logic-vs.yaml', 'sa-logic-dr.yaml');
    input.virtualServices.push({
      ...structuredClone(input.virtualServices[0]!),
      metadata: { name: 'a-logic', namespace: 'default' },
    });
    const plan = planOf(input, { weights: { v1: 90, v2: 10 } });
    expect(object(plan, 'VirtualService')?.name).toBe('a-logic');
    expect(plan.summary).toContain(
      '2 VirtualServices route sa-logic in the mesh (a-logic, sa-logic): this edits a-logic, the first by name, and leaves the others as they are',
    );
  });

  it('never edits a gateway’s VirtualService or another namespace’s, and names its own so as not to collide', () => {
    const input = saLogic('sa-logic-dr.yaml');
    input.virtualServices.push(
      {
        kind: 'VirtualService',
        metadata: { name: 'sa-logic', namespace: 'default' },
        spec: { hosts: ['sa-logic'], gateways: ['http-gateway'] },
      },
      {
        kind: 'VirtualService',
        metadata: { name: 'other', namespace: 'shop' },
        spec: { hosts: ['sa-logic.default.svc.cluster.local'] },
      },
    );
    const plan = planOf(input, { weights: { v1: 90, v2: 10 } });
    expect(object(plan, 'VirtualService')).toMatchObject({
      action: 'create',
      name: 'sa-logic-sextant',
      namespace: 'default',
    });
  });

  it('recognises the service by its short name, name.namespace and its FQDN', () => {
    for (const host of ['sa-logic', 'sa-logic.default', 'sa-logic.default.svc.cluster.local']) {
      const input = saLogic('sa-logic-vs.yaml', 'sa-logic-dr.yaml');
      input.virtualServices[0]!.spec!.hosts = [host];
      expect(object(planOf(input, { weights: { v1: 90, v2: 10 } }), 'VirtualService')?.action).toBe('update');
    }
  });
});
