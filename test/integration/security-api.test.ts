// The security API against the shared mesh and the real Prometheus: sa-webapp's answer shows the sidecar-less
// legacy-reports calling in plaintext; after `kubectl apply` of the article's mesh-wide STRICT PeerAuthentication
// the STRICT warning names it; a drafted policy allowing only the ingress gateway's principal would deny it. The
// suite deletes what it applied: other suites share the mesh.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { securityResponse, simulateResponse, type SecurityResponse } from '../../lib/api/security.js';
import { FIXTURES, kubectl } from '../helpers/kubectl.js';

const mesh = inject('mesh');
const SECURITY = `${FIXTURES}/sentiment-analysis/istio/security`;
const PEER_AUTHN = `${SECURITY}/peer-authentication.yaml`;
const REQUEST_AUTHN = `${SECURITY}/request-authentication.yaml`;
type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
let securityGet: Handler;
let simulatePost: Handler;

beforeAll(async () => {
  process.env['KUBECONFIG'] = mesh.kubeconfig;
  process.env['PROMETHEUS_URL'] = inject('prometheus').url;
  securityGet = (await import('../../app/api/namespaces/[ns]/workloads/[name]/security/route.js')).GET;
  simulatePost = (await import('../../app/api/namespaces/[ns]/authorization/simulate/route.js')).POST;
  // Enough scrapes since the mesh started for legacy-reports' few requests (0.2/s) to show in the window.
  await new Promise((r) => setTimeout(r, Math.max(0, mesh.startedAtMs + 25_000 - Date.now())));
}, 60_000);

afterAll(async () => {
  await kubectl(mesh.kubeconfig, ['delete', '-f', PEER_AUTHN, '-f', REQUEST_AUTHN, '--ignore-not-found']);
});

async function security(name = 'sa-webapp', ns = 'demo'): Promise<SecurityResponse> {
  const res = await securityGet(
    new Request(`http://console/api/namespaces/${ns}/workloads/${name}/security?duration=1h`),
    { params: Promise.resolve({ ns, name }) },
  );
  const body: unknown = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(200);
  return securityResponse.parse(body);
}

async function simulate(policy: unknown, headers: Record<string, string> = {}, ns = 'demo') {
  return simulatePost(
    new Request(`http://console/api/namespaces/${ns}/authorization/simulate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-sextant-csrf': '1', ...headers },
      body: JSON.stringify({ policy }),
    }),
    { params: Promise.resolve({ ns }) },
  );
}

/** Reads the answer until it holds, or the deadline passes (the watch cache and a scrape take a moment). */
async function until(
  ok: (s: SecurityResponse) => boolean,
  workload: [string, string] = ['sa-webapp', 'demo'],
  timeoutMs = 20_000,
): Promise<SecurityResponse> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await security(...workload);
    if (ok(answer) || Date.now() > deadline) return answer;
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe("sa-webapp's security", () => {
  it('shows legacy-reports calling in plaintext and the gateway over mTLS, under the default PERMISSIVE', async () => {
    const answer = await until((s) => (s.mtls.observed?.plaintextCallers ?? []).includes('legacy/legacy-reports'));
    expect(answer.mtls.sidecar).toBe('all');
    expect(answer.mtls.ports[0]).toMatchObject({ port: null, mode: 'PERMISSIVE', level: 'default' });
    expect(answer.mtls.observed?.plaintextCallers).toContain('legacy/legacy-reports');
    expect(answer.mtls.observed?.plaintextRps).toBeGreaterThan(0);
    expect(answer.allowed.some((c) => c.source.workload === 'istio-ingressgateway' && c.mtls === true)).toBe(true);
    expect(answer.access).toMatchObject({ rows: [], otherwise: 'allow' });
  });

  it("names legacy-reports in the STRICT warning after the article's peer-authentication.yaml is applied", async () => {
    await kubectl(mesh.kubeconfig, ['apply', '-f', PEER_AUTHN]);
    const answer = await until((s) => s.warnings.some((w) => w.kind === 'strict-plaintext-callers'));
    expect(answer.mtls.ports[0]).toMatchObject({
      mode: 'STRICT',
      level: 'mesh',
      policy: { namespace: 'istio-system', name: 'default' },
    });
    expect(answer.policies).toContainEqual(
      expect.objectContaining({
        ref: { kind: 'PeerAuthentication', namespace: 'istio-system', name: 'default' },
        scope: 'mesh',
      }),
    );
    const warning = answer.warnings.find((w) => w.kind === 'strict-plaintext-callers');
    expect(warning?.callers).toContain('legacy/legacy-reports');
    expect(warning?.message).toContain('legacy/legacy-reports called in plaintext');
  });
});

describe('simulating a policy', () => {
  it("says a policy allowing only the ingress gateway's principal would deny legacy-reports' calls", async () => {
    const gateway = (await security()).allowed.find(
      (c) => c.source.workload === 'istio-ingressgateway' && c.source.principal,
    );
    expect(gateway).toBeDefined();
    const policy = [
      'apiVersion: security.istio.io/v1',
      'kind: AuthorizationPolicy',
      'metadata:',
      '  name: only-gateway',
      'spec:',
      '  selector:',
      '    matchLabels:',
      '      app: sa-webapp',
      '  rules:',
      '  - from:',
      '    - source:',
      `        principals: ["${gateway!.source.principal}"]`,
    ].join('\n');
    const res = await simulate(policy);
    expect(res.status).toBe(200);
    const answer = simulateResponse.parse(await res.json());
    expect(answer.workloads).toEqual([{ workload: 'sa-webapp', namespace: 'demo' }]);
    const legacy = answer.calls.filter((c) => c.source.workload === 'legacy-reports');
    expect(legacy.length).toBeGreaterThan(0);
    expect(new Set(legacy.map((c) => c.decision))).toEqual(new Set(['deny']));
    const fromGateway = answer.calls.filter((c) => c.source.workload === 'istio-ingressgateway');
    expect(new Set(fromGateway.map((c) => c.decision))).toEqual(new Set(['allow']));
  });

  it('refuses a policy of another kind with 400 naming the field', async () => {
    const res = await simulate({
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'x' },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /^policy\.kind: paste an AuthorizationPolicy/,
    );
  });

  it("refuses with 403 a request another site's page sent", async () => {
    const res = await simulate('x', { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' });
    expect(res.status).toBe(403);
  });
});

describe("the article's security on the ingress gateway", () => {
  it('warns that the RequestAuthentication alone lets a request without a token through', async () => {
    await kubectl(mesh.kubeconfig, ['apply', '-f', REQUEST_AUTHN]);
    const answer = await until(
      (s) => s.warnings.some((w) => w.kind === 'jwt-without-requirement'),
      ['istio-ingressgateway', 'istio-system'],
    );
    expect(answer.policies).toContainEqual(
      expect.objectContaining({
        ref: { kind: 'RequestAuthentication', namespace: 'istio-system', name: 'keycloak-request-authn' },
      }),
    );
    expect(answer.warnings.find((w) => w.kind === 'jwt-without-requirement')?.message).toMatch(
      /a request without a token passes/,
    );
  });

  it("simulates the article's allow-view alone: the page loads, an analysis is denied (allow-view names no /sentiment)", async () => {
    const res = await simulate(readFileSync(`${SECURITY}/allow-view.yaml`, 'utf8'), {}, 'istio-system');
    expect(res.status).toBe(200);
    const answer = simulateResponse.parse(await res.json());
    expect(answer.workloads).toEqual([{ workload: 'istio-ingressgateway', namespace: 'istio-system' }]);
    const decision = (method: string, path: string) =>
      new Set(
        answer.calls.filter((c) => c.operation.method === method && c.operation.path === path).map((c) => c.decision),
      );
    expect(decision('GET', '/')).toEqual(new Set(['allow']));
    // allow-view names no /sentiment path: with ALLOW in force, nothing else allows it.
    expect(decision('POST', '/sentiment')).toEqual(new Set(['deny']));
  });
});
