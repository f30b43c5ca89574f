// The Keycloak that the scenario's keycloak Deployment runs, reduced to what the article and the console use: per realm
// the public realm page, OpenID discovery, the JWKS, the token endpoint, the browser login (authorization endpoint and
// its form) and the logout, under Keycloak 15's /auth context path.
import { authenticate, authorizationEndpoint } from './authorization-endpoint.js';
import { logoutEndpoint } from './logout-endpoint.js';
import { jsonReply, tokenEndpoint, type Reply } from './token-endpoint.js';
import { accessToken } from './keycloak-tokens.js';
import { KeycloakRealm, type PublicJwks, type RealmConfig } from './keycloak-realm.js';
import { openIdConfiguration, realmPage } from './well-known.js';

export type { Reply } from './token-endpoint.js';

export interface KeycloakRequest {
  method: string;
  /** Path and query, as the request line has it: /auth/realms/master/protocol/openid-connect/token */
  path: string;
  /** Lower-cased header names. */
  headers: Record<string, string | undefined>;
  body: string;
  nowMs: number;
}

const REALM_PATH = /^\/auth\/realms\/([^/?]+)(\/[^?]*)?(?:\?.*)?$/;

export class SimulatedKeycloak {
  private constructor(private readonly realms: Map<string, KeycloakRealm>) {}

  /** Creates each realm with a signing key of its own, as a fresh Keycloak does. */
  static async start(configs: RealmConfig[]): Promise<SimulatedKeycloak> {
    const realms = await Promise.all(configs.map((c) => KeycloakRealm.create(c)));
    return new SimulatedKeycloak(new Map(realms.map((r) => [r.name, r])));
  }

  realm(name: string): KeycloakRealm | undefined {
    return this.realms.get(name);
  }

  /** The public keys a realm's certs endpoint serves; undefined for a realm that does not exist. */
  jwksOf(realm: string): PublicJwks | undefined {
    return this.realms.get(realm)?.jwks;
  }

  /** A fresh access token for a user of a realm, as a browser signed in through `issuer` holds it. */
  async accessTokenFor(
    realmName: string,
    username: string,
    options: { clientId: string; issuer: string; nowMs?: number },
  ): Promise<string> {
    const realm = this.realms.get(realmName);
    const user = realm?.findUser(username);
    const client = realm?.findClient(options.clientId);
    if (!realm || !user || !client)
      throw new Error(`keycloak: no user "${username}" or client "${options.clientId}" in realm "${realmName}"`);
    return accessToken({ realm, user, client, issuer: options.issuer, scopes: [], nowMs: options.nowMs ?? Date.now() });
  }

  async handle(request: KeycloakRequest): Promise<Reply> {
    const match = REALM_PATH.exec(request.path);
    if (!match) return notFound();
    const realm = this.realms.get(decodeURIComponent(match[1]!));
    // RealmsResource answers an unknown realm before it looks at the rest of the path.
    if (!realm) return jsonReply(404, { error: 'Realm does not exist' });
    const issuer = issuerOf(request.headers, realm.name);
    const rest = match[2] ?? '';
    const queryAt = request.path.indexOf('?');
    const query = new URLSearchParams(queryAt === -1 ? '' : request.path.slice(queryAt + 1));
    const method = request.method.toUpperCase();
    const route = ROUTES[rest];
    if (!route) return notFound();
    if (!route.includes(method)) return methodNotAllowed(route);
    switch (rest) {
      case '':
        return jsonReply(200, realmPage(realm, issuer));
      case '/.well-known/openid-configuration':
        return jsonReply(200, openIdConfiguration(issuer));
      case '/protocol/openid-connect/certs':
        return jsonReply(200, realm.jwks);
      case '/protocol/openid-connect/auth':
        return authorizationEndpoint(realm, { query, issuer, nowMs: request.nowMs });
      case '/login-actions/authenticate':
        return authenticate(realm, {
          query,
          cookie: request.headers['cookie'],
          body: request.body,
          issuer,
          nowMs: request.nowMs,
        });
      case '/protocol/openid-connect/logout':
        return logoutEndpoint(realm, query);
      default:
        return tokenEndpoint(realm, {
          contentType: request.headers['content-type'],
          body: request.body,
          issuer,
          nowMs: request.nowMs,
        });
    }
  }
}

const ROUTES: Record<string, string[]> = {
  '': ['GET', 'HEAD'],
  '/.well-known/openid-configuration': ['GET', 'HEAD'],
  '/protocol/openid-connect/certs': ['GET', 'HEAD'],
  '/protocol/openid-connect/token': ['POST'],
  '/protocol/openid-connect/auth': ['GET'],
  '/login-actions/authenticate': ['POST'],
  '/protocol/openid-connect/logout': ['GET'],
};

/**
 * Keycloak names its realm after the URL it was reached at (Urls.realmIssuer over the request's base URI): through
 * a proxy that sets X-Forwarded-Host/-Proto (the article's PROXY_ADDRESS_FORWARDING=true) those, else the Host
 * header. So a token fetched via `localhost:8080` says `http://localhost:8080/auth/realms/master`, as the article's
 * RequestAuthentication expects.
 */
export function issuerOf(headers: Record<string, string | undefined>, realm: string): string {
  const host = headers['x-forwarded-host']?.split(',')[0]?.trim() || headers['host'] || 'localhost:8080';
  const proto = headers['x-forwarded-proto']?.split(',')[0]?.trim() || 'http';
  return `${proto}://${host}/auth/realms/${realm}`;
}

function notFound(): Reply {
  return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'Not Found' };
}

function methodNotAllowed(allowed: string[]): Reply {
  return {
    status: 405,
    headers: { 'content-type': 'text/plain', allow: allowed.join(', ') },
    body: 'Method Not Allowed',
  };
}
