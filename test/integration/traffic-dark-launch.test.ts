// The article's dark launch through the console's write path: POST …/traffic with a header match sends the requests
// of beta users to sa-logic v2, every other request stays on v1. The gateway's RequestAuthentication copies the
// token's usertype claim into x-usertype (Istio RequestAuthentication outputClaimToHeaders), sa-frontend and sa-webapp
// forward it, and the route Sextant adds matches it. Requests go through the mesh's front door with real curl and
// Keycloak tokens, each run's tagged by a User-Agent of its own; the gateway's access log gives their x-request-ids,
// and sa-logic's sidecars' access logs say which version served each.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMeshChild, type MeshChild } from '@sextant/mesh-in-a-box';
import { kubectl } from '../helpers/kubectl.js';
import { articleState, call, importTrafficRoutes, plan, type TrafficRoutes } from '../helpers/traffic.js';

const run = promisify(execFile);
let mesh: MeshChild;
let routes: TrafficRoutes;
const RA = join(mkdtempSync(join(tmpdir(), 'sextant-dark-')), 'request-authn.yaml');

// The article's request-authentication.yaml with the claim copied to a header for the route to match.
writeFileSync(
  RA,
  `apiVersion: security.istio.io/v1
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
`,
);

async function curl(path: string, ...args: string[]): Promise<{ status: number; body: string }> {
  const { stdout } = await run(
    'curl',
    ['-s', '--max-time', '60', '-w', '\n%{http_code}', ...args, mesh.endpoints['ingress'] + path],
    { timeout: 70_000 },
  );
  const at = stdout.lastIndexOf('\n');
  return { status: Number(stdout.slice(at + 1)), body: stdout.slice(0, at) };
}

async function tokenOf(username: string): Promise<string> {
  const answer = await curl(
    '/auth/realms/master/protocol/openid-connect/token',
    '-H',
    'Host: localhost:8080',
    '-d',
    `grant_type=password&client_id=sa-frontend&username=${username}&password=password`,
  );
  expect(answer.status, answer.body).toBe(200);
  return (JSON.parse(answer.body) as { access_token: string }).access_token;
}

const analyse = (token: string, userAgent: string) =>
  curl(
    '/sentiment',
    '-X',
    'POST',
    '-A',
    userAgent,
    '-H',
    'content-type: application/json',
    '-H',
    `Authorization: Bearer ${token}`,
    '-d',
    '{"sentence":"I love yogobella"}',
  );

/** Names of the pods with these labels. */
async function podsOf(ns: string, selector: string): Promise<string[]> {
  const out = await kubectl(mesh.kubeconfig, [
    '-n',
    ns,
    'get',
    'pods',
    '-l',
    selector,
    '-o',
    'jsonpath={.items[*].metadata.name}',
  ]);
  return out.split(/\s+/).filter(Boolean);
}

/** The sidecar's access-log lines of every pod with these labels, as `kubectl logs` prints them. */
async function accessLog(ns: string, selector: string, since: Date): Promise<string> {
  const pods = await podsOf(ns, selector);
  const logs = await Promise.all(
    pods.map((pod) =>
      kubectl(mesh.kubeconfig, ['-n', ns, 'logs', pod, '-c', 'istio-proxy', `--since-time=${since.toISOString()}`]),
    ),
  );
  return logs.join('\n');
}

/**
 * The x-request-id of each request the gateway logged with this User-Agent (Istio's default access-log format prints
 * "%REQ(USER-AGENT)%" "%REQ(X-REQUEST-ID)%" side by side); every hop of the request carries the same id.
 */
async function requestIdsOf(userAgent: string, since: Date): Promise<string[]> {
  const log = await accessLog('istio-system', 'app=istio-ingressgateway', since);
  return [...log.matchAll(new RegExp(`"${userAgent}" "([^"]+)"`, 'g'))].map((m) => m[1]!);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// A mesh of its own at the demo's own traffic: the shared one runs 20× the traffic, more than the gateway's access
// log keeps for the half minute v2 takes to answer some requests.
beforeAll(async () => {
  mesh = await startMeshChild({ args: ['--scenario', 'sentiment-analysis', '--tick-ms', '250', '--seed', '7'] });
  routes = await importTrafficRoutes(mesh.kubeconfig);
  await articleState(mesh.kubeconfig);
  await kubectl(mesh.kubeconfig, ['apply', '-f', RA]);
}, 120_000);
afterAll(async () => mesh?.stop());

describe('a dark launch of sa-logic v2', () => {
  it("sends the beta user's requests to v2 and nobody else's", async () => {
    const [beta, user] = [await tokenOf('beta'), await tokenOf('user')];
    const change = { darkLaunch: { version: 'v2', match: { header: 'x-usertype', value: 'beta' } } };
    const planned = await plan(routes, change);
    const applied = await call(routes.change, { ...change, resourceVersion: planned.plan.resourceVersion });
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    await sleep(1500); // the proxies take the new route at the mesh's next tick

    // Each request of a run tagged by its User-Agent, then followed by its x-request-id into sa-logic's sidecars.
    const run = Date.now().toString(36);
    const since = new Date(Date.now() - 1000);
    // At once: v2 (the article's FAIL_RANDOMLY build) answers a third of its requests only after 30 s.
    await Promise.all(
      Array.from({ length: 6 }, () => [analyse(beta, `dark-beta-${run}`), analyse(user, `dark-user-${run}`)]).flat(),
    );
    await sleep(1000);
    const [betaIds, userIds] = [
      await requestIdsOf(`dark-beta-${run}`, since),
      await requestIdsOf(`dark-user-${run}`, since),
    ];
    expect([betaIds.length, userIds.length]).toEqual([6, 6]);
    const [v1, v2] = [
      await accessLog('demo', 'app=sa-logic,version=v1', since),
      await accessLog('demo', 'app=sa-logic,version=v2', since),
    ];
    for (const id of betaIds) expect([v1.includes(id), v2.includes(id)], `beta request ${id}`).toEqual([false, true]);
    for (const id of userIds) expect([v1.includes(id), v2.includes(id)], `user request ${id}`).toEqual([true, false]);
  });
});
