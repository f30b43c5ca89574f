// The article's dark launch end to end, through the front door (sendNow, the ingress listener's curl): the gateway's
// RequestAuthentication copies the token's usertype claim into x-usertype (Istio RequestAuthentication
// outputClaimToHeaders: "the claim is copied to the named header of the request forwarded upstream"), sa-webapp
// forwards that header on its call to sa-logic (apps must propagate headers themselves: istio.io Distributed Tracing
// overview), and sa-logic's VirtualService sends x-usertype: beta to subset v2. Beta's requests reach v2 only,
// a plain user's reach v1 only.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/scenarios/index.js';
import { INGRESS_GATEWAY_HOST, INGRESS_GATEWAY_PORT } from '../../../src/scenarios/istio-system-objects.js';
import type { KubeObject } from '../../../src/store/kube-object.js';
import { forwardedHeaders } from '../../../src/traffic/behaviour.js';
import type { Hop } from '../../../src/traffic/hop.js';
import type { MeshPod } from '../../../src/traffic/mesh-index.js';
import { TrafficModel } from '../../../src/traffic/traffic-model.js';
import { FIXTURES } from '../../helpers/fixtures.js';
import { meshUnderTest } from '../scenarios/mesh-under-test.js';
import { ISSUER, makeIssuer, NOW_MS, type Issuer } from '../security/jwt-helpers.js';

let issuer: Issuer;
beforeAll(async () => {
  issuer = await makeIssuer();
});

/** The course's sa-logic v2, without FAIL_RANDOMLY: this test is about where requests go, not how v2 answers. */
function saLogicV2(): KubeObject {
  const deployment = parse(readFileSync(`${FIXTURES}/sentiment-analysis/kube/canary/sa-logic-v2.yaml`, 'utf8'));
  deployment.metadata.namespace = 'demo';
  delete deployment.spec.template.spec.containers[0].env;
  return deployment;
}

const requestAuthentication = (): KubeObject => ({
  apiVersion: 'security.istio.io/v1',
  kind: 'RequestAuthentication',
  metadata: { name: 'keycloak-request-authn', namespace: 'istio-system' },
  spec: {
    selector: { matchLabels: { app: 'istio-ingressgateway' } },
    jwtRules: [
      {
        issuer: ISSUER,
        jwks: JSON.stringify(issuer.jwks),
        outputClaimToHeaders: [{ header: 'x-usertype', claim: 'usertype' }],
      },
    ],
  },
});

const darkLaunchRoute = (): KubeObject => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'sa-logic', namespace: 'demo' },
  spec: {
    hosts: ['sa-logic'],
    http: [
      {
        match: [{ headers: { 'x-usertype': { exact: 'beta' } } }],
        route: [{ destination: { host: 'sa-logic', subset: 'v2' } }],
      },
      { route: [{ destination: { host: 'sa-logic', subset: 'v1' } }] },
    ],
  },
});

function darkLaunchedMesh() {
  const scenario = loadScenario('sentiment-analysis');
  const mesh = meshUnderTest();
  mesh.apply(...scenario.objects, saLogicV2(), requestAuthentication(), darkLaunchRoute());
  const hops: Hop[] = [];
  const model = new TrafficModel({ store: mesh.store, scenario, sinks: [(h) => hops.push(h)], seed: 7, nowMs: NOW_MS });
  const gateway = model.mesh.lookupHost(INGRESS_GATEWAY_HOST, 'istio-system') as { pods: MeshPod[] };
  /** POST /sentiment through the gateway with this token; the versions of sa-logic its journey reached. */
  const analyse = async (token: string): Promise<string[]> => {
    const hop = await model.sendNow(
      {
        from: gateway.pods[0]!,
        host: INGRESS_GATEWAY_HOST,
        port: INGRESS_GATEWAY_PORT,
        method: 'POST',
        path: '/sentiment',
        authority: 'localhost:8080',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      },
      NOW_MS,
    )!;
    expect(hop.responseCode).toBe(200);
    return hops
      .filter((h) => h.requestId === hop.requestId && h.service.name === 'sa-logic')
      .flatMap((h) => h.attempts.map((a) => a.destination.version ?? 'none'));
  };
  return { analyse };
}

describe('dark launch by a JWT claim', () => {
  it("sends the beta user's requests to sa-logic v2 only and a plain user's to v1 only", async () => {
    const { analyse } = darkLaunchedMesh();
    const beta = await issuer.sign({ sub: 'beta', usertype: 'beta' });
    const user = await issuer.sign({ sub: 'user', usertype: 'regular' });
    const reached = { beta: [] as string[], user: [] as string[] };
    for (let i = 0; i < 20; i++) {
      reached.beta.push(...(await analyse(beta)));
      reached.user.push(...(await analyse(user)));
    }
    expect(reached.beta).toHaveLength(20);
    expect(new Set(reached.beta)).toEqual(new Set(['v2']));
    expect(reached.user).toHaveLength(20);
    expect(new Set(reached.user)).toEqual(new Set(['v1']));
  });
});

describe('forwardedHeaders', () => {
  it('copies only the named headers, whatever their case, and nothing when none are named', () => {
    const inbound = { 'X-Usertype': 'beta', authorization: 'Bearer t', 'content-type': 'application/json' };
    expect(forwardedHeaders(inbound, ['x-usertype'])).toEqual({ 'x-usertype': 'beta' });
    expect(forwardedHeaders(inbound, [])).toEqual({});
  });
});
