// A real OpenID provider for the login tests: npm oidc-provider on loopback, with the article's users (user, beta,
// moderator; moderator in group `moderator`), its own login form (any password: devInteractions) and a public client
// for the console (PKCE, refresh tokens, RP-initiated logout back to the console's /login).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

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
