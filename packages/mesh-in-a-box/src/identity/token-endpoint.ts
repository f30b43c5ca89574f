// POST /auth/realms/{realm}/protocol/openid-connect/token as Keycloak answers it, checked in Keycloak's order
// (keycloak/keycloak services/.../protocol/oidc/endpoints/TokenEndpoint.java processGrantRequest: the grant type, then
// the client, then the grant). Users log in with the password grant (the direct grant flow's ValidateUsername and
// ValidatePassword) or a browser login's code (code-exchange.ts), and keep their session with the refresh_token grant.
import { exchangeCode } from './code-exchange.js';
import { jsonReply, NO_STORE, oauthError, type Reply } from './replies.js';
import { issueTokens, OPTIONAL_SCOPES, readRefreshToken, type Login } from './keycloak-tokens.js';
import type { KeycloakRealm } from './keycloak-realm.js';

export { jsonReply, type Reply } from './replies.js';

const KNOWN_GRANTS = new Set([
  'authorization_code',
  'refresh_token',
  'password',
  'client_credentials',
  'urn:ietf:params:oauth:grant-type:token-exchange',
  'urn:ietf:params:oauth:grant-type:uma-ticket',
  'urn:ietf:params:oauth:grant-type:device_code',
  'urn:openid:params:grant-type:ciba',
]);

export async function tokenEndpoint(
  realm: KeycloakRealm,
  request: { contentType: string | undefined; body: string; issuer: string; nowMs: number },
): Promise<Reply> {
  // The endpoint consumes application/x-www-form-urlencoded only; JAX-RS refuses anything else with 415.
  if (!/^application\/x-www-form-urlencoded\b/i.test(request.contentType ?? ''))
    return { status: 415, headers: { 'content-type': 'text/plain' }, body: 'Unsupported Media Type' };
  const form = new URLSearchParams(request.body);
  const grantType = form.get('grant_type');
  if (grantType === null) return oauthError(400, 'invalid_request', 'Missing form parameter: grant_type');
  if (!KNOWN_GRANTS.has(grantType)) return oauthError(400, 'unsupported_grant_type', 'Unsupported grant_type');
  // Client authentication (ClientIdAndSecretAuthenticator): the realm's clients here are public, so an id suffices.
  const clientId = form.get('client_id');
  if (clientId === null) return oauthError(400, 'invalid_client', 'Missing client_id parameter');
  const client = realm.findClient(clientId);
  if (!client) return oauthError(401, 'invalid_client', 'Invalid client credentials');
  for (const key of new Set(form.keys()))
    if (form.getAll(key).length !== 1) return oauthError(400, 'invalid_request', 'duplicated parameter');
  const scopes = (form.get('scope') ?? '').split(' ').filter(Boolean);
  const unknownScope = scopes.find((s) => !OPTIONAL_SCOPES.includes(s) && s !== 'email' && s !== 'profile');
  const login = { realm, client, issuer: request.issuer, scopes, nowMs: request.nowMs };
  switch (grantType) {
    case 'password': {
      if (!client.directAccessGrants)
        return oauthError(400, 'unauthorized_client', 'Client not allowed for direct access grants');
      if (unknownScope !== undefined) return oauthError(400, 'invalid_scope', `Invalid scopes: ${form.get('scope')}`);
      const username = form.get('username');
      if (username === null) return oauthError(401, 'invalid_request', 'Missing parameter: username');
      const user = realm.findUser(username);
      // An unknown user and a wrong password get the same answer, so that usernames cannot be probed.
      if (!user || form.get('password') !== user.password)
        return oauthError(401, 'invalid_grant', 'Invalid user credentials');
      return tokens({ ...login, user });
    }
    case 'refresh_token': {
      const token = form.get('refresh_token');
      if (token === null) return oauthError(400, 'invalid_request', 'Missing parameter: refresh_token');
      const session = await readRefreshToken(realm, token, request.issuer, request.nowMs);
      const user = session && realm.findUserById(session.sub);
      if (!session || !user) return oauthError(400, 'invalid_grant', 'Invalid refresh token');
      if (session.azp !== client.clientId) return oauthError(400, 'invalid_grant', 'Invalid refresh token');
      // A browser login's session ends at logout or when its code is used twice; the password grant's are not kept.
      const browser = realm.logins.session(session.sid);
      if (browser && !browser.active) return oauthError(400, 'invalid_grant', 'Session not active');
      const kept = session.scope.split(' ').filter((s) => s === 'openid');
      return tokens({
        ...login,
        user,
        scopes: kept,
        sessionId: session.sid,
        ...(browser
          ? { authTimeS: browser.authTimeS, ...(browser.nonce !== undefined ? { nonce: browser.nonce } : {}) }
          : {}),
      });
    }
    case 'client_credentials':
      return oauthError(401, 'unauthorized_client', 'Public client not allowed to retrieve service account');
    case 'authorization_code': {
      const exchanged = exchangeCode(realm, client, form, request.nowMs);
      if ('status' in exchanged) return exchanged;
      return tokens({ ...login, ...exchanged });
    }
    default:
      return oauthError(400, 'unsupported_grant_type', 'Unsupported grant_type');
  }
}

async function tokens(login: Login): Promise<Reply> {
  return jsonReply(200, await issueTokens(login), NO_STORE);
}
