// The browser login of Keycloak 15: GET {issuer}/protocol/openid-connect/auth checked as AuthorizationEndpoint.process
// does (keycloak/keycloak services/.../protocol/oidc/endpoints/AuthorizationEndpoint.java and
// AuthorizationEndpointChecker.java), then the username and password form of the browser flow, posted to
// {issuer}/login-actions/authenticate (LoginActionsService, UsernamePasswordForm). Errors before the redirect_uri is
// known are the theme's error page; later ones go back to the client as ?error=…&error_description=…&state=….
// Not simulated: response types other than `code` (the realm's clients have implicit flow off), response_mode other
// than query, prompt, login_hint, request objects, and the SSO cookie (every login shows the form, as after a logout).
import type { KeycloakRealm } from './keycloak-realm.js';
import { ACCESS_CODE_LIFESPAN_S, LOGIN_LIFESPAN_S } from './keycloak-realm.js';
import { OPTIONAL_SCOPES } from './keycloak-tokens.js';
import { errorPage, loginForm } from './login-pages.js';
import { verifyRedirectUri } from './redirect-uris.js';
import type { Reply } from './token-endpoint.js';
import { RESPONSE_TYPES } from './well-known.js';

const RESPONSE_TYPES_ALLOWED: ReadonlySet<string> = new Set(RESPONSE_TYPES);
// RFC 7636 §4.2: 43 to 128 characters of [A-Za-z0-9-._~] (OIDCLoginProtocol.PKCE_CODE_CHALLENGE_MIN/MAX_LENGTH).
const PKCE_VALUE = /^[0-9a-zA-Z\-._~]{43,128}$/;
const AUTH_SESSION_COOKIE = 'AUTH_SESSION_ID';

export function authorizationEndpoint(
  realm: KeycloakRealm,
  request: { query: URLSearchParams; issuer: string; nowMs: number },
): Reply {
  const { query } = request;
  const clientId = query.get('client_id');
  if (clientId === null) return errorPage('Missing parameter: client_id');
  const client = realm.findClient(clientId);
  if (!client) return errorPage('Client not found.');
  const redirectUriParam = query.get('redirect_uri');
  const redirectUri = verifyRedirectUri(client.redirectUris ?? [], redirectUriParam);
  if (redirectUri === undefined || redirectUriParam === null) return errorPage('Invalid parameter: redirect_uri');
  const state = query.get('state') ?? undefined;
  const refuse = (error: string, description?: string) => redirectError({ redirectUri, state, error, description });

  const responseType = query.get('response_type');
  if (responseType === null) return refuse('invalid_request', 'Missing parameter: response_type');
  if (!RESPONSE_TYPES_ALLOWED.has(responseType) || responseType === 'none') return refuse('unsupported_response_type');
  if (responseType !== 'code')
    return refuse(
      'unauthorized_client',
      'Client is not allowed to initiate browser login with given response_type. Implicit flow is disabled for the client.',
    );
  if (!client.standardFlow)
    return refuse(
      'unauthorized_client',
      'Client is not allowed to initiate browser login with given response_type. Standard flow is disabled for the client.',
    );
  const scope = query.get('scope') ?? '';
  const scopes = scope.split(' ').filter(Boolean);
  if (scopes.some((s) => !OPTIONAL_SCOPES.includes(s) && s !== 'email' && s !== 'profile'))
    return refuse('invalid_scope', `Invalid scopes: ${scope}`);
  const codeChallenge = query.get('code_challenge') ?? undefined;
  const codeChallengeMethod = query.get('code_challenge_method') ?? undefined;
  const pkceRefusal = checkPkce(client.pkceMethod, codeChallenge, codeChallengeMethod);
  if (pkceRefusal) return refuse('invalid_request', pkceRefusal);

  const auth = realm.logins.startAuth(
    {
      clientId,
      redirectUri,
      redirectUriParam,
      scope,
      ...(state !== undefined ? { state } : {}),
      ...(query.get('nonce') !== null ? { nonce: query.get('nonce')! } : {}),
      ...(codeChallenge !== undefined ? { codeChallenge } : {}),
      ...(codeChallenge !== undefined ? { codeChallengeMethod: codeChallengeMethod ?? 'plain' } : {}),
    },
    request.nowMs,
    LOGIN_LIFESPAN_S,
  );
  return loginForm({
    realm: realm.name,
    actionUrl: actionUrl(request.issuer, clientId, auth.tabId),
    headers: { 'set-cookie': `${AUTH_SESSION_COOKIE}=${auth.id}; Path=/auth/realms/${realm.name}/; HttpOnly` },
  });
}

/** POST {issuer}/login-actions/authenticate: the username and password form's answer. */
export function authenticate(
  realm: KeycloakRealm,
  request: { query: URLSearchParams; cookie: string | undefined; body: string; issuer: string; nowMs: number },
): Reply {
  const cookieSession = cookieValue(request.cookie, AUTH_SESSION_COOKIE);
  // Without the cookie Keycloak cannot find the login at all; with it, a form older than the realm's login timeout
  // (or already used) has lost its authentication session.
  if (cookieSession === undefined)
    return errorPage('Cookie not found. Please make sure cookies are enabled in your browser.');
  const tabId = request.query.get('tab_id') ?? '';
  const auth = realm.logins.authSession(tabId, cookieSession, request.nowMs);
  if (!auth) return errorPage('Your login attempt timed out. Login will start from the beginning.');
  const form = new URLSearchParams(request.body);
  const username = (form.get('username') ?? '').trim();
  const user = username === '' ? undefined : realm.findUser(username);
  // UsernamePasswordForm answers an unknown user and a wrong password alike, and shows the attempted username again.
  if (!user || form.get('password') !== user.password)
    return loginForm({
      realm: realm.name,
      actionUrl: actionUrl(request.issuer, auth.request.clientId, auth.tabId),
      username,
      error: 'Invalid username or password.',
    });
  const { code, sessionId } = realm.logins.issueCode(auth, {
    userId: realm.userId(user),
    nowMs: request.nowMs,
    codeLifespanS: ACCESS_CODE_LIFESPAN_S,
  });
  // OIDCLoginProtocol.authenticated: state, then session_state (the user session), then code. Keycloak 15 adds no
  // `iss` (RFC 9207 came later, and the realm's discovery does not claim authorization_response_iss_parameter_supported).
  const params = new URLSearchParams();
  if (auth.request.state !== undefined) params.set('state', auth.request.state);
  params.set('session_state', sessionId);
  params.set('code', code);
  return redirect(appendQuery(auth.request.redirectUri, params), {
    'set-cookie': `${AUTH_SESSION_COOKIE}=; Path=/auth/realms/${realm.name}/; Max-Age=0; HttpOnly`,
  });
}

/** AuthorizationEndpointChecker.checkPKCEParams, for a client that enforces a method and for one that does not. */
function checkPkce(
  enforced: string | undefined,
  challenge: string | undefined,
  method: string | undefined,
): string | undefined {
  if (enforced) {
    if (method === undefined) return 'Missing parameter: code_challenge_method';
    if (method !== enforced) return 'Invalid parameter: code challenge method is not matching the configured one';
    if (challenge === undefined) return 'Missing parameter: code_challenge';
    if (!PKCE_VALUE.test(challenge)) return 'Invalid parameter: code_challenge';
    return undefined;
  }
  if (challenge === undefined) return method === undefined ? undefined : 'Missing parameter: code_challenge';
  if (method !== undefined && method !== 'S256' && method !== 'plain')
    return 'Invalid parameter: code_challenge_method';
  if (!PKCE_VALUE.test(challenge)) return 'Invalid parameter: code_challenge';
  return undefined;
}

function actionUrl(issuer: string, clientId: string, tabId: string): string {
  const query = new URLSearchParams({ client_id: clientId, tab_id: tabId });
  return `${issuer}/login-actions/authenticate?${query}`;
}

function redirectError(to: {
  redirectUri: string;
  state: string | undefined;
  error: string;
  description?: string;
}): Reply {
  const params = new URLSearchParams({ error: to.error });
  if (to.description !== undefined) params.set('error_description', to.description);
  if (to.state !== undefined) params.set('state', to.state);
  return redirect(appendQuery(to.redirectUri, params));
}

export function redirect(location: string, headers: Record<string, string> = {}): Reply {
  return { status: 302, headers: { location, 'cache-control': 'no-store', ...headers }, body: '' };
}

export function appendQuery(uri: string, params: URLSearchParams): string {
  return `${uri}${uri.includes('?') ? '&' : '?'}${params}`;
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}
