// The token strategy against the mesh in a box's API server (which authenticates as Kubernetes does): a
// ServiceAccount token from `kubectl create token` logs in as that account with its groups and rights, the session
// cookie then opens the API, and a token the API server does not know is refused with a clear message.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_ADMIN_TOKEN } from '@sextant/mesh-in-a-box';
import {
  demoViewer,
  forgetTokenStrategy,
  getAs,
  importLoginRoute,
  postLogin,
  sessionOf,
  useTokenStrategy,
  type Handler,
} from '../helpers/token-login.js';

const mesh = inject('mesh');
let login: Handler;
let me: Handler;
let namespaces: Handler;
let viewerToken: string;
let viewer: Awaited<ReturnType<typeof demoViewer>> | undefined;

beforeAll(async () => {
  useTokenStrategy(mesh.kubeconfig);
  login = await importLoginRoute();
  me = (await import('../../app/api/auth/me/route.js')).GET as Handler;
  namespaces = (await import('../../app/api/namespaces/route.js')).GET as Handler;
  viewer = await demoViewer(mesh.kubeconfig, 'auth-viewer');
  viewerToken = viewer.token;
});

afterAll(async () => {
  await viewer?.remove();
  forgetTokenStrategy();
});

const post = (token: string, headers: Record<string, string> = {}) => postLogin(login, token, headers);
const get = (handler: Handler, path: string, cookie?: string) => getAs(handler, path, cookie ? { cookie } : {});

describe('the token login', () => {
  it('logs a ServiceAccount token in as that account, with its groups and without the right to change traffic', async () => {
    const res = await post(viewerToken);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ user: 'system:serviceaccount:demo:auth-viewer', strategy: 'token', console: null });
    expect(body.groups).toEqual(
      expect.arrayContaining(['system:serviceaccounts', 'system:serviceaccounts:demo', 'system:authenticated']),
    );
    expect(body.can).toEqual({ namespace: null, changeTraffic: false });
    // A session never outlives the token it holds (kubectl create token: one hour by default).
    expect(body.expiresAt).toBeLessThanOrEqual(Date.now() + 3600_000 + 5_000);

    const cookie = sessionOf(res);
    const again = await get(me, '/api/auth/me', cookie);
    expect(again.status).toBe(200);
    expect((await again.json()).user).toBe('system:serviceaccount:demo:auth-viewer');
    expect((await get(namespaces, '/api/namespaces', cookie)).status).toBe(200);
  });

  it('answers every API route 401 without a session, and /me too', async () => {
    const res = await get(namespaces, '/api/namespaces');
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      error: { code: 'unauthenticated', message: 'log in first: this console uses the token login (open /login)' },
    });
    expect((await get(me, '/api/auth/me')).status).toBe(401);
  });

  it('refuses a token the API server does not know, saying so', async () => {
    const res = await post('not-a-token-of-this-cluster');
    expect(res.status).toBe(401);
    const { error } = await res.json();
    expect(error.code).toBe('invalid_token');
    expect(error.message).toMatch(
      /^the Kubernetes API at \S+ refused this token: .+\. It may have expired or been revoked, or belong to another cluster$/,
    );
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('logs the admin token in as the mesh’s admin, who may change traffic', async () => {
    const res = await post(DEFAULT_ADMIN_TOKEN);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.groups).toContain('system:masters');
    expect(body.can.changeTraffic).toBe(true);
  });

  it('refuses a login another site’s page sends, and one without the console’s CSRF header', async () => {
    const crossSite = await post(viewerToken, { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    expect((await crossSite.json()).error.code).toBe('cross_site');
    const noHeader = await login(
      new Request('http://console/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: viewerToken }),
      }),
      { params: Promise.resolve({}) },
    );
    expect(noHeader.status).toBe(403);
    expect((await noHeader.json()).error.code).toBe('csrf_header');
  });
});
