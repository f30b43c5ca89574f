// Logging in through a real OpenID provider (oidc-provider on loopback, the article's users) in Chromium: the login
// page sends the person to the provider and back, /api/auth/me names them with their groups, the ID token is
// refreshed, logout ends the session at the console and at the provider, and an expired session is refused.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ConsoleProcess } from '../../scripts/console-process.js';
import { SESSION_COOKIE, sealSession, sessionKey } from '../../server/auth/session-cookie.js';
import { launchChromium, openPage, visible } from './browser.js';
import { startOpenidConsole, TEST_SESSION_SECRET } from './auth-console.js';
import {
  forgetModerators,
  letModeratorsChangeTraffic,
  logInAtProvider,
  type LocalOidcProvider,
} from './auth-oidc-provider.js';

let browser: Browser;
let provider: LocalOidcProvider;
let consoleApp: ConsoleProcess;
const { kubeconfig } = inject('e2e');

beforeAll(async () => {
  // An ID token of 75 s comes within the console's refresh margin (60 s) after 15 s.
  ({ provider, consoleApp } = await startOpenidConsole({ kubeconfig, idTokenSeconds: 75 }));
  browser = await launchChromium();
  await letModeratorsChangeTraffic(kubeconfig);
});

afterAll(async () => {
  await browser?.close();
  await consoleApp?.stop();
  await provider?.stop();
  await forgetModerators(kubeconfig);
});

describe('the openid login against a real OpenID provider', () => {
  it('sends a person to the login page, through the provider and back, names moderator with the moderator group, and logs out', async () => {
    const page = await openPage(browser, consoleApp.url);
    try {
      // Before logging in, the API refuses with the console's error body, and a page sends the person to /login.
      const refused = await page.request.get('/api/namespaces');
      expect(refused.status()).toBe(401);
      expect(await refused.json()).toEqual({
        error: { code: 'unauthenticated', message: 'log in first: this console uses the openid login (open /login)' },
      });
      await page.goto('/workloads?namespaces=demo');
      await page.waitForURL(/\/login\?next=%2Fworkloads%3Fnamespaces%3Ddemo/);

      await logInAtProvider(page, { provider, consoleUrl: consoleApp.url, user: 'moderator' });
      expect(new URL(page.url()).pathname).toBe('/workloads');
      const menu = await visible(page.getByRole('group', { name: 'Signed-in user' }));
      expect(await menu.innerText()).toMatch(/moderator\s*\(moderator\)/);

      const me = await page.request.get('/api/auth/me');
      expect(me.status()).toBe(200);
      // The console impersonates moderator with its group: the API server's RBAC answers for them.
      expect(await me.json()).toMatchObject({
        user: 'moderator',
        groups: ['moderator'],
        strategy: 'openid',
        can: { namespace: null, changeTraffic: true },
      });
      expect((await page.request.get('/api/namespaces')).status()).toBe(200);

      // 16 s on, the ID token has less than a minute left: the next call refreshes it and sends a new cookie.
      const sessionCookie = async () => (await page.context().cookies()).find((c) => c.name === SESSION_COOKIE)?.value;
      const before = await sessionCookie();
      await new Promise((r) => setTimeout(r, 16_000));
      const refreshed = await page.request.get('/api/auth/me');
      expect(refreshed.status()).toBe(200);
      expect(await sessionCookie()).not.toBe(before);
      expect((await refreshed.json()).user).toBe('moderator');

      await page.getByRole('button', { name: 'Log out' }).click();
      // The provider asks whether to end its own session too, then sends the person back to the login page.
      await page.waitForURL((url) => url.origin === provider.issuer);
      await page.getByRole('button', { name: 'Yes, sign me out' }).click();
      await page.waitForURL((url) => url.origin === consoleApp.url && url.pathname === '/login');
      const after = await page.request.get('/api/auth/me');
      expect(after.status()).toBe(401);
      expect((await after.json()).error.code).toBe('unauthenticated');
      expect((await page.request.get('/api/namespaces')).status()).toBe(401);
    } finally {
      await page.context().close();
    }
  });

  it('names user with no groups', async () => {
    const page = await openPage(browser, consoleApp.url);
    try {
      await page.goto('/login');
      await logInAtProvider(page, { provider, consoleUrl: consoleApp.url, user: 'user' });
      const me = await (await page.request.get('/api/auth/me')).json();
      expect(me).toMatchObject({
        user: 'user',
        groups: [],
        strategy: 'openid',
        console: null,
        can: { namespace: null, changeTraffic: false },
      });
    } finally {
      await page.context().close();
    }
  });

  it('refuses an expired session with a 401 that says so', async () => {
    const page = await openPage(browser, consoleApp.url);
    try {
      const nowSeconds = Math.floor(Date.now() / 1000);
      const expired = await sealSession(
        {
          name: 'beta',
          groups: [],
          strategy: 'openid',
          credentials: { kind: 'impersonate', user: 'beta', groups: [] },
          expiresAt: nowSeconds - 5,
        },
        sessionKey(TEST_SESSION_SECRET),
      );
      await page.context().addCookies([{ name: SESSION_COOKIE, value: expired, url: consoleApp.url }]);
      const me = await page.request.get('/api/auth/me');
      expect(me.status()).toBe(401);
      expect(await me.json()).toEqual({
        error: { code: 'unauthenticated', message: 'your session has expired; log in again' },
      });
      await page.goto('/graph?namespaces=demo');
      await page.waitForURL(/\/login\?next=/);
    } finally {
      await page.context().close();
    }
  });
});
