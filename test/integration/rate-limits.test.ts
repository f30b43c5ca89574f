// The rate limits (issue 22 part 2) through the console's own route handlers, called as Next.js calls them, against
// the shared mesh's API server with the token login: the default of 10 logins a minute per client address (the 11th
// is 429 with Retry-After while another address logs in), and a change refused for its person's limit changes
// nothing, as kubectl shows. The client address is X-Forwarded-For, which `next start` sets (server/auth/rate-limit.ts).
import { DEFAULT_ADMIN_TOKEN } from '@sextant/mesh-in-a-box';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { forgetTokenStrategy, importLoginRoute, logIn, postLogin, useTokenStrategy } from '../helpers/token-login.js';
import { articleState, call, getJson, importTrafficRoutes, type TrafficRoutes } from '../helpers/traffic.js';

const mesh = inject('mesh');
const LIMIT_VARIABLES = ['SEXTANT_LOGIN_LIMIT_PER_MINUTE', 'SEXTANT_WRITE_LIMIT_PER_MINUTE', 'SEXTANT_TRUSTED_PROXIES'];
const saved = Object.fromEntries(LIMIT_VARIABLES.map((name) => [name, process.env[name]]));
// The limiters are made once per process from the settings (server/auth/io/rate-limits.ts).
const slot = globalThis as { __sextantRateLimits?: unknown };

let login: Awaited<ReturnType<typeof importLoginRoute>>;
let routes: TrafficRoutes;

beforeAll(async () => {
  // The default login limit, as a console gets it; the integration project raises the limits for the other suites.
  delete process.env['SEXTANT_LOGIN_LIMIT_PER_MINUTE'];
  delete process.env['SEXTANT_TRUSTED_PROXIES'];
  // Two changes a minute, so that the third is refused without sixty real changes first.
  process.env['SEXTANT_WRITE_LIMIT_PER_MINUTE'] = '2';
  slot.__sextantRateLimits = undefined;
  useTokenStrategy(mesh.kubeconfig);
  login = await importLoginRoute();
  routes = await importTrafficRoutes(mesh.kubeconfig);
  await articleState(mesh.kubeconfig);
});

afterAll(async () => {
  for (const [name, value] of Object.entries(saved))
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  slot.__sextantRateLimits = undefined;
  forgetTokenStrategy();
  await articleState(mesh.kubeconfig);
});

const from = (address: string) => ({ 'x-forwarded-for': address });

describe('the login limit', () => {
  it('answers the 11th login in a minute from one address 429 with Retry-After, and lets another address in', async () => {
    for (let i = 1; i <= 10; i++) {
      const res = await postLogin(login, DEFAULT_ADMIN_TOKEN, from('203.0.113.7'));
      expect(res.status, `login ${i}: ${await res.clone().text()}`).toBe(200);
    }
    const eleventh = await postLogin(login, DEFAULT_ADMIN_TOKEN, from('203.0.113.7'));
    expect(eleventh.status).toBe(429);
    const retryAfter = Number(eleventh.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(eleventh.headers.get('set-cookie')).toBeNull();
    expect(await eleventh.json()).toEqual({
      error: {
        code: 'rate_limited',
        message: `too many logins from 203.0.113.7: at most 10 a minute (SEXTANT_LOGIN_LIMIT_PER_MINUTE); try again in ${retryAfter} s`,
      },
    });

    const other = await postLogin(login, DEFAULT_ADMIN_TOKEN, from('203.0.113.8'));
    expect(other.status, await other.clone().text()).toBe(200);
  });

  it('counts a refused login too: guessing tokens is limited like logging in', async () => {
    for (let i = 0; i < 10; i++) expect((await postLogin(login, `guess-${i}`, from('198.51.100.9'))).status).toBe(401);
    expect((await postLogin(login, DEFAULT_ADMIN_TOKEN, from('198.51.100.9'))).status).toBe(429);
  });
});

describe('the change limit', () => {
  it("refuses a person's change past their limit from any address, and the VirtualService stays as it was", async () => {
    const cookie = await logIn(login, DEFAULT_ADMIN_TOKEN);
    const before = await getJson(mesh.kubeconfig, 'vs');
    const change = { weights: { v1: 50, v2: 50 } };
    for (const address of ['192.0.2.1', '192.0.2.2']) {
      const planned = await call(routes.change, { ...change, dryRun: true }, { headers: { cookie, ...from(address) } });
      expect(planned.status, JSON.stringify(planned.body)).toBe(200);
    }

    // A third change in the minute, from a third address, meant to apply 50/50.
    const refused = await call(
      routes.change,
      { ...change, resourceVersion: before.metadata.resourceVersion },
      { headers: { cookie, ...from('192.0.2.3') } },
    );
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({
      error: {
        code: 'rate_limited',
        message: expect.stringMatching(
          /^too many changes by mesh-admin: at most 2 a minute \(SEXTANT_WRITE_LIMIT_PER_MINUTE\); try again in \d+ s$/,
        ),
      },
    });

    const after = await getJson(mesh.kubeconfig, 'vs');
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    expect(after.spec).toEqual(before.spec);
  });

  it('limits changes per address before it asks who is sending them', async () => {
    for (let i = 0; i < 2; i++)
      expect((await call(routes.change, { weights: { v1: 100 } }, { headers: from('192.0.2.50') })).status).toBe(401);
    const third = await call(routes.change, { weights: { v1: 100 } }, { headers: from('192.0.2.50') });
    expect(third.status).toBe(429);
    expect((third.body['error'] as { message: string }).message).toMatch(/^too many changes from 192\.0\.2\.50: /);
  });
});
