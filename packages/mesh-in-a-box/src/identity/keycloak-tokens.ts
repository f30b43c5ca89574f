// The tokens Keycloak issues at its token endpoint, with the claims Keycloak 15 (the article's image) puts in them:
// an RS256 access token, an HS256 refresh token, and an ID token when the `openid` scope is asked for.
import { createHash, randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import type { KeycloakClient, KeycloakRealm, KeycloakUser } from './keycloak-realm.js';

export interface Login {
  realm: KeycloakRealm;
  user: KeycloakUser;
  client: KeycloakClient;
  /** Keycloak names itself after the URL it was reached at: `{scheme}://{host}/auth/realms/{realm}`. */
  issuer: string;
  /** Scopes asked for beyond the client's defaults (`openid` adds the ID token). */
  scopes: string[];
  nowMs: number;
  /** The user session a refresh continues; a new one for a fresh login. */
  sessionId?: string;
  /** A browser login's: the authorization request's nonce, which every ID token of the session repeats. */
  nonce?: string;
  /** A browser login's: when the user typed their password (seconds); the password grant has none. */
  authTimeS?: number;
}

/** The token endpoint's 200 answer (Keycloak's AccessTokenResponse). */
export interface TokenResponse {
  access_token: string;
  expires_in: number;
  refresh_expires_in: number;
  refresh_token: string;
  token_type: 'Bearer';
  id_token?: string;
  'not-before-policy': number;
  session_state: string;
  scope: string;
}

// The default client scopes whose names Keycloak reports in `scope` (roles and web-origins are not listed).
const DEFAULT_SCOPES = ['email', 'profile'];
/** Optional client scopes of a new realm, which a client may ask for. */
export const OPTIONAL_SCOPES = ['openid', 'offline_access', 'address', 'phone', 'microprofile-jwt'];
const DEFAULT_ROLES = (realm: string) => [`default-roles-${realm}`, 'offline_access', 'uma_authorization'];
const ACCOUNT_ROLES = ['manage-account', 'manage-account-links', 'view-profile'];
const SSO_SESSION_IDLE_S = 1800;

/** Signs a fresh access token for a login (what the scenario's browsers hold, and the token endpoint hands out). */
export async function accessToken(login: Login): Promise<string> {
  return (await tokensFor(login, false)).access_token;
}

/** The token endpoint's answer for a successful login or refresh. */
export function issueTokens(login: Login): Promise<TokenResponse> {
  return tokensFor(login, true);
}

async function tokensFor(login: Login, withRefresh: boolean): Promise<TokenResponse> {
  const { realm, user, client, issuer } = login;
  const iat = Math.floor(login.nowMs / 1000);
  const sid = login.sessionId ?? randomUUID();
  const scopes = [
    ...new Set([...(login.scopes.includes('openid') ? ['openid'] : []), ...DEFAULT_SCOPES, ...login.scopes]),
  ];
  const scope = scopes.join(' ');
  const sub = realm.userId(user);
  const profile = profileClaims(user, client);
  const lifespanS = client.accessTokenLifespanS ?? realm.config.accessTokenLifespanS;
  const access = await new SignJWT({
    exp: iat + lifespanS,
    iat,
    jti: randomUUID(),
    iss: issuer,
    aud: 'account',
    sub,
    typ: 'Bearer',
    azp: client.clientId,
    session_state: sid,
    acr: '1',
    realm_access: { roles: [...DEFAULT_ROLES(realm.name), ...(user.roles ?? [])] },
    resource_access: { account: { roles: ACCOUNT_ROLES } },
    scope,
    sid,
    ...profile,
  })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: realm.kid })
    .sign(realm.signingKey);
  const refreshLifespanS = realm.config.ssoSessionIdleS ?? SSO_SESSION_IDLE_S;
  const response: TokenResponse = {
    access_token: access,
    expires_in: lifespanS,
    refresh_expires_in: refreshLifespanS,
    refresh_token: '',
    token_type: 'Bearer',
    'not-before-policy': 0,
    session_state: sid,
    scope,
  };
  if (!withRefresh) return response;
  response.refresh_token = await new SignJWT({
    exp: iat + refreshLifespanS,
    iat,
    jti: randomUUID(),
    iss: issuer,
    aud: issuer,
    sub,
    typ: 'Refresh',
    azp: client.clientId,
    session_state: sid,
    scope,
    sid,
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: `${realm.kid.slice(0, 8)}-refresh` })
    .sign(realm.refreshSecret);
  if (scopes.includes('openid')) {
    response.id_token = await new SignJWT({
      exp: iat + lifespanS,
      iat,
      auth_time: login.authTimeS ?? 0, // the password grant has no interactive authentication
      jti: randomUUID(),
      iss: issuer,
      aud: client.clientId,
      sub,
      typ: 'ID',
      azp: client.clientId,
      ...(login.nonce !== undefined ? { nonce: login.nonce } : {}),
      session_state: sid,
      at_hash: atHash(access),
      acr: '1',
      sid,
      ...profile,
    })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: realm.kid })
      .sign(realm.signingKey);
  }
  return response;
}

/** The profile and email scopes' claims, then the attributes the client's mappers add (the article's group, usertype). */
function profileClaims(user: KeycloakUser, client: KeycloakClient): Record<string, unknown> {
  const claims: Record<string, unknown> = { email_verified: false, preferred_username: user.username.toLowerCase() };
  if (user.email) claims['email'] = user.email.toLowerCase();
  for (const name of client.mappedAttributes ?? []) {
    const value = user.attributes?.[name];
    if (value !== undefined) claims[name] = value;
  }
  // GroupMembershipMapper: the groups' names, or their paths from the root ("/moderator") with "Full group path" on.
  const mapper = client.groupMembershipMapper;
  if (mapper) claims[mapper.claim] = (user.groups ?? []).map((g) => (mapper.fullPath ? `/${g}` : g));
  return claims;
}

/** OpenID Connect's at_hash: the left half of the access token's SHA-256, base64url. */
function atHash(token: string): string {
  const digest = createHash('sha256').update(token).digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

/** What a refresh token of this realm says, if it is one, unexpired and for this issuer; undefined otherwise. */
export async function readRefreshToken(
  realm: KeycloakRealm,
  token: string,
  issuer: string,
  nowMs: number,
): Promise<{ sub: string; sid: string; azp: string; scope: string } | undefined> {
  try {
    const { payload } = await jwtVerify(token, realm.refreshSecret, {
      issuer,
      algorithms: ['HS256'],
      currentDate: new Date(nowMs),
    });
    if (payload['typ'] !== 'Refresh') return undefined;
    return {
      sub: String(payload.sub),
      sid: String(payload['sid']),
      azp: String(payload['azp']),
      scope: String(payload['scope'] ?? ''),
    };
  } catch {
    return undefined;
  }
}
