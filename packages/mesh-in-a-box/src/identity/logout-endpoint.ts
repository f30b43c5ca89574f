// GET {issuer}/protocol/openid-connect/logout as Keycloak 15 answers it (LogoutEndpoint.logout, before Keycloak 18's
// confirmation prompt): the session the id_token_hint names ends, and the browser goes to post_logout_redirect_uri
// (or the older redirect_uri), checked against the valid redirect URIs of the client the token was issued for, with
// `state` added; without one, a page saying the user is logged out.
import { compactVerify, createLocalJWKSet } from 'jose';
import { appendQuery, redirect } from './authorization-endpoint.js';
import type { KeycloakRealm } from './keycloak-realm.js';
import { errorPage, escapeHtml } from './login-pages.js';
import { verifyRedirectUri } from './redirect-uris.js';
import type { Reply } from './replies.js';

export async function logoutEndpoint(realm: KeycloakRealm, query: URLSearchParams): Promise<Reply> {
  const hint = query.get('id_token_hint');
  let claims: { azp?: string; sid?: string } = {};
  if (hint !== null) {
    // The hint's signature is checked, not its expiry: a logout often comes after the ID token ran out.
    try {
      const { payload } = await compactVerify(hint, createLocalJWKSet(realm.jwks));
      claims = JSON.parse(new TextDecoder().decode(payload)) as typeof claims;
    } catch {
      return errorPage('Session not active');
    }
  }
  const target = query.get('post_logout_redirect_uri') ?? query.get('redirect_uri');
  let location: string | undefined;
  if (target !== null) {
    const client = claims.azp === undefined ? undefined : realm.findClient(claims.azp);
    // Without a client, any client of the realm may have registered the URI (RedirectUtils.verifyRealmRedirectUri).
    const registered = client ? (client.redirectUris ?? []) : realm.config.clients.flatMap((c) => c.redirectUris ?? []);
    location = verifyRedirectUri(registered, target);
    if (location === undefined) return errorPage('Invalid redirect uri');
  }
  if (claims.sid !== undefined) realm.logins.endSession(claims.sid);
  if (location !== undefined) {
    const state = query.get('state');
    return redirect(state === null ? location : appendQuery(location, new URLSearchParams({ state })));
  }
  return {
    status: 200,
    headers: { 'content-type': 'text/html;charset=utf-8', 'cache-control': 'no-store' },
    body: `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Logging out</title></head>\n<body><h1 id="kc-page-title">You are logged out</h1><p>${escapeHtml(realm.name)}</p></body></html>\n`,
  };
}
