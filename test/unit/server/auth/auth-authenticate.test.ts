import { describe, expect, it } from 'vitest';
import { authConfigSchema, type AuthConfig } from '../../../../server/auth/auth-config.js';
import { authenticate, type AuthDeps } from '../../../../server/auth/authenticate.js';
import type { KubeReviews } from '../../../../server/auth/io/kube-reviews.js';
import { SESSION_COOKIE, sealSession, sessionKey, type Session } from '../../../../server/auth/session-cookie.js';

const secret = 'a-session-secret-of-at-least-32-bytes!!';
const nowMs = 1_800_000_000_000;
const nowSeconds = nowMs / 1000;

/** An API server that knows one token; counts the reviews it was asked. */
function reviewsKnowing(token: string, username: string) {
  const asked = { count: 0 };
  const reviews: KubeReviews = {
    server: 'https://kube.example',
    async reviewToken(given) {
      asked.count++;
      if (given !== token) throw new Error('the Kubernetes API refused this token');
      return { username, groups: ['system:authenticated'] };
    },
    whoAmI: async () => null,
    consoleIdentity: async () => ({ username: 'console', groups: [] }),
    canI: async () => null,
    rulesIn: async () => [],
  };
  return { reviews, asked };
}

function deps(env: Record<string, unknown>, reviews?: KubeReviews): AuthDeps {
  const config: AuthConfig = authConfigSchema.parse(env);
  return {
    config,
    key: config.sessionSecret ? sessionKey(config.sessionSecret) : null,
    reviews: async () => reviews ?? reviewsKnowing('t', 'u').reviews,
    openid: () => {
      throw new Error('no OpenID here');
    },
    verifiedTokens: new Map(),
    nowMs: () => nowMs,
  };
}

const request = (headers: Record<string, string> = {}) => new Request('http://console/api/graph', { headers });

const tokenSession = (over: Partial<Session> = {}): Session => ({
  name: 'system:serviceaccount:demo:viewer',
  groups: ['system:serviceaccounts'],
  strategy: 'token',
  credentials: { kind: 'token', token: 'sa-token' },
  expiresAt: nowSeconds + 600,
  ...over,
});

describe('authenticating a request', () => {
  it('lets everyone act as the console under the anonymous strategy', async () => {
    const { user } = await authenticate(request(), deps({}));
    expect(user).toEqual({ name: 'anonymous', groups: [], strategy: 'anonymous', credentials: { kind: 'console' } });
  });

  it('asks for a login under the token strategy when there is no session cookie', async () => {
    await expect(authenticate(request(), deps({ strategy: 'token', sessionSecret: secret }))).rejects.toMatchObject({
      status: 401,
      code: 'unauthenticated',
      message: 'log in first: this console uses the token login (open /login)',
    });
  });

  it('takes the user and their token from a valid session cookie', async () => {
    const cookie = await sealSession(tokenSession(), sessionKey(secret));
    const { user, expiresAt } = await authenticate(
      request({ cookie: `${SESSION_COOKIE}=${cookie}` }),
      deps({ strategy: 'token', sessionSecret: secret }),
    );
    expect(user.name).toBe('system:serviceaccount:demo:viewer');
    expect(user.credentials).toEqual({ kind: 'token', token: 'sa-token' });
    expect(expiresAt).toBe(nowSeconds + 600);
  });

  it('refuses an expired session with a 401 that says so', async () => {
    const cookie = await sealSession(tokenSession({ expiresAt: nowSeconds - 1 }), sessionKey(secret));
    await expect(
      authenticate(
        request({ cookie: `${SESSION_COOKIE}=${cookie}` }),
        deps({ strategy: 'token', sessionSecret: secret }),
      ),
    ).rejects.toMatchObject({ status: 401, message: 'your session has expired; log in again' });
  });

  it('refuses a session of another strategy after the console changed its login', async () => {
    const cookie = await sealSession(tokenSession(), sessionKey(secret));
    const openid = {
      strategy: 'openid',
      sessionSecret: secret,
      openid: { issuer: 'https://idp.example', clientId: 'sextant' },
    };
    await expect(authenticate(request({ cookie: `${SESSION_COOKIE}=${cookie}` }), deps(openid))).rejects.toThrow(
      /from the token login, which this console no longer uses/,
    );
  });

  it('takes the user and groups a trusted proxy names, and impersonates them', async () => {
    const header = { strategy: 'header', header: { mode: 'identity', proxySecret: 'the-proxy-secret-1234' } };
    const { user } = await authenticate(
      request({
        'x-sextant-proxy-secret': 'the-proxy-secret-1234',
        'x-forwarded-user': 'moderator',
        'x-forwarded-groups': 'moderator, reviewers',
      }),
      deps(header),
    );
    expect(user).toEqual({
      name: 'moderator',
      groups: ['moderator', 'reviewers'],
      strategy: 'header',
      credentials: { kind: 'impersonate', user: 'moderator', groups: ['moderator', 'reviewers'] },
    });
  });

  it("reads a proxy's UTF-8 user and group names as themselves, not as Latin-1 characters", async () => {
    const header = { strategy: 'header', header: { mode: 'identity', proxySecret: 'the-proxy-secret-1234' } };
    // What Node's parser hands on for the bytes of "Zoë" and "名前": one Latin-1 character per byte.
    const wire = (name: string) => Buffer.from(name, 'utf8').toString('latin1');
    const { user } = await authenticate(
      request({
        'x-sextant-proxy-secret': 'the-proxy-secret-1234',
        'x-forwarded-user': wire('Zoë'),
        'x-forwarded-groups': wire('名前, moderator'),
      }),
      deps(header),
    );
    expect(user).toMatchObject({ name: 'Zoë', groups: ['名前', 'moderator'] });
  });

  it('ignores a user header that did not come through the trusted proxy', async () => {
    const header = { strategy: 'header', header: { mode: 'identity', proxySecret: 'the-proxy-secret-1234' } };
    await expect(
      authenticate(request({ 'x-forwarded-user': 'cluster-admin', 'x-sextant-proxy-secret': 'guess' }), deps(header)),
    ).rejects.toMatchObject({ status: 401, message: expect.stringMatching(/did not come through it/) });
  });

  it('verifies a bearer token the proxy passes once, then remembers it for a minute', async () => {
    const { reviews, asked } = reviewsKnowing('user-token', 'beta');
    const d = deps({ strategy: 'header' }, reviews);
    const req = () => request({ authorization: 'Bearer user-token' });
    expect((await authenticate(req(), d)).user.name).toBe('beta');
    expect((await authenticate(req(), d)).user.credentials).toEqual({ kind: 'token', token: 'user-token' });
    expect(asked.count).toBe(1);
    await expect(authenticate(request(), d)).rejects.toMatchObject({ status: 401 });
  });
});
