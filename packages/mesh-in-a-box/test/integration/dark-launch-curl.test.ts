// The article's dark launch as a learner plays it (its own mesh: it reroutes sa-logic): kubectl apply sa-logic v2,
// a RequestAuthentication whose outputClaimToHeaders copies the token's usertype claim into x-usertype (Istio
// RequestAuthentication, JWTRule.output_claim_to_headers), and a VirtualService sending x-usertype: beta to subset v2;
// then curl /sentiment through the ingress gateway with the beta user's token and the plain user's, each with its own
// User-Agent, and read where each request went in the proxies' access logs (`kubectl logs -c istio-proxy`: the
// gateway's line names the User-Agent and the x-request-id, sa-logic's inbound line the same x-request-id).
// sa-webapp forwards x-usertype on its call to sa-logic, as the real app must (the scenario's behaviour).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl } from '../../src/kubectl.js';
import { startMeshChild, type MeshChild } from '../../src/run-mesh.js';
import { FIXTURES } from '../helpers/fixtures.js';
import { frontDoor } from '../helpers/front-door.js';

let mesh: MeshChild;
let dir: string;
beforeAll(async () => {
  mesh = await startMeshChild({ args: ['--scenario', 'sentiment-analysis', '--tick-ms', '250', '--seed', '9'] });
  dir = await mkdtemp(join(tmpdir(), 'dark-launch-'));
}, 120_000);
afterAll(async () => {
  await mesh?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const DARK_LAUNCH = `
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata:
  name: keycloak-request-authn
  namespace: istio-system
spec:
  selector:
    matchLabels:
      app: istio-ingressgateway
  jwtRules:
  - issuer: "http://localhost:8080/auth/realms/master"
    jwksUri: http://keycloak.keycloak.svc:8080/auth/realms/master/protocol/openid-connect/certs
    outputClaimToHeaders:
    - header: x-usertype
      claim: usertype
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: sa-logic
  namespace: demo
spec:
  hosts:
  - sa-logic
  http:
  - match:
    - headers:
        x-usertype:
          exact: beta
    route:
    - destination:
        host: sa-logic
        subset: v2
  - route:
    - destination:
        host: sa-logic
        subset: v1
`;

describe('the dark launch, curled through the ingress gateway with Keycloak tokens', () => {
  it("sends the beta user's requests to sa-logic v2 only and the plain user's to v1 only", async () => {
    // The course's v2 without FAIL_RANDOMLY: where requests go, not how v2 fails.
    const v2 = (await readFile(`${FIXTURES}/sentiment-analysis/kube/canary/sa-logic-v2.yaml`, 'utf8')).replace(
      /\n\s+env:\n\s+- name: FAIL_RANDOMLY\n\s+value: "true"/,
      '',
    );
    await writeFile(join(dir, 'sa-logic-v2.yaml'), v2);
    await writeFile(join(dir, 'dark-launch.yaml'), DARK_LAUNCH);
    await kubectl(mesh.kubeconfig, ['apply', '-n', 'demo', '-f', join(dir, 'sa-logic-v2.yaml')]);
    await kubectl(mesh.kubeconfig, ['apply', '-f', join(dir, 'dark-launch.yaml')]);
    // As the learner would: wait for v2's rollout. The gateway's curl sees the applied config at once (sendNow).
    await kubectl(mesh.kubeconfig, ['rollout', 'status', '-n', 'demo', 'deployment/sa-logic-v2', '--timeout', '60s']);

    const { tokenOf, analyse, proxyLog, requestIdsOf } = frontDoor(mesh);
    const beta = await tokenOf('beta');
    const user = await tokenOf('user');
    for (let i = 0; i < 8; i++) {
      expect((await analyse('dark-launch-beta/1.0', beta)).status).toBe(200);
      expect((await analyse('dark-launch-user/1.0', user)).status).toBe(200);
    }
    const betaIds = await requestIdsOf('dark-launch-beta/1.0', 8);
    const userIds = await requestIdsOf('dark-launch-user/1.0', 8);
    expect(betaIds).toHaveLength(8);
    expect(userIds).toHaveLength(8);
    const v1Log = await proxyLog('demo', 'app=sa-logic,version=v1');
    const v2Log = await proxyLog('demo', 'app=sa-logic,version=v2');
    expect(betaIds.every((id) => v2Log.includes(id) && !v1Log.includes(id))).toBe(true);
    expect(userIds.every((id) => v1Log.includes(id) && !v2Log.includes(id))).toBe(true);
  });
});
