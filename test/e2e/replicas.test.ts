// Issue 22 part 4: several replicas behind one Service serve one person. A session is a sealed cookie, not a replica's
// memory: logged in at one replica, the person is known at another that has the same SEXTANT_SESSION_SECRET (the
// Deployment gives every replica the one Secret), and refused in words at a console with another secret.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort, kubectl } from '@sextant/mesh-in-a-box';
import { CSRF_HEADER } from '../../lib/api/csrf.js';
import type { ConsoleProcess } from '../../scripts/console-process.js';
import { startConsoleWithLogin } from './auth-console.js';

const { kubeconfig } = inject('e2e');
const ACCOUNT = 'e2e-replicas';
let replicas: ConsoleProcess[] = [];
let stranger: ConsoleProcess | undefined;

beforeAll(async () => {
  const token = { SEXTANT_AUTH_STRATEGY: 'token' };
  const [a, b, c] = await Promise.all([
    (async () => startConsoleWithLogin({ port: await freePort(), kubeconfig, env: token }))(),
    (async () => startConsoleWithLogin({ port: await freePort(), kubeconfig, env: token }))(),
    (async () =>
      startConsoleWithLogin({
        port: await freePort(),
        kubeconfig,
        env: { ...token, SEXTANT_SESSION_SECRET: 'another-deployment-secret-0123456789abcdef' },
      }))(),
    kubectl(kubeconfig, ['create', 'serviceaccount', ACCOUNT, '-n', 'demo']),
  ]);
  replicas = [a!, b!];
  stranger = c;
});

afterAll(async () => {
  await Promise.all([...replicas, stranger].map((r) => r?.stop()));
  await kubectl(kubeconfig, ['delete', 'serviceaccount', ACCOUNT, '-n', 'demo', '--ignore-not-found']);
});

const me = (console: ConsoleProcess, cookie: string) =>
  fetch(`${console.url}/api/auth/me`, { headers: { cookie } }).then(async (r) => ({
    status: r.status,
    body: (await r.json()) as { user?: string; error?: { code: string; message: string } },
  }));

describe('replicas of one console', () => {
  it('know a person logged in at another replica, and a console with another secret refuses the cookie in words', async () => {
    const token = (await kubectl(kubeconfig, ['create', 'token', ACCOUNT, '-n', 'demo'])).trim();
    const [first, second] = replicas;
    const login = await fetch(`${first!.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1' },
      body: JSON.stringify({ token }),
    });
    expect(login.status, await login.clone().text()).toBe(200);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .join('; ');
    expect(cookie).toMatch(/^sextant_session=/);

    const person = `system:serviceaccount:demo:${ACCOUNT}`;
    expect(await me(first!, cookie)).toMatchObject({ status: 200, body: { user: person } });
    expect(await me(second!, cookie)).toMatchObject({ status: 200, body: { user: person } });

    const refused = await me(stranger!, cookie);
    expect(refused.status).toBe(401);
    expect(refused.body.error?.message).toMatch(/session/i);
  });
});
