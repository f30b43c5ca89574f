// Gateway API mesh routing (GAMMA, gateway-api.sigs.k8s.io/mesh and GEP-1426): an HTTPRoute whose parentRef is the
// sa-logic Service routes sa-webapp's calls by its rules, to one Service per version (Gateway API has no subsets).
// Weights are relative and default to 1, a weight of 0 gets nothing (HTTPBackendRef.weight); a route in the caller's
// namespace takes precedence over a VirtualService for the same host (Istio push_context.go: gateway-semantics
// routes of the proxy's namespace first, the "consumer override"). Telemetry names the workload and version that
// answered, as for VirtualService routing.
import { readFileSync } from 'node:fs';
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/scenarios/index.js';
import type { KubeObject } from '../../../src/store/kube-object.js';
import { GroundTruth } from '../../../src/telemetry/ground-truth.js';
import { IstioMetrics } from '../../../src/telemetry/istio-metrics.js';
import { gammaVirtualServices } from '../../../src/traffic/gamma-routes.js';
import { applyHeaderOperations } from '../../../src/traffic/route-request.js';
import type { Hop } from '../../../src/traffic/hop.js';
import { TrafficModel } from '../../../src/traffic/traffic-model.js';
import { FIXTURES } from '../../helpers/fixtures.js';
import { meshUnderTest } from '../scenarios/mesh-under-test.js';

// Real manifests, as a user would apply them: a Service per version and an HTTPRoute on the sa-logic Service.
const VERSION_SERVICES_AND_ROUTE = (weights: [number, number]) => `
apiVersion: v1
kind: Service
metadata:
  name: sa-logic-v1
  namespace: demo
spec:
  selector: { app: sa-logic, version: v1 }
  ports: [{ name: http, port: 80, targetPort: 5000 }]
---
apiVersion: v1
kind: Service
metadata:
  name: sa-logic-v2
  namespace: demo
spec:
  selector: { app: sa-logic, version: v2 }
  ports: [{ name: http, port: 80, targetPort: 5000 }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: sa-logic
  namespace: demo
spec:
  parentRefs:
    - group: ""
      kind: Service
      name: sa-logic
      port: 80
  rules:
    - backendRefs:
        - name: sa-logic-v1
          port: 80
          weight: ${weights[0]}
        - name: sa-logic-v2
          port: 80
          weight: ${weights[1]}
`;

function saLogicV2(): KubeObject {
  const deployment = parse(readFileSync(`${FIXTURES}/sentiment-analysis/kube/canary/sa-logic-v2.yaml`, 'utf8'));
  deployment.metadata.namespace = 'demo';
  delete deployment.spec.template.spec.containers[0].env; // where requests go, not how v2 fails
  return deployment;
}

const manifests = (text: string) => parseAllDocuments(text).map((d) => d.toJS() as KubeObject);

/** The sentiment-analysis mesh (whose sa-logic VirtualService pins v1) with v2 and these objects, run for a while. */
function run(extra: KubeObject[], seconds = 60) {
  const scenario = loadScenario('sentiment-analysis');
  const mesh = meshUnderTest();
  mesh.apply(...scenario.objects, saLogicV2(), ...extra);
  const hops: Hop[] = [];
  const metrics = new IstioMetrics();
  const truth = new GroundTruth(3600);
  const start = 1_700_000_000_000;
  const model = new TrafficModel({
    store: mesh.store,
    scenario,
    sinks: [(h) => hops.push(h), (h) => metrics.record(h), (h) => truth.record(h)],
    seed: 11,
    nowMs: start,
  });
  for (let s = 1; s <= seconds; s++) model.tick(start + s * 1000);
  const endMs = start + (seconds + 60) * 1000;
  model.flush(endMs);
  const toLogic = truth
    .edgesOver((seconds + 60) * 1000, endMs)
    .filter((e) => e.source?.workload === 'sa-webapp' && e.destination?.app === 'sa-logic');
  const requestsTo = (version: string) =>
    toLogic.filter((e) => e.destination?.version === version).reduce((n, e) => n + e.requests, 0);
  return { hops, metrics: metrics.render(), toLogic, requestsTo };
}

describe('an HTTPRoute bound to the sa-logic Service', () => {
  it("splits sa-webapp's calls 90/10 between the v1 and v2 Services, overriding the VirtualService", () => {
    const { requestsTo } = run(manifests(VERSION_SERVICES_AND_ROUTE([90, 10])), 120);
    const v1 = requestsTo('v1');
    const v2 = requestsTo('v2');
    expect(v1 + v2).toBeGreaterThan(200);
    // Without the route, the scenario's VirtualService sends every call to v1.
    expect(v2 / (v1 + v2)).toBeGreaterThan(0.05);
    expect(v2 / (v1 + v2)).toBeLessThan(0.16);
  });

  it('treats weights as relative: 1 and 1 split evenly, a weight of 0 gets nothing', () => {
    const even = run(manifests(VERSION_SERVICES_AND_ROUTE([1, 1])));
    const share = even.requestsTo('v2') / (even.requestsTo('v1') + even.requestsTo('v2'));
    expect(share).toBeGreaterThan(0.35);
    expect(share).toBeLessThan(0.65);
    const none = run(manifests(VERSION_SERVICES_AND_ROUTE([0, 1])));
    expect(none.requestsTo('v1')).toBe(0);
    expect(none.requestsTo('v2')).toBeGreaterThan(0);
  });

  it('names the backend Service and the workload and version that answered in the istio metrics', () => {
    const { metrics } = run(manifests(VERSION_SERVICES_AND_ROUTE([0, 1])), 20);
    const series = metrics
      .split('\n')
      .filter((l) => l.startsWith('istio_requests_total{reporter="destination",source_workload="sa-webapp"'));
    expect(series.length).toBeGreaterThan(0);
    for (const line of series) {
      expect(line).toContain('destination_workload="sa-logic-v2"');
      expect(line).toContain('destination_version="v2"');
      expect(line).toContain('destination_service_name="sa-logic-v2"');
    }
  });
});

describe('HTTPRoute filters', () => {
  it('mirrors the percentage a RequestMirror asks for to its backend, while the route still answers from v1', () => {
    const objects = manifests(VERSION_SERVICES_AND_ROUTE([1, 0]));
    const route = objects.find((o) => o.kind === 'HTTPRoute')!;
    route.spec!.rules[0].filters = [
      { type: 'RequestMirror', requestMirror: { backendRef: { name: 'sa-logic-v2', port: 80 }, percent: 50 } },
    ];
    const { hops } = run(objects);
    const fromWebapp = hops.filter((h) => h.source?.workload === 'sa-webapp');
    const mirrored = fromWebapp.filter((h) => h.mirrored);
    const served = fromWebapp.filter((h) => !h.mirrored);
    expect(served.every((h) => h.attempts.every((a) => a.destination.version === 'v1'))).toBe(true);
    expect(mirrored.every((h) => h.service.name === 'sa-logic-v2')).toBe(true);
    const share = mirrored.length / served.length;
    expect(share).toBeGreaterThan(0.35);
    expect(share).toBeLessThan(0.65);
  });

  it("changes the request's headers as a RequestHeaderModifier says: remove, then set, then add", () => {
    const ops = { remove: ['x-drop'], set: { 'x-usertype': 'beta' }, add: { 'x-tag': 'b' } };
    expect(applyHeaderOperations({ 'x-drop': '1', 'x-usertype': 'regular', 'x-tag': 'a' }, ops)).toEqual({
      'x-usertype': 'beta',
      'x-tag': 'a,b',
    });
    const [vs] = gammaVirtualServices(
      manifests(VERSION_SERVICES_AND_ROUTE([1, 0])).map((o) =>
        o.kind === 'HTTPRoute'
          ? {
              ...o,
              spec: {
                ...o.spec,
                rules: [
                  {
                    ...o.spec!.rules[0],
                    filters: [
                      {
                        type: 'RequestHeaderModifier',
                        requestHeaderModifier: { set: [{ name: 'X-Usertype', value: 'beta' }] },
                      },
                    ],
                  },
                ],
              },
            }
          : o,
      ),
    );
    expect((vs!.spec!.http as { headers?: unknown }[])[0]!.headers).toEqual({
      request: { set: { 'x-usertype': 'beta' }, add: undefined, remove: undefined },
    });
  });
});

describe('gammaVirtualServices (the conversion Istio makes)', () => {
  const route = (name: string, rules: unknown[], namespace = 'demo', created = '2026-01-01T00:00:00Z'): KubeObject => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name, namespace, creationTimestamp: created },
    spec: { parentRefs: [{ group: '', kind: 'Service', name: 'sa-logic', namespace: 'demo' }], rules },
  });

  it('matches path prefixes by whole segments, exact paths first, and answers 500 when every backend weighs 0', () => {
    const [vs] = gammaVirtualServices([
      route('a', [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/analyse' } }],
          backendRefs: [{ name: 'sa-logic-v1', port: 80, weight: 0 }],
        },
        {
          matches: [{ path: { type: 'Exact', value: '/analyse/sentiment' } }],
          backendRefs: [{ name: 'sa-logic-v2', port: 80 }],
        },
      ]),
    ]);
    const http = vs!.spec!.http as {
      match: { uri: Record<string, string> }[];
      route?: unknown[];
      directResponse?: unknown;
    }[];
    expect(http[0]!.match[0]!.uri).toEqual({ exact: '/analyse/sentiment' });
    expect(http[0]!.route).toEqual([
      { destination: { host: 'sa-logic-v2.demo.svc.cluster.local', port: { number: 80 } }, weight: 1 },
    ]);
    const prefix = new RegExp(`^(?:${http[1]!.match[0]!.uri.regex})$`);
    expect(['/analyse', '/analyse/x'].every((p) => prefix.test(p))).toBe(true);
    expect(prefix.test('/analysed')).toBe(false);
    expect(http[1]!.directResponse).toEqual({ status: 500 });
  });

  it('keeps a route from another namespace (a consumer route) to its own namespace', () => {
    const vses = gammaVirtualServices([
      route('mine', [{ backendRefs: [{ name: 'sa-logic', namespace: 'demo', port: 80 }] }], 'legacy'),
    ]);
    expect(vses[0]!.metadata.namespace).toBe('legacy');
    expect(vses[0]!.spec!.exportTo).toEqual(['.']);
  });

  it('ignores routes bound to a Gateway rather than a Service', () => {
    const gatewayRoute = route('edge', [{ backendRefs: [{ name: 'sa-logic', port: 80 }] }]);
    gatewayRoute.spec!.parentRefs = [{ name: 'http-gateway' }];
    expect(gammaVirtualServices([gatewayRoute])).toEqual([]);
  });
});
