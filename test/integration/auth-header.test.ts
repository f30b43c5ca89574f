// The header strategy against the mesh in a box's API server: a proxy in front passes the user's own bearer token
// (verified with the API server like a pasted one), or names the user and groups and proves itself with the shared
// secret (the console impersonates them); the API routes answer 401 to anything else.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { kubectl } from '../helpers/kubectl.js';

type Handler = (req: Request, context?: unknown) => Promise<Response>;

const mesh = inject('mesh');
const slot = globalThis as { __sextantAuth?: unknown };
const PROXY_SECRET = 'integration-proxy-secret-0123456789';
let me: Handler;
let namespaces: Handler;
let viewerToken: string;

function useStrategy(env: Record<string, string>): void {
  for (const name of Object.keys(process.env)) if (name.startsWith('SEXTANT_AUTH_')) delete process.env[name];
  Object.assign(process.env, env);
  slot.__sextantAuth = undefined; // the login configuration is read once per process
}

const get = (handler: Handler, path: string, headers: Record<string, string> = {}) =>
  handler(new Request(`http://console${path}`, { headers }), { params: Promise.resolve({}) });

beforeAll(async () => {
  process.env['KUBECONFIG'] = mesh.kubeconfig;
  me = (await import('../../app/api/auth/me/route.js')).GET as Handler;
  namespaces = (await import('../../app/api/namespaces/route.js')).GET as Handler;
  await kubectl(mesh.kubeconfig, ['create', 'serviceaccount', 'auth-proxied', '-n', 'demo']);
  viewerToken = (await kubectl(mesh.kubeconfig, ['create', 'token', 'auth-proxied', '-n', 'demo'])).trim();
});

afterAll(async () => {
  useStrategy({});
  await kubectl(mesh.kubeconfig, ['delete', 'serviceaccount', 'auth-proxied', '-n', 'demo', '--ignore-not-found']);
});

describe('the header strategy with the user’s bearer token', () => {
  beforeAll(() => useStrategy({ SEXTANT_AUTH_STRATEGY: 'header' }));

  it('names the token’s ServiceAccount and opens the API routes', async () => {
    const headers = { authorization: `Bearer ${viewerToken}` };
    const res = await get(me, '/api/auth/me', headers);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      user: 'system:serviceaccount:demo:auth-proxied',
      strategy: 'header',
      can: { changeTraffic: false },
      expiresAt: null,
    });
    expect((await get(namespaces, '/api/namespaces', headers)).status).toBe(200);
  });

  it('refuses a request without a token, and one with a token the API server does not know', async () => {
    const none = await get(namespaces, '/api/namespaces');
    expect(none.status).toBe(401);
    expect((await none.json()).error.code).toBe('unauthenticated');
    const unknown = await get(namespaces, '/api/namespaces', { authorization: 'Bearer not-a-token' });
    expect(unknown.status).toBe(401);
    expect((await unknown.json()).error.code).toBe('invalid_token');
  });
});

describe('the header strategy with identities from a trusted proxy', () => {
  beforeAll(() =>
    useStrategy({
      SEXTANT_AUTH_STRATEGY: 'header',
      SEXTANT_AUTH_HEADER_MODE: 'identity',
      SEXTANT_AUTH_PROXY_SECRET: PROXY_SECRET,
    }),
  );

  it('impersonates the user and groups the proxy names: the API server answers for them', async () => {
    const proxied = (user: string, groups: string) =>
      get(me, '/api/auth/me', {
        'x-sextant-proxy-secret': PROXY_SECRET,
        'x-forwarded-user': user,
        'x-forwarded-groups': groups,
      });
    const nobody = await (await proxied('beta', '')).json();
    expect(nobody).toMatchObject({ user: 'beta', groups: [], can: { changeTraffic: false } });
    const admin = await (await proxied('moderator', 'system:masters')).json();
    expect(admin).toMatchObject({ user: 'moderator', groups: ['system:masters'], can: { changeTraffic: true } });
  });

  it('takes no user from a request that did not come through the proxy', async () => {
    const res = await get(namespaces, '/api/namespaces', { 'x-forwarded-user': 'mesh-admin' });
    expect(res.status).toBe(401);
    expect((await res.json()).error.message).toMatch(/did not come through it/);
  });
});
