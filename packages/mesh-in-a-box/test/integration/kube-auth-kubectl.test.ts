// Authentication and RBAC as a person meets them with the real kubectl: a service account bound to `view` in demo
// reads demo and is refused elsewhere with the API server's 403, `auth can-i` and `auth whoami` say the same,
// `--as` is refused to it and honoured for the admin; an OIDC ID token from a local issuer (a tiny discovery + JWKS
// server here, tokens signed with jose) is accepted with its username and groups claims and the configured
// prefixes, as kube-apiserver's --oidc-* flags do. kubectl sends credentials only to https, which the mesh serves on
// its Kubernetes port beside plain HTTP.
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { createLocalJWKSet, exportJWK, generateKeyPair, type JSONWebKeySet, jwtVerify, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMeshInBox, type MeshInABox } from '../../src/mesh-in-a-box.js';

const run = promisify(execFile);
let mesh: MeshInABox;
let issuer: Server;
let issuerUrl: string;
let signingKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
let viewerToken: string;

async function kubectl(...args: string[]): Promise<{ ok: boolean; out: string }> {
  try {
    const { stdout } = await run('kubectl', ['--kubeconfig', mesh.kubeconfig, ...args], { timeout: 30_000 });
    return { ok: true, out: stdout.trim() };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return { ok: false, out: `${e.stdout ?? ''}${e.stderr ?? ''}`.trim() };
  }
}
const asToken = (token: string, ...args: string[]) => kubectl('--token', token, ...args);

async function idToken(claims: Record<string, unknown>, audience = 'sextant'): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
    .setIssuer(issuerUrl)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(signingKey);
}

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  signingKey = privateKey;
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  issuer = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/.well-known/openid-configuration') {
      res.end(JSON.stringify({ issuer: issuerUrl, jwks_uri: `${issuerUrl}/keys` }));
    } else if (req.url === '/keys') {
      res.end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.writeHead(404).end('{}');
    }
  });
  await new Promise<void>((resolve) => issuer.listen(0, '127.0.0.1', resolve));
  issuerUrl = `http://127.0.0.1:${(issuer.address() as AddressInfo).port}`;
  mesh = await startMeshInBox({
    builtinPrometheus: false,
    tickMs: 3_600_000,
    oidc: {
      issuerUrl,
      clientId: 'sextant',
      usernameClaim: 'email',
      usernamePrefix: 'oidc:',
      groupsClaim: 'groups',
      groupsPrefix: 'oidc:',
    },
  });
  expect((await kubectl('create', 'serviceaccount', 'viewer', '-n', 'demo')).ok).toBe(true);
  const bound = await kubectl(
    'create',
    'rolebinding',
    'viewer-view',
    '--clusterrole=view',
    '--serviceaccount=demo:viewer',
    '-n',
    'demo',
  );
  expect(bound.out).toBe('rolebinding.rbac.authorization.k8s.io/viewer-view created');
  const created = await kubectl('create', 'token', 'viewer', '-n', 'demo');
  expect(created.ok).toBe(true);
  viewerToken = created.out;
}, 60_000);

afterAll(async () => {
  await mesh?.stop();
  await new Promise((resolve) => issuer?.close(resolve));
});

describe('a service account bound to view in demo', () => {
  it('gets a signed token from kubectl create token, with the claims of a bound service account token', () => {
    const [, payload] = viewerToken.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({
      iss: 'https://kubernetes.default.svc.cluster.local',
      sub: 'system:serviceaccount:demo:viewer',
      aud: ['https://kubernetes.default.svc.cluster.local'],
      'kubernetes.io': { namespace: 'demo', serviceaccount: { name: 'viewer' } },
    });
    expect((claims.exp as number) - (claims.iat as number)).toBe(3600);
  });

  it("lists the pods of demo and is refused those of istio-system with the API server's message", async () => {
    const demo = await asToken(viewerToken, 'get', 'pods', '-n', 'demo', '-o', 'name');
    expect(demo.ok).toBe(true);
    expect(demo.out).toMatch(/^pod\/sa-logic-/m);
    const other = await asToken(viewerToken, 'get', 'pods', '-n', 'istio-system');
    expect(other).toEqual({
      ok: false,
      out: 'Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:demo:viewer" cannot list resource "pods" in API group "" in the namespace "istio-system"',
    });
  });

  it('reads pod logs (view has pods/log) but not the Envoy admin through pods/proxy, nor VirtualServices', async () => {
    const pod = (await asToken(viewerToken, 'get', 'pods', '-n', 'demo', '-l', 'app=sa-logic', '-o', 'name')).out.split(
      '\n',
    )[0]!;
    const name = pod.replace('pod/', '');
    expect((await asToken(viewerToken, 'logs', '-n', 'demo', name, '-c', 'istio-proxy', '--tail=1')).ok).toBe(true);
    const proxy = await asToken(
      viewerToken,
      'get',
      '--raw',
      `/api/v1/namespaces/demo/pods/${name}:15000/proxy/server_info`,
    );
    expect(proxy.out).toContain(
      `pods "${name}:15000" is forbidden: User "system:serviceaccount:demo:viewer" cannot get resource "pods/proxy" in API group "" in the namespace "demo"`,
    );
    const vs = await asToken(viewerToken, 'get', 'virtualservices', '-n', 'demo');
    expect(vs.out).toContain(
      'cannot list resource "virtualservices" in API group "networking.istio.io" in the namespace "demo"',
    );
  });

  it('is told the same by kubectl auth can-i', async () => {
    expect(await asToken(viewerToken, 'auth', 'can-i', 'list', 'pods', '-n', 'demo')).toEqual({ ok: true, out: 'yes' });
    expect(await asToken(viewerToken, 'auth', 'can-i', 'get', 'pods/log', '-n', 'demo')).toEqual({
      ok: true,
      out: 'yes',
    });
    expect(await asToken(viewerToken, 'auth', 'can-i', 'list', 'pods', '-n', 'istio-system')).toEqual({
      ok: false,
      out: 'no',
    });
    expect(await asToken(viewerToken, 'auth', 'can-i', 'delete', 'pods', '-n', 'demo')).toEqual({
      ok: false,
      out: 'no',
    });
    const list = await asToken(viewerToken, 'auth', 'can-i', '--list', '-n', 'demo');
    expect(list.out).toMatch(/^pods\/log\s+\[\]\s+\[\]\s+\[get list watch\]$/m);
  });

  it('is named by kubectl auth whoami', async () => {
    const whoami = await asToken(viewerToken, 'auth', 'whoami', '-o', 'json');
    const { status } = JSON.parse(whoami.out) as { status: { userInfo: { username: string; groups: string[] } } };
    expect(status.userInfo.username).toBe('system:serviceaccount:demo:viewer');
    expect(status.userInfo.groups).toEqual([
      'system:serviceaccounts',
      'system:serviceaccounts:demo',
      'system:authenticated',
    ]);
  });

  it('reads the issuer discovery documents whose key checks its own token', async () => {
    const config = JSON.parse(
      (await asToken(viewerToken, 'get', '--raw', '/.well-known/openid-configuration')).out,
    ) as {
      issuer: string;
      jwks_uri: string;
    };
    expect(config.jwks_uri).toBe(`${config.issuer}/openid/v1/jwks`);
    const jwks = JSON.parse((await asToken(viewerToken, 'get', '--raw', '/openid/v1/jwks')).out) as JSONWebKeySet;
    const { payload } = await jwtVerify(viewerToken, createLocalJWKSet(jwks), { issuer: config.issuer });
    expect(payload.sub).toBe('system:serviceaccount:demo:viewer');
  });

  it('may not impersonate: --as is refused with the impersonation 403', async () => {
    expect(await asToken(viewerToken, 'get', 'pods', '-n', 'demo', '--as', 'jane')).toEqual({
      ok: false,
      out: 'Error from server (Forbidden): users "jane" is forbidden: User "system:serviceaccount:demo:viewer" cannot impersonate resource "users" in API group "" at the cluster scope',
    });
  });
});

describe('the admin of the kubeconfig', () => {
  it('is mesh-admin in system:masters', async () => {
    const whoami = await kubectl('auth', 'whoami', '-o', 'json');
    expect(JSON.parse(whoami.out).status.userInfo).toMatchObject({
      username: 'mesh-admin',
      groups: ['system:masters', 'system:authenticated'],
    });
  });

  it("may impersonate: --as the viewer acts with the viewer's rights, --as jane with jane's groups", async () => {
    const as = ['--as', 'system:serviceaccount:demo:viewer'];
    expect((await kubectl('get', 'pods', '-n', 'demo', ...as)).ok).toBe(true);
    expect((await kubectl('get', 'pods', '-n', 'istio-system', ...as)).out).toContain(
      'User "system:serviceaccount:demo:viewer" cannot list resource "pods"',
    );
    const jane = await kubectl('auth', 'whoami', '-o', 'json', '--as', 'jane', '--as-group', 'devs');
    expect(JSON.parse(jane.out).status.userInfo).toEqual({
      username: 'jane',
      groups: ['devs', 'system:authenticated'],
    });
  });
});

describe('OIDC ID tokens from the configured issuer', () => {
  it('are accepted with the email claim as username and the groups claim, both prefixed', async () => {
    const token = await idToken({
      sub: '1234',
      email: 'jane@example.com',
      email_verified: true,
      groups: ['mesh-viewers'],
    });
    const whoami = await asToken(token, 'auth', 'whoami', '-o', 'json');
    expect(JSON.parse(whoami.out).status.userInfo).toEqual({
      username: 'oidc:jane@example.com',
      groups: ['oidc:mesh-viewers', 'system:authenticated'],
    });
    expect((await asToken(token, 'get', 'pods', '-n', 'demo')).out).toContain(
      'User "oidc:jane@example.com" cannot list resource "pods" in API group "" in the namespace "demo"',
    );
    await kubectl(
      'create',
      'rolebinding',
      'oidc-viewers',
      '--clusterrole=view',
      '--group=oidc:mesh-viewers',
      '-n',
      'demo',
    );
    expect((await asToken(token, 'get', 'pods', '-n', 'demo')).ok).toBe(true);
  });

  it('are refused 401 when meant for another client or with an unverified email', async () => {
    const unauthorized = { ok: false, out: 'error: You must be logged in to the server (Unauthorized)' };
    const otherClient = await idToken({ sub: '1', email: 'jane@example.com', email_verified: true }, 'another-app');
    expect(await asToken(otherClient, 'get', 'pods', '-n', 'demo')).toEqual(unauthorized);
    const unverified = await idToken({ sub: '1', email: 'jane@example.com', email_verified: false });
    expect(await asToken(unverified, 'get', 'pods', '-n', 'demo')).toEqual(unauthorized);
  });
});

describe('requests without kubectl', () => {
  const api = () => mesh.endpoints.kubernetes;

  it('answers a request without a token as system:anonymous: version yes, pods no', async () => {
    expect((await fetch(`${api()}/version`)).status).toBe(200);
    const pods = await fetch(`${api()}/api/v1/namespaces/demo/pods`);
    expect(pods.status).toBe(403);
    expect(await pods.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'pods is forbidden: User "system:anonymous" cannot list resource "pods" in API group "" in the namespace "demo"',
      reason: 'Forbidden',
      details: { kind: 'pods' },
      code: 403,
    });
  });

  it('answers a token nobody issued with the 401 Status', async () => {
    const res = await fetch(`${api()}/api/v1/namespaces/demo/pods`, { headers: { authorization: 'Bearer made-up' } });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    });
  });

  it("checks a token with a TokenReview, and forgets a service account's tokens once it is deleted", async () => {
    const review = async () => {
      const res = await fetch(`${api()}/apis/authentication.k8s.io/v1/tokenreviews`, {
        method: 'POST',
        headers: { authorization: `Bearer ${mesh.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          apiVersion: 'authentication.k8s.io/v1',
          kind: 'TokenReview',
          spec: { token: viewerToken },
        }),
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as { status: { authenticated?: boolean; user: { username?: string } } }).status;
    };
    expect(await review()).toMatchObject({
      authenticated: true,
      user: { username: 'system:serviceaccount:demo:viewer' },
    });
    await kubectl('delete', 'serviceaccount', 'viewer', '-n', 'demo');
    expect((await review()).authenticated).toBeUndefined();
    expect(await asToken(viewerToken, 'get', 'pods', '-n', 'demo')).toEqual({
      ok: false,
      out: 'error: You must be logged in to the server (Unauthorized)',
    });
  });
});
