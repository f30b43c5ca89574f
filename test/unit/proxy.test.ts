import { NextRequest } from 'next/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { proxy } from '../../proxy.js';

const csp = (res: Response) => res.headers.get('content-security-policy') ?? '';
const nonceOf = (policy: string) => /'nonce-([^']+)'/.exec(policy)?.[1];

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('proxy', () => {
  it('passes a page on with the security headers and a fresh nonce per request', () => {
    vi.stubEnv('SEXTANT_AUTH_STRATEGY', 'anonymous');
    const first = proxy(new NextRequest('http://console.test/graph?namespaces=demo'));
    const second = proxy(new NextRequest('http://console.test/graph?namespaces=demo'));
    expect(first.headers.get('location')).toBeNull();
    expect(first.headers.get('x-content-type-options')).toBe('nosniff');
    expect(first.headers.get('strict-transport-security')).toBeNull();
    expect(nonceOf(csp(first))).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(nonceOf(csp(second))).not.toBe(nonceOf(csp(first)));
  });

  it('hands the same policy to Next in the request, where it reads the nonce for its scripts', () => {
    vi.stubEnv('SEXTANT_AUTH_STRATEGY', 'anonymous');
    const res = proxy(new NextRequest('http://console.test/'));
    // NextResponse.next({ request: { headers } }) passes request headers on as x-middleware-request-<name>.
    expect(res.headers.get('x-middleware-request-content-security-policy')).toBe(csp(res));
  });

  it('sends a page without a session to the login, with the headers, when the strategy keeps sessions', () => {
    vi.stubEnv('SEXTANT_AUTH_STRATEGY', 'token');
    vi.stubEnv('SEXTANT_SESSION_SECRET', 'a'.repeat(48));
    const res = proxy(new NextRequest('https://console.test/workloads?namespaces=demo'));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('https://console.test/login?next=%2Fworkloads%3Fnamespaces%3Ddemo');
    expect(csp(res)).toContain("frame-ancestors 'none'");
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000');
  });

  it('lets the API, the login page and a page with a session cookie through, with the headers', () => {
    vi.stubEnv('SEXTANT_AUTH_STRATEGY', 'token');
    vi.stubEnv('SEXTANT_SESSION_SECRET', 'a'.repeat(48));
    const withCookie = new NextRequest('http://console.test/graph', { headers: { cookie: 'sextant_session=x' } });
    for (const req of [
      new NextRequest('http://console.test/api/graph'),
      new NextRequest('http://console.test/login'),
      withCookie,
    ]) {
      const res = proxy(req);
      expect(res.headers.get('location'), req.nextUrl.pathname).toBeNull();
      expect(res.headers.get('x-frame-options'), req.nextUrl.pathname).toBe('DENY');
    }
  });

  it('refuses an API path whose percent-encoding does not decode with a JSON 400 and the headers, before Next matches a route', async () => {
    vi.stubEnv('SEXTANT_AUTH_STRATEGY', 'anonymous');
    const res = proxy(new NextRequest('http://console.test/api/namespaces/demo/apps/%zz/metrics'));
    expect(res.status).toBe(400);
    expect(csp(res)).toContain("frame-ancestors 'none'");
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('bad_request');
    expect(body.error.message).toMatch(/^the path holds a % that starts no percent-encoded character/);
    const page = proxy(new NextRequest('http://console.test/namespaces/%E0%A4%A/workloads'));
    expect(page.status).toBe(400);
    expect(await page.text()).toMatch(/^Bad request: the path holds a %/);
  });
});
