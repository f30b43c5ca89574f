// The authorization_code grant, checked in Keycloak's order (keycloak/keycloak services/.../protocol/oidc/grants/
// AuthorizationCodeGrantType.java, and PkceUtils for the verifier): the code, its user session, the redirect_uri, the
// client, the flow, then PKCE. Every refusal is 400 invalid_grant unless said otherwise, with Keycloak's words.
import { createHash } from 'node:crypto';
import type { KeycloakClient, KeycloakRealm, KeycloakUser } from './keycloak-realm.js';
import { oauthError, type Reply } from './replies.js';

/** What the code stands for: the login the tokens are issued for. */
export interface CodeLogin {
  user: KeycloakUser;
  scopes: string[];
  sessionId: string;
  authTimeS: number;
  nonce?: string;
}

// RFC 7636 §4.1: 43 to 128 characters of [A-Za-z0-9-._~].
const PKCE_VALUE = /^[0-9a-zA-Z\-._~]{43,128}$/;

export function exchangeCode(
  realm: KeycloakRealm,
  client: KeycloakClient,
  form: URLSearchParams,
  nowMs: number,
): CodeLogin | Reply {
  const code = form.get('code');
  if (code === null) return oauthError(400, 'invalid_request', 'Missing parameter: code');
  const issued = realm.logins.redeemCode(code, nowMs);
  if (!issued) return oauthError(400, 'invalid_grant', 'Code not valid');
  const session = realm.logins.session(issued.sessionId);
  if (!session?.active) return oauthError(400, 'invalid_grant', 'User session not found');
  const user = realm.findUserById(issued.userId);
  if (!user) return oauthError(400, 'invalid_grant', 'User not found');
  // The exchange must repeat the redirect_uri parameter of the authorization request exactly (RFC 6749 §4.1.3).
  if (form.get('redirect_uri') !== issued.request.redirectUriParam)
    return oauthError(400, 'invalid_grant', 'Incorrect redirect_uri');
  if (issued.request.clientId !== client.clientId)
    return oauthError(400, 'invalid_grant', 'Auth error: Found different client_id in clientSession');
  if (!client.standardFlow) return oauthError(400, 'invalid_grant', 'Client not allowed to exchange code');
  const pkce = checkVerifier(form.get('code_verifier'), issued.request);
  if (pkce !== undefined) return oauthError(400, 'invalid_grant', pkce);
  return {
    user,
    scopes: issued.request.scope.split(' ').filter(Boolean),
    sessionId: issued.sessionId,
    authTimeS: session.authTimeS,
    ...(session.nonce !== undefined ? { nonce: session.nonce } : {}),
  };
}

/** PkceUtils: a code asked with a challenge needs its verifier; a code asked without one takes none. */
function checkVerifier(
  verifier: string | null,
  request: { codeChallenge?: string; codeChallengeMethod?: string },
): string | undefined {
  const { codeChallenge, codeChallengeMethod } = request;
  if (codeChallenge === undefined)
    return verifier === null ? undefined : 'PKCE code verifier specified but challenge not present in authorization';
  if (verifier === null) return 'PKCE code verifier not specified';
  if (!PKCE_VALUE.test(verifier)) return 'PKCE verification failed: Invalid code verifier';
  const computed =
    codeChallengeMethod === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
  return computed === codeChallenge ? undefined : 'PKCE verification failed: Code mismatch';
}
