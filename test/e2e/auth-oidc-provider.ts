// A real OpenID provider for the login tests: npm oidc-provider on loopback, with the article's users (user, beta,
// moderator; moderator in group `moderator`), its own login form (any password: devInteractions) and a public client
// for the console (PKCE, refresh tokens, RP-initiated logout back to the console's /login).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import Provider from 'oidc-provider';
import { kubectl } from '@sextant/mesh-in-a-box';

export const ARTICLE_USERS: Record<string, { groups: string[] }> = {
  user: { groups: [] },
  beta: { groups: [] },
  moderator: { groups: ['moderator'] },
};

export interface LocalOidcProvider {
  issuer: string;
  clientId: string;
  stop(): Promise<void>;
}

export async function startOidcProvider(options: {
  port: number;
  consoleUrl: string;
  idTokenSeconds: number;
}): Promise<LocalOidcProvider> {
  const issuer = `http://127.0.0.1:${options.port}`;
  const clientId = 'sextant';
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        token_endpoint_auth_method: 'none',
        redirect_uris: [`${options.consoleUrl}/api/auth/openid/callback`],
        post_logout_redirect_uris: [`${options.consoleUrl}/login`],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
    ],
    async findAccount(_ctx, id) {
      const known = ARTICLE_USERS[id];
      if (!known) return undefined;
      return {
        accountId: id,
        claims: async () => ({ sub: id, preferred_username: id, groups: known.groups }),
      };
    },
    claims: { openid: ['sub'], profile: ['preferred_username'], groups: ['groups'] },
    scopes: ['openid', 'profile', 'groups', 'offline_access'],
    // The groups in the ID token itself, as Dex and Keycloak put them, not only at the userinfo endpoint.
    conformIdTokenClaims: false,
    // A refresh token without offline_access, as most providers give a web application.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    ttl: {
      IdToken: options.idTokenSeconds,
      AccessToken: 3600,
      RefreshToken: 86_400,
      Grant: 86_400,
      Session: 86_400,
      Interaction: 600,
    },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  });
  const server: Server = createServer(provider.callback());
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    issuer: `http://127.0.0.1:${port}`,
    clientId,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Members of group moderator may change traffic routing anywhere; nobody else here may. The console reads the
 * routing objects (a VirtualService and its DestinationRule) and writes them whole (update), with the person's own
 * rights, and offers a change only to whoever may update both.
 */
export async function letModeratorsChangeTraffic(kubeconfig: string): Promise<void> {
  await kubectl(kubeconfig, [
    ...['create', 'clusterrole', 'e2e-traffic-editor', '--verb=get,list,watch,update,patch'],
    '--resource=virtualservices.networking.istio.io,destinationrules.networking.istio.io',
  ]);
  await kubectl(kubeconfig, [
    ...['create', 'clusterrolebinding', 'e2e-moderators-traffic', '--clusterrole=e2e-traffic-editor'],
    '--group=moderator',
  ]);
}

export async function forgetModerators(kubeconfig: string): Promise<void> {
  await kubectl(kubeconfig, ['delete', 'clusterrolebinding', 'e2e-moderators-traffic', '--ignore-not-found']);
  await kubectl(kubeconfig, ['delete', 'clusterrole', 'e2e-traffic-editor', '--ignore-not-found']);
}

/**
 * From the console's login page, logs in at the provider's own form as `user` (any password), consenting to the
 * scopes the first time; resolves back on the console.
 */
export async function logInAtProvider(
  page: Page,
  { provider, consoleUrl, user }: { provider: LocalOidcProvider; consoleUrl: string; user: string },
): Promise<void> {
  await page.getByRole('link', { name: `Log in with ${provider.issuer}` }).click();
  await page.waitForURL((url) => url.origin === provider.issuer);
  await page.locator('input[name="login"]').fill(user);
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  const atConsole = page.waitForURL((url) => url.origin === consoleUrl, { timeout: 20_000 });
  const consent = page.getByRole('button', { name: 'Continue' });
  const next = await Promise.race([
    atConsole.then(() => 'console' as const),
    consent.waitFor({ timeout: 20_000 }).then(() => 'consent' as const),
  ]);
  if (next === 'consent') await consent.click();
  await atConsole;
}
