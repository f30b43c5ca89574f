// The openid login without impersonation: the console hands the user's ID token to an API server that trusts the
// provider (the mesh in a box started with kube-apiserver's --oidc-* flags), which names the user and their groups
// from the token and answers for them with its RBAC.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startMeshChild, type MeshChild } from '@sextant/mesh-in-a-box';
import type { ConsoleProcess } from '../../scripts/console-process.js';
import { launchChromium, openPage } from './browser.js';
import { startConsoleWithLogin } from './auth-console.js';
import {
  forgetModerators,
  letModeratorsChangeTraffic,
  logInAtProvider,
  startOidcProvider,
  type LocalOidcProvider,
} from './auth-oidc-provider.js';

let browser: Browser;
let provider: LocalOidcProvider;
let mesh: MeshChild;
let consoleApp: ConsoleProcess;

beforeAll(async () => {
  const [consolePort, providerPort] = [await freePort(), await freePort()];
  provider = await startOidcProvider({
    port: providerPort,
    consoleUrl: `http://127.0.0.1:${consolePort}`,
    idTokenSeconds: 600,
  });
  mesh = await startMeshChild({
    args: [
      ...['--oidc-issuer-url', provider.issuer, '--oidc-client-id', provider.clientId],
      ...['--oidc-username-prefix', '-', '--oidc-groups-claim', 'groups'],
    ],
  });
  await letModeratorsChangeTraffic(mesh.kubeconfig);
  consoleApp = await startConsoleWithLogin({
    port: consolePort,
    kubeconfig: mesh.kubeconfig,
    env: {
      SEXTANT_AUTH_STRATEGY: 'openid',
      SEXTANT_OIDC_ISSUER: provider.issuer,
      SEXTANT_OIDC_CLIENT_ID: provider.clientId,
      SEXTANT_OIDC_SCOPES: 'openid profile groups',
    },
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await consoleApp?.stop();
  if (mesh) await forgetModerators(mesh.kubeconfig);
  await mesh?.stop();
  await provider?.stop();
});

describe('the openid login with the ID token as the bearer', () => {
  it.each([
    ['moderator', ['moderator'], true],
    ['beta', [], false],
  ])('lets the API server judge %s by the ID token: groups %j, may change traffic: %s', async (user, groups, may) => {
    const page = await openPage(browser, consoleApp.url);
    try {
      await page.goto('/login');
      await logInAtProvider(page, { provider, consoleUrl: consoleApp.url, user });
      const me = await page.request.get('/api/auth/me');
      expect(me.status()).toBe(200);
      expect(await me.json()).toMatchObject({
        user,
        groups,
        strategy: 'openid',
        can: { namespace: null, changeTraffic: may },
      });
    } finally {
      await page.context().close();
    }
  });
});
