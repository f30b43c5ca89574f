// The openid demo's login (`SEXTANT_AUTH_STRATEGY=openid npm run demo`) in Chromium: the console sends the person to
// the mesh's simulated Keycloak through its ingress gateway, they log in on its form as the article's moderator, and
// come back named moderator with the group moderator, which the mesh's API server, trusting that Keycloak for the ID
// token the console sends, lets change traffic in demo. This suite starts its own mesh: the shared one's API server
// was started without --oidc-* flags, and Keycloak's issuer (the ingress' URL) is known only once a port is chosen.
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startMeshChild, type MeshChild } from '@sextant/mesh-in-a-box';
import type { ConsoleProcess } from '../../scripts/console-process.js';
import { demoOpenid, grantArticleUsers, type DemoOpenid } from '../../scripts/demo-openid.js';
import { startConsoleWithLogin } from './auth-console.js';
import { launchChromium, openPage, visible } from './browser.js';

const ROOT = resolve(import.meta.dirname, '../..');
let browser: Browser;
let mesh: MeshChild;
let consoleApp: ConsoleProcess;
let openid: DemoOpenid;

beforeAll(async () => {
  openid = (await demoOpenid({
    env: { SEXTANT_AUTH_STRATEGY: 'openid' },
    scenario: 'sentiment-analysis',
    meshHost: '127.0.0.1',
    ingressPort: () => freePort(),
  }))!;
  mesh = await startMeshChild({ args: ['--scenario', 'sentiment-analysis', ...openid.meshArgs] });
  await grantArticleUsers(ROOT, mesh.kubeconfig);
  consoleApp = await startConsoleWithLogin({
    port: await freePort(),
    kubeconfig: mesh.kubeconfig,
    env: { SEXTANT_AUTH_STRATEGY: 'openid', ...openid.consoleEnv },
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await consoleApp?.stop();
  await mesh?.stop();
});

describe("the openid demo's login at the mesh's Keycloak", () => {
  it("logs moderator in on Keycloak's form (after a wrong password) and names them with their group and its rights", async () => {
    const page = await openPage(browser, consoleApp.url);
    try {
      await page.goto('/workloads?namespaces=demo');
      await page.waitForURL(/\/login\?next=/);
      await page.getByRole('link', { name: `Log in with ${openid.issuer}` }).click();
      await page.waitForURL((url) => url.href.startsWith(`${openid.issuer}/protocol/openid-connect/auth?`));

      await page.getByLabel('Username or email').fill('moderator');
      await page.getByLabel('Password').fill('not the password');
      await page.getByRole('button', { name: 'Sign In' }).click();
      await visible(page.getByText('Invalid username or password.'));
      expect(await page.getByLabel('Username or email').inputValue()).toBe('moderator');

      await page.getByLabel('Password').fill('password');
      await page.getByRole('button', { name: 'Sign In' }).click();
      await page.waitForURL((url) => url.origin === consoleApp.url && url.pathname === '/workloads', {
        timeout: 20_000,
      });
      const menu = await visible(page.getByRole('group', { name: 'Signed-in user' }));
      expect(await menu.innerText()).toMatch(/moderator\s*\(moderator\)/);

      // The console sends the ID token itself: the mesh's API server names the person from it, and its RBAC answers.
      const me = await page.request.get('/api/auth/me?namespace=demo');
      expect(await me.json()).toMatchObject({
        user: 'moderator',
        groups: ['moderator'],
        strategy: 'openid',
        can: { namespace: 'demo', changeTraffic: true },
      });
      expect((await page.request.get('/api/namespaces')).status()).toBe(200);
    } finally {
      await page.context().close();
    }
  });

  it('gives user a view of demo that may not change its traffic', async () => {
    const page = await openPage(browser, consoleApp.url);
    try {
      await page.goto('/login');
      await page.getByRole('link', { name: `Log in with ${openid.issuer}` }).click();
      await page.getByLabel('Username or email').fill('user');
      await page.getByLabel('Password').fill('password');
      await page.getByRole('button', { name: 'Sign In' }).click();
      await page.waitForURL((url) => url.origin === consoleApp.url, { timeout: 20_000 });
      const me = await page.request.get('/api/auth/me?namespace=demo');
      expect(await me.json()).toMatchObject({
        user: 'user',
        groups: ['users'],
        can: { namespace: 'demo', changeTraffic: false },
      });
    } finally {
      await page.context().close();
    }
  });
});
