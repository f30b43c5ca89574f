// The demo's default, the anonymous strategy: no login, and every page says who anyone who opens it acts as.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { visible } from './browser.js';
import { pagePerTest } from './page-per-test.js';

let page: Page;
pagePerTest((opened) => (page = opened), { watchErrors: true });

describe('the anonymous strategy', () => {
  it('warns on every page that anyone acts as the console’s own identity, and with which rights', async () => {
    const banner =
      "Anyone who can open this page can act as the console's own Kubernetes identity (mesh-admin) in groups " +
      'system:masters, system:authenticated: it may change traffic routing in every namespace. No login is ' +
      'configured (SEXTANT_AUTH_STRATEGY=anonymous).';
    await page.goto('/');
    await visible(page.getByText(banner, { exact: true }));
    await page.goto('/workloads?namespaces=demo');
    await visible(page.getByText(banner, { exact: true }));
    expect(await page.getByRole('button', { name: 'Log out' }).count()).toBe(0);

    const me = await page.request.get('/api/auth/me');
    expect(await me.json()).toEqual({
      user: 'anonymous',
      groups: [],
      strategy: 'anonymous',
      can: { namespace: null, changeTraffic: true },
      console: { user: 'mesh-admin', groups: ['system:masters', 'system:authenticated'] },
      expiresAt: null,
    });
    const options = await page.request.get('/api/auth/login');
    expect(await options.json()).toEqual({ strategy: 'anonymous', openid: null });
  });
});
