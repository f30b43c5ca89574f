// What logging in adds to an API call (issue 21's budget: under 5 ms p95): a trivial route through jsonRoute, timed
// without a login (anonymous) and with a token session's cookie to decrypt (token). Prints one JSON line.
import { z } from 'zod';
import { apiRoute } from '../lib/api/api-route.js';
import { sealSession, sessionKey, SESSION_COOKIE } from '../server/auth/session-cookie.js';

const CALLS = 20_000;
const secret = 'bench-session-secret-0123456789abcdef';
const route = apiRoute('/api/bench', z.object({ ok: z.boolean() }));

async function p95(strategy: 'anonymous' | 'token', cookie: string): Promise<{ p50Ms: number; p95Ms: number }> {
  process.env['SEXTANT_AUTH_STRATEGY'] = strategy;
  process.env['SEXTANT_SESSION_SECRET'] = secret;
  (globalThis as { __sextantAuth?: unknown }).__sextantAuth = undefined;
  const { jsonRoute } = await import('../server/http.js');
  const handler = jsonRoute(route, () => ({ ok: true }));
  const times: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const req = new Request('http://console/api/bench', { headers: { cookie: `${SESSION_COOKIE}=${cookie}` } });
    const started = performance.now();
    const res = await handler(req, { params: Promise.resolve({}) });
    times.push(performance.now() - started);
    if (res.status !== 200) throw new Error(`${strategy}: the route answered ${res.status}`);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => Math.round(times[Math.floor(q * (times.length - 1))]! * 1000) / 1000;
  return { p50Ms: at(0.5), p95Ms: at(0.95) };
}

const cookie = await sealSession(
  {
    name: 'system:serviceaccount:demo:viewer',
    groups: ['system:serviceaccounts', 'system:serviceaccounts:demo', 'system:authenticated'],
    strategy: 'token',
    // A ServiceAccount token from TokenRequest is about a kilobyte.
    credentials: { kind: 'token', token: 'x'.repeat(1000) },
    expiresAt: Math.floor(Date.now() / 1000) + 3600,
  },
  sessionKey(secret),
);
const anonymous = await p95('anonymous', cookie);
const token = await p95('token', cookie);
console.log(
  JSON.stringify({
    calls: CALLS,
    cookieBytes: cookie.length,
    anonymousP95Ms: anonymous.p95Ms,
    tokenP95Ms: token.p95Ms,
    addedP95Ms: Math.round((token.p95Ms - anonymous.p95Ms) * 1000) / 1000,
    addedP50Ms: Math.round((token.p50Ms - anonymous.p50Ms) * 1000) / 1000,
  }),
);
