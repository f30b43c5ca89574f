// The console under the token strategy in an integration test: its route handlers called as Next.js calls them,
// a person logged in through POST /api/auth/login {token} with the console's CSRF header, and the session cookie the
// answer sets sent back on their next requests.
import { expect } from 'vitest';
import { CSRF_HEADER } from '../../lib/api/csrf.js';
import { kubectl } from './kubectl.js';

export type Handler = (
  req: Request,
  context: { params: Promise<Record<string, string | string[]>> },
) => Promise<Response>;

// The auth runtime keeps its configuration on globalThis (server/auth/io/auth-runtime.ts), read on first use.
const slot = globalThis as { __sextantAuth?: unknown };

/** Sets the token strategy up for the route modules imported after this call. */
export function useTokenStrategy(kubeconfig: string): void {
  process.env['KUBECONFIG'] = kubeconfig;
  process.env['SEXTANT_AUTH_STRATEGY'] = 'token';
  process.env['SEXTANT_SESSION_SECRET'] = 'integration-session-secret-0123456789abcdef';
  slot.__sextantAuth = undefined;
}

export function forgetTokenStrategy(): void {
  for (const name of ['SEXTANT_AUTH_STRATEGY', 'SEXTANT_SESSION_SECRET']) delete process.env[name];
  slot.__sextantAuth = undefined;
}

export async function importLoginRoute(): Promise<Handler> {
  return (await import('../../app/api/auth/login/route.js')).POST as Handler;
}

/** POST /api/auth/login {token}, as the login page sends it (with the CSRF header, unless `headers` says otherwise). */
export function postLogin(login: Handler, token: string, headers: Record<string, string> = {}): Promise<Response> {
  return login(
    new Request('http://console/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1', ...headers },
      body: JSON.stringify({ token }),
    }),
    { params: Promise.resolve({}) },
  );
}

/** The `name=value` part of the response's session cookie. */
export function sessionOf(res: Response): string {
  const cookie = res.headers.get('set-cookie') ?? '';
  expect(cookie).toMatch(/^sextant_session=[^;]+; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/);
  return cookie.split(';')[0]!;
}

/** Logs `token` in and answers the session cookie to send with that person's requests. */
export async function logIn(login: Handler, token: string): Promise<string> {
  const res = await postLogin(login, token);
  expect(res.status, await res.clone().text()).toBe(200);
  return sessionOf(res);
}

/** GET `path` with the session cookie, if any, and the route's path parameters. */
export function getAs(
  handler: Handler,
  path: string,
  { cookie, params = {} }: { cookie?: string; params?: Record<string, string> } = {},
): Promise<Response> {
  return handler(new Request(`http://console${path}`, { headers: cookie ? { cookie } : {} }), {
    params: Promise.resolve(params),
  });
}

/**
 * A ServiceAccount of demo bound to the `view` ClusterRole there, with a `kubectl create token` token: a person who
 * may look at demo and nothing else. `remove` deletes the binding and the account.
 */
export async function demoViewer(
  kubeconfig: string,
  name: string,
): Promise<{ token: string; remove(): Promise<void> }> {
  await kubectl(kubeconfig, ['create', 'serviceaccount', name, '-n', 'demo']);
  await kubectl(kubeconfig, [
    ...['create', 'rolebinding', `${name}-view`, '--clusterrole=view'],
    ...[`--serviceaccount=demo:${name}`, '-n', 'demo'],
  ]);
  const token = (await kubectl(kubeconfig, ['create', 'token', name, '-n', 'demo'])).trim();
  return {
    token,
    async remove() {
      await kubectl(kubeconfig, ['delete', 'rolebinding', `${name}-view`, '-n', 'demo', '--ignore-not-found']);
      await kubectl(kubeconfig, ['delete', 'serviceaccount', name, '-n', 'demo', '--ignore-not-found']);
    },
  };
}
