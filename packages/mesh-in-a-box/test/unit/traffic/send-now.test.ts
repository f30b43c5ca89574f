// sendNow: one request sent at once from the ingress gateway (the front door's curl) goes through the same routing and
// reaches the same sinks as generated traffic, and its promise settles when the gateway's hop finishes.
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/scenarios/index.js';
import { INGRESS_GATEWAY_HOST, INGRESS_GATEWAY_PORT } from '../../../src/scenarios/istio-system-objects.js';
import type { Hop } from '../../../src/traffic/hop.js';
import type { MeshPod } from '../../../src/traffic/mesh-index.js';
import { TrafficModel, type RequestNow } from '../../../src/traffic/traffic-model.js';
import { GR } from '../../../src/store/resource-types.js';
import { meshUnderTest } from '../scenarios/mesh-under-test.js';

function sentimentTraffic() {
  const scenario = loadScenario('sentiment-analysis');
  const mesh = meshUnderTest();
  mesh.apply(...scenario.objects);
  const hops: Hop[] = [];
  const model = new TrafficModel({ store: mesh.store, scenario, sinks: [(h) => hops.push(h)], seed: 3 });
  const gateway = model.mesh.lookupHost(INGRESS_GATEWAY_HOST, 'istio-system');
  const from = (gateway as { pods: MeshPod[] }).pods[0]!;
  const request = (method: string, path: string, extra: Partial<RequestNow> = {}): RequestNow => ({
    from,
    host: INGRESS_GATEWAY_HOST,
    port: INGRESS_GATEWAY_PORT,
    method,
    path,
    authority: 'localhost:8080',
    headers: { 'user-agent': 'curl/8.5.0' },
    ...extra,
  });
  return { model, hops, request, store: mesh.store };
}

describe('TrafficModel.sendNow', () => {
  it('routes a request through the gateway like generated traffic and settles when its hop reaches the sinks', async () => {
    const { model, hops, request } = sentimentTraffic();
    const sent = model.sendNow(request('POST', '/sentiment'));
    expect(sent).toBeDefined();
    expect(hops).toHaveLength(0); // not before the request has taken its time
    const hop = await sent!;
    expect(hop).toMatchObject({
      service: { name: 'sa-webapp', namespace: 'demo' },
      responseCode: 200,
      responseCodeDetails: 'via_upstream',
      userAgent: 'curl/8.5.0',
      authority: 'localhost:8080',
    });
    expect(hop.source?.workload).toBe('istio-ingressgateway');
    // The sinks saw the gateway's hop and sa-webapp's call to sa-logic, one journey under one request id.
    const journey = hops.filter((h) => h.requestId === hop.requestId);
    expect(journey.map((h) => h.service.name).sort()).toEqual(['sa-logic', 'sa-webapp']);
    expect(new Set(journey.map((h) => h.traceId)).size).toBe(1);
  });

  it('enforces a policy applied just before it, after a request sent before the policy existed (kubectl apply, then curl)', async () => {
    const { model, request, store } = sentimentTraffic();
    expect((await model.sendNow(request('POST', '/sentiment'))!).responseCode).toBe(200);
    store.create(GR.authorizationpolicies, {
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'deny-sentiment', namespace: 'istio-system' },
      spec: {
        selector: { matchLabels: { app: 'istio-ingressgateway' } },
        action: 'DENY',
        rules: [{ to: [{ operation: { paths: ['/sentiment'] } }] }],
      },
    });
    const denied = await model.sendNow(request('POST', '/sentiment'))!;
    expect([denied.responseCode, denied.responseCodeDetails]).toEqual([
      403,
      'rbac_access_denied_matched_policy[ns[istio-system]-policy[deny-sentiment]-rule[0]]',
    ]);
  });

  it("answers a path no gateway route matches with Envoy's 404 NR", async () => {
    const { model, request } = sentimentTraffic();
    const hop = await model.sendNow(request('GET', '/nowhere'))!;
    expect([hop.responseCode, hop.responseFlags, hop.responseCodeDetails]).toEqual([404, 'NR', 'route_not_found']);
  });

  it("records the app's answer when it is known beforehand (Keycloak refusing a password), not its behaviour's", async () => {
    const { model, request } = sentimentTraffic();
    const hop = await model.sendNow(
      request('POST', '/auth/realms/master/protocol/openid-connect/token', {
        answer: (pod) => (pod.ref.app === 'keycloak' ? { code: 401, responseBytes: 72 } : undefined),
      }),
    )!;
    expect(hop.service.name).toBe('keycloak');
    expect([hop.responseCode, hop.responseBytes, hop.attempts.at(-1)?.destination.app]).toEqual([401, 72, 'keycloak']);
  });

  it('sends nothing when the host does not resolve from the sending pod', () => {
    const { model, request } = sentimentTraffic();
    expect(model.sendNow(request('GET', '/', { host: 'nowhere.example' }))).toBeUndefined();
  });

  it('uses a change applied just before, without waiting for the next tick', async () => {
    const { model, request, store } = sentimentTraffic();
    const before = await model.sendNow(request('GET', '/auth/realms/master'))!;
    expect(before.service.name).toBe('keycloak');
    store.delete(GR.virtualservices, 'demo', 'sa-external-services');
    const after = await model.sendNow(request('GET', '/auth/realms/master'))!;
    expect([after.responseCode, after.responseFlags]).toEqual([404, 'NR']);
  });
});
