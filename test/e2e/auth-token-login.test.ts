// The token strategy in Chromium: the login page's token box refuses a token the API server does not know with its
// words, takes a ServiceAccount token from `kubectl create token`, names the account in the header, and logs out.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort, kubectl } from '@sextant/mesh-in-a-box';
import type { ConsoleProcess } from '../../scripts/console-process.js';
import { launchChromium, openPage, visible } from './browser.js';
import { startConsoleWithLogin } from './auth-console.js';

let browser: Browser;
let consoleApp: ConsoleProcess;
let token: string;
const { kubeconfig } = inject('e2e');

beforeAll(async () => {
  consoleApp = await startConsoleWithLogin({
    port: await freePort(),
    kubeconfig,
    env: { SEXTANT_AUTH_STRATEGY: 'token' },
  });
  browser = await launchChromium();
  await kubectl(kubeconfig, ['create', 'serviceaccount', 'e2e-login', '-n', 'demo']);
  token = (await kubectl(kubeconfig, ['create', 'token', 'e2e-login', '-n', 'demo'])).trim();
});

afterAll(async () => {
  await browser?.close();
  await consoleApp?.stop();
  await kubectl(kubeconfig, ['delete', 'serviceaccount', 'e2e-login', '-n', 'demo', '--ignore-not-found']);
});

describe('the token login page', () => {
  it('refuses an unknown token with the API server’s words, logs a ServiceAccount token in, and logs out', async () => {
    const page = await openPage(browser, consoleApp.url);
    try {
      await page.goto('/services?namespaces=demo');
      await page.waitForURL(/\/login\?next=%2Fservices/);
      const box = await visible(page.getByRole('textbox', { name: 'Kubernetes bearer token' }));

      await box.fill('not-a-token-of-this-cluster');
      await page.getByRole('button', { name: 'Log in' }).click();
      const alert = await visible(page.getByRole('alert').filter({ hasText: 'Login refused' }));
      expect(await alert.innerText()).toMatch(
        /^Login refused: the Kubernetes API at \S+ refused this token: .+ It may have expired or been revoked, or belong to another cluster$/,
      );

      await box.fill(token);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL((url) => url.pathname === '/services');
      const menu = await visible(page.getByRole('group', { name: 'Signed-in user' }));
      expect(await menu.innerText()).toContain('system:serviceaccount:demo:e2e-login');

      await page.getByRole('button', { name: 'Log out' }).click();
      await page.waitForURL((url) => url.pathname === '/login');
      expect((await page.request.get('/api/auth/me')).status()).toBe(401);
    } finally {
      await page.context().close();
    }
  });
});
