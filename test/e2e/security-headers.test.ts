// Issue 22 part 1: every page and every route answers with the security headers (server/security-headers.ts, set in
// proxy.ts), the pages run under their CSP without a single violation, and they still hydrate: a page whose scripts
// the CSP blocked would render its server HTML and then do nothing.
import { readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, openPage, visible } from './browser.js';
import { loadDemo, type Demo } from './demo-facts.js';
import { readCanvas } from './graph-canvas.js';
import { watchPageErrors } from './watch-page-errors.js';

const ROOT = resolve(import.meta.dirname, '../..');
const consoleUrl = () => inject('e2e').consoleUrl;

// Every page of the app (app/**/page.tsx), as a person would open it on the demo.
const PAGES: Record<string, (demo: Demo) => string> = {
  'app/page.tsx': () => '/?namespaces=demo',
  'app/applications/page.tsx': () => '/applications?namespaces=demo',
  'app/graph/page.tsx': () => '/graph?namespaces=demo&refresh=off',
  'app/istio/page.tsx': () => '/istio?namespaces=demo',
  'app/istio/findings/page.tsx': () => '/istio/findings?namespaces=demo',
  'app/login/page.tsx': () => '/login',
  'app/services/page.tsx': () => '/services?namespaces=demo',
  'app/workloads/page.tsx': () => '/workloads?namespaces=demo',
  'app/namespaces/[ns]/applications/page.tsx': () => '/namespaces/demo/applications',
  'app/namespaces/[ns]/applications/[name]/page.tsx': () => '/namespaces/demo/applications/sa-logic',
  'app/namespaces/[ns]/istio/[kind]/[name]/page.tsx': () => '/namespaces/demo/istio/VirtualService/sa-logic',
  'app/namespaces/[ns]/pods/[pod]/page.tsx': ({ pod }) => `/namespaces/demo/pods/${pod}`,
  'app/namespaces/[ns]/services/page.tsx': () => '/namespaces/demo/services',
  'app/namespaces/[ns]/services/[name]/page.tsx': () => '/namespaces/demo/services/sa-logic',
  'app/namespaces/[ns]/workloads/page.tsx': () => '/namespaces/demo/workloads',
  'app/namespaces/[ns]/workloads/[name]/page.tsx': () => '/namespaces/demo/workloads/sa-logic',
};

const nowUs = () => Date.now() * 1000;
const why = () => `start=${nowUs() - 600e6}&end=${nowUs()}`;
const svc = '/api/namespaces/demo/services/sa-logic';
const wl = '/api/namespaces/demo/workloads/sa-logic';
const app = '/api/namespaces/demo/apps/sa-logic';

// Every route (app/**/route.ts), by a GET the demo answers: `status` when that is not 200 (a route that takes only
// POST answers GET with 405; the login routes of a strategy the demo does not use answer 404 or 400).
const ROUTES: Record<string, { url: (demo: Demo) => string; status?: number[] }> = {
  'app/healthz/route.ts': { url: () => '/healthz' },
  'app/readyz/route.ts': { url: () => '/readyz' },
  'app/metrics/route.ts': { url: () => '/metrics' },
  'app/api/[...path]/route.ts': { url: () => '/api/no-such-route', status: [404] },
  'app/api/auth/login/route.ts': { url: () => '/api/auth/login' },
  'app/api/auth/logout/route.ts': { url: () => '/api/auth/logout', status: [405] },
  'app/api/auth/me/route.ts': { url: () => '/api/auth/me' },
  'app/api/auth/openid/callback/route.ts': { url: () => '/api/auth/openid/callback?code=x&state=y', status: [] },
  'app/api/auth/openid/start/route.ts': { url: () => '/api/auth/openid/start?next=/', status: [] },
  'app/api/canaries/route.ts': { url: () => '/api/canaries?namespaces=demo' },
  'app/api/graph/route.ts': { url: () => '/api/graph?namespaces=demo' },
  'app/api/graph/network-time/route.ts': {
    url: ({ edge }) => `/api/graph/network-time?edge=${encodeURIComponent(edge)}`,
  },
  'app/api/graph/series/route.ts': { url: ({ node }) => `/api/graph/series?node=${encodeURIComponent(node)}` },
  'app/api/istio-config/route.ts': { url: () => '/api/istio-config?namespace=demo' },
  'app/api/istio-config/[ns]/[kind]/[name]/route.ts': { url: () => '/api/istio-config/demo/VirtualService/sa-logic' },
  'app/api/namespaces/route.ts': { url: () => '/api/namespaces' },
  'app/api/namespaces/[ns]/apps/route.ts': { url: () => '/api/namespaces/demo/apps' },
  'app/api/namespaces/[ns]/apps/[name]/route.ts': { url: () => app },
  'app/api/namespaces/[ns]/apps/[name]/metrics/route.ts': { url: () => `${app}/metrics` },
  'app/api/namespaces/[ns]/apps/[name]/traces/route.ts': { url: () => `${app}/traces` },
  'app/api/namespaces/[ns]/apps/[name]/traffic/route.ts': { url: () => `${app}/traffic` },
  'app/api/namespaces/[ns]/apps/[name]/why/route.ts': { url: () => `${app}/why?${why()}` },
  'app/api/namespaces/[ns]/authorization/simulate/route.ts': {
    url: () => '/api/namespaces/demo/authorization/simulate',
    status: [405],
  },
  'app/api/namespaces/[ns]/pods/[pod]/route.ts': { url: ({ pod }) => `/api/namespaces/demo/pods/${pod}` },
  'app/api/namespaces/[ns]/pods/[pod]/logs/route.ts': { url: ({ pod }) => `/api/namespaces/demo/pods/${pod}/logs` },
  'app/api/namespaces/[ns]/pods/[pod]/envoy/[section]/route.ts': {
    url: ({ pod }) => `/api/namespaces/demo/pods/${pod}/envoy/clusters`,
  },
  'app/api/namespaces/[ns]/pods/[pod]/envoy/admin/route.ts': {
    url: ({ pod }) => `/api/namespaces/demo/pods/${pod}/envoy/admin?path=/server_info`,
  },
  'app/api/namespaces/[ns]/pods/[pod]/envoy/diff/route.ts': {
    url: ({ pod, otherPod }) => `/api/namespaces/demo/pods/${pod}/envoy/diff?with=${otherPod}`,
  },
  'app/api/namespaces/[ns]/services/route.ts': { url: () => '/api/namespaces/demo/services' },
  'app/api/namespaces/[ns]/services/[name]/route.ts': { url: () => svc },
  'app/api/namespaces/[ns]/services/[name]/canary/route.ts': { url: () => `${svc}/canary`, status: [] },
  'app/api/namespaces/[ns]/services/[name]/canary/[action]/route.ts': {
    url: () => `${svc}/canary/pause`,
    status: [405],
  },
  'app/api/namespaces/[ns]/services/[name]/metrics/route.ts': { url: () => `${svc}/metrics` },
  'app/api/namespaces/[ns]/services/[name]/traces/route.ts': { url: () => `${svc}/traces` },
  'app/api/namespaces/[ns]/services/[name]/traffic/route.ts': { url: () => `${svc}/traffic` },
  'app/api/namespaces/[ns]/services/[name]/traffic/history/route.ts': { url: () => `${svc}/traffic/history` },
  'app/api/namespaces/[ns]/services/[name]/traffic/rollback/route.ts': {
    url: () => `${svc}/traffic/rollback`,
    status: [405],
  },
  'app/api/namespaces/[ns]/services/[name]/traffic/routing/route.ts': { url: () => `${svc}/traffic/routing` },
  'app/api/namespaces/[ns]/services/[name]/why/route.ts': { url: () => `${svc}/why?${why()}` },
  'app/api/namespaces/[ns]/workloads/route.ts': { url: () => '/api/namespaces/demo/workloads' },
  'app/api/namespaces/[ns]/workloads/[name]/route.ts': { url: () => wl },
  'app/api/namespaces/[ns]/workloads/[name]/metrics/route.ts': { url: () => `${wl}/metrics` },
  'app/api/namespaces/[ns]/workloads/[name]/security/route.ts': { url: () => `${wl}/security` },
  'app/api/namespaces/[ns]/workloads/[name]/traces/route.ts': { url: () => `${wl}/traces` },
  'app/api/namespaces/[ns]/workloads/[name]/traffic/route.ts': { url: () => `${wl}/traffic` },
  'app/api/namespaces/[ns]/workloads/[name]/why/route.ts': { url: () => `${wl}/why?${why()}` },
  'app/api/prometheus/route.ts': { url: () => '/api/prometheus' },
  'app/api/traces/[traceId]/route.ts': { url: ({ traceId }) => `/api/traces/${traceId}` },
  'app/api/traces/[traceId]/logs/route.ts': { url: ({ traceId }) => `/api/traces/${traceId}/logs` },
  'app/api/validations/route.ts': { url: () => '/api/validations?namespace=demo' },
  'app/api/validations/[ns]/[kind]/[name]/route.ts': { url: () => '/api/validations/demo/VirtualService/sa-logic' },
};

const appFiles = (name: string) =>
  readdirSync(join(ROOT, 'app'), { recursive: true, encoding: 'utf8' })
    .filter((file) => basename(file) === name)
    .map((file) => join('app', file))
    .sort();

/** The nonce of a policy's script-src, or null. */
const nonceOf = (csp: string | null) => /'nonce-([^']+)'/.exec(csp ?? '')?.[1] ?? null;

/** Asserts the headers every response carries; returns the CSP. */
function expectSecurityHeaders(what: string, headers: Headers): string {
  const csp = headers.get('content-security-policy');
  expect(csp, `${what}: Content-Security-Policy`).toBeTruthy();
  const scripts = /(?:^|;)\s*script-src ([^;]*)/.exec(csp!)?.[1] ?? '';
  expect(scripts, `${what}: script-src`).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
  expect(scripts, `${what}: script-src`).toContain("'strict-dynamic'");
  expect(scripts, `${what}: script-src`).not.toContain("'unsafe-inline'");
  for (const directive of ["object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'", "form-action 'self'"])
    expect(csp, `${what}: ${directive}`).toContain(directive);
  expect(headers.get('x-content-type-options'), `${what}: X-Content-Type-Options`).toBe('nosniff');
  expect(headers.get('referrer-policy'), `${what}: Referrer-Policy`).toBe('same-origin');
  expect(headers.get('x-frame-options'), `${what}: X-Frame-Options`).toBe('DENY');
  expect(headers.get('strict-transport-security'), `${what}: no HSTS over plain http`).toBeNull();
  return csp!;
}

// Recorded in the page before any of its scripts run: what the CSP refused, as the browser reports it.
const RECORD_VIOLATIONS = `(() => {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) =>
    window.__cspViolations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber));
})()`;

describe('security headers', () => {
  let browser: Browser;
  let demo: Demo;
  beforeAll(async () => {
    [browser, demo] = await Promise.all([launchChromium(), loadDemo(consoleUrl())]);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('walks every page of the app', () => {
    expect(Object.keys(PAGES).sort()).toEqual(appFiles('page.tsx'));
  });

  it('calls every route of the app', () => {
    expect(Object.keys(ROUTES).sort()).toEqual(appFiles('route.ts'));
  });

  it('serves every page, and the 404 page, with the headers and a nonce on all its scripts, hydrated, without a CSP violation', async () => {
    const page: Page = await openPage(browser, consoleUrl());
    await page.context().addInitScript(RECORD_VIOLATIONS);
    const errors = watchPageErrors(page);
    const nonces = new Set<string>();
    try {
      // Next's 404 page too (app/not-found.tsx): it is prerendered at build time unless the layout says otherwise.
      const walk: [file: string, url: string, status: number][] = [
        ...Object.entries(PAGES).map(([file, urlOf]): [string, string, number] => [file, urlOf(demo), 200]),
        ['app/not-found.tsx', '/no-such-page', 404],
      ];
      for (const [file, url, status] of walk) {
        const response = await page.goto(url);
        expect(response?.status(), `${url} (${file})`).toBe(status);
        const csp = expectSecurityHeaders(url, new Headers(await response!.allHeaders()));
        const nonce = nonceOf(csp)!;
        nonces.add(nonce);
        // Next put the request's nonce on every script of the HTML it rendered (a prerendered page would carry none).
        // Scripts the page adds later (lazy chunks) need none: 'strict-dynamic' trusts what a nonced script loads.
        const scriptTags = (await response!.text()).match(/<script\b[^>]*>/g) ?? [];
        const scriptNonces = scriptTags.map((tag) => /\snonce="([^"]*)"/.exec(tag)?.[1] ?? '');
        expect(scriptNonces.length, `${url}: scripts`).toBeGreaterThan(0);
        expect(new Set(scriptNonces), `${url}: the nonce of every script`).toEqual(new Set([nonce]));
        // React hydrated the server's HTML: it marks each node it took over with its fiber.
        await page.waitForFunction(() => Object.keys(document.body).some((k) => k.startsWith('__reactFiber')), null, {
          timeout: 20_000,
        });
        await visible(page.getByRole('main'));
        if (file === 'app/graph/page.tsx') {
          await visible(page.getByRole('img', { name: /graph of namespace/ }), 30_000);
          await expect.poll(async () => (await readCanvas(page))?.laidOut ?? false, { timeout: 20_000 }).toBe(true);
          const drawn = await readCanvas(page);
          expect(drawn!.nodes.length, 'nodes cytoscape drew on the graph page').toBeGreaterThan(0);
        }
        expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual(
          [],
        );
      }
      expect(errors.problems.filter((p) => /Content Security Policy|Refused to/i.test(p))).toEqual([]);
      expect(nonces.size, 'a fresh nonce per page').toBe(walk.length);
    } finally {
      await page.context().close();
    }
  });

  it('answers every route, probe, metrics and API, with the headers', async () => {
    const unexpected: string[] = [];
    for (const [file, { url, status = [200] }] of Object.entries(ROUTES)) {
      const path = url(demo);
      const res = await fetch(new URL(path, consoleUrl()), { redirect: 'manual' });
      const body = await res.text();
      const expected = status.length > 0 ? status.includes(res.status) : res.status < 500;
      if (!expected) unexpected.push(`${path} (${file}) answered ${res.status}: ${body.slice(0, 200)}`);
      expectSecurityHeaders(path, res.headers);
    }
    expect(unexpected).toEqual([]);
  });

  it("serves Next's static files, the icon and the favicon with the headers", async () => {
    const html = await (await fetch(new URL('/login', consoleUrl()))).text();
    const chunk = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
    expect(chunk, 'a script of the login page').toBeTruthy();
    for (const path of [chunk!, '/icon.svg', '/favicon.ico']) {
      const res = await fetch(new URL(path, consoleUrl()));
      await res.body?.cancel();
      expect(res.status, path).toBe(200);
      expectSecurityHeaders(path, res.headers);
    }
  });

  it('adds HSTS only when a proxy says the browser came over https', async () => {
    const viaTls = await fetch(new URL('/healthz', consoleUrl()), { headers: { 'x-forwarded-proto': 'https' } });
    expect(viaTls.headers.get('strict-transport-security')).toBe('max-age=31536000');
    const plain = await fetch(new URL('/healthz', consoleUrl()));
    expect(plain.headers.get('strict-transport-security')).toBeNull();
  });
});
