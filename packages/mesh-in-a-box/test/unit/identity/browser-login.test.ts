// The simulated Keycloak's browser login against Keycloak 15's: the authorization endpoint's checks and their order
// (AuthorizationEndpoint.process, AuthorizationEndpointChecker: error page until the redirect_uri is known, then errors
// redirected to the client), the username and password form (UsernamePasswordForm: "Invalid username or password."),
// the authorization_code grant (AuthorizationCodeGrantType, PkceUtils) and the logout (LogoutEndpoint). The client is
// the console's `sextant` in the article's master realm.
import { createHash, randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { SimulatedKeycloak, type Reply } from '../../../src/identity/index.js';
import { SENTIMENT_REALMS } from '../../../src/scenarios/sentiment-analysis/keycloak-realms.js';

const HOST = '127.0.0.1:18080';
const ISSUER = `http://${HOST}/auth/realms/master`;
const CALLBACK = 'http://127.0.0.1:3000/api/auth/callback';
const FORM = 'application/x-www-form-urlencoded';

let keycloak: SimulatedKeycloak;
beforeAll(async () => {
  keycloak = await SimulatedKeycloak.start(SENTIMENT_REALMS);
});

function send(method: string, path: string, options: { body?: string; cookie?: string; nowMs?: number } = {}) {
  const headers: Record<string, string> = { host: HOST };
  if (options.body !== undefined) headers['content-type'] = FORM;
  if (options.cookie) headers['cookie'] = options.cookie;
  return keycloak.handle({ method, path, headers, body: options.body ?? '', nowMs: options.nowMs ?? Date.now() });
}

const verifier = () => randomBytes(32).toString('base64url');
const challengeOf = (v: string) => createHash('sha256').update(v).digest('base64url');

function authPath(overrides: Record<string, string | null> = {}): string {
  const params: Record<string, string | null> = {
    client_id: 'sextant',
    redirect_uri: CALLBACK,
    response_type: 'code',
    scope: 'openid profile email',
    state: 'state-1',
    nonce: 'nonce-1',
    code_challenge: challengeOf('x'.repeat(43)),
    code_challenge_method: 'S256',
    ...overrides,
  };
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null) query.set(k, v);
  return `/auth/realms/master/protocol/openid-connect/auth?${query}`;
}

/** The form's action (a path on the realm) and the AUTH_SESSION_ID cookie of a login page. */
function formOf(reply: Reply): { action: string; cookie: string } {
  const action = /action="([^"]+)"/.exec(reply.body)![1]!.replace(/&#38;/g, '&');
  const cookie = reply.headers['set-cookie']!.split(';')[0]!;
  return { action: new URL(action).pathname + new URL(action).search, cookie };
}

const params = (reply: Reply) => new URL(reply.headers['location']!).searchParams;

async function signIn(username: string, password: string, codeVerifier: string, extra: Record<string, string> = {}) {
  const page = await send('GET', authPath({ code_challenge: challengeOf(codeVerifier), ...extra }));
  const { action, cookie } = formOf(page);
  return send('POST', action, { body: new URLSearchParams({ username, password }).toString(), cookie });
}

function exchange(form: Record<string, string>, nowMs?: number) {
  return send('POST', '/auth/realms/master/protocol/openid-connect/token', {
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: 'sextant',
      redirect_uri: CALLBACK,
      ...form,
    }).toString(),
    ...(nowMs !== undefined ? { nowMs } : {}),
  });
}

const json = (reply: Reply) => JSON.parse(reply.body) as Record<string, string>;

describe('the authorization endpoint', () => {
  it('shows a login form posting username and password to the realm login-actions URL, with the auth session cookie', async () => {
    const reply = await send('GET', authPath());
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^text\/html/);
    expect(reply.body).toContain('name="username"');
    expect(reply.body).toMatch(/name="password" type="password"/);
    expect(reply.body).toMatch(
      new RegExp(`action="${ISSUER}/login-actions/authenticate\\?client_id=sextant&#38;tab_id=`),
    );
    expect(reply.headers['set-cookie']).toMatch(
      /^AUTH_SESSION_ID=[0-9a-f-]+; Path=\/auth\/realms\/master\/; HttpOnly$/,
    );
  });

  it('answers an unknown client and an unregistered redirect_uri with the error page, not a redirect', async () => {
    const unknown = await send('GET', authPath({ client_id: 'nobody' }));
    expect(unknown.status).toBe(400);
    expect(unknown.body).toContain('Client not found.');
    const missing = await send('GET', authPath({ client_id: null }));
    expect(missing.body).toContain('Missing parameter: client_id');
    for (const uri of ['http://evil.example:3000/cb', 'https://127.0.0.1:3000/cb', null]) {
      const reply = await send('GET', authPath({ redirect_uri: uri }));
      expect(reply.status).toBe(400);
      expect(reply.body).toContain('Invalid parameter: redirect_uri');
    }
  });

  it('accepts any loopback port and path under the trailing-star redirect URIs, host case aside', async () => {
    for (const uri of ['http://127.0.0.1:41234/x', 'http://LOCALHOST:3000/api/auth/callback?next=%2F'])
      expect((await send('GET', authPath({ redirect_uri: uri }))).status).toBe(200);
  });

  it('redirects request errors to the client with error, error_description and state once the redirect_uri is known', async () => {
    const cases: [Record<string, string | null>, string, string | null][] = [
      [{ response_type: null }, 'invalid_request', 'Missing parameter: response_type'],
      [{ response_type: 'banana' }, 'unsupported_response_type', null],
      [
        { response_type: 'id_token' },
        'unauthorized_client',
        'Client is not allowed to initiate browser login with given response_type. Implicit flow is disabled for the client.',
      ],
      [{ scope: 'openid groups' }, 'invalid_scope', 'Invalid scopes: openid groups'],
      [{ code_challenge_method: null }, 'invalid_request', 'Missing parameter: code_challenge_method'],
      [
        { code_challenge_method: 'plain' },
        'invalid_request',
        'Invalid parameter: code challenge method is not matching the configured one',
      ],
      [{ code_challenge: null }, 'invalid_request', 'Missing parameter: code_challenge'],
      [{ code_challenge: 'short' }, 'invalid_request', 'Invalid parameter: code_challenge'],
    ];
    for (const [overrides, error, description] of cases) {
      const reply = await send('GET', authPath(overrides));
      expect(reply.status).toBe(302);
      expect(reply.headers['location']!.startsWith(`${CALLBACK}?`)).toBe(true);
      expect(Object.fromEntries(params(reply))).toEqual({
        error,
        ...(description !== null ? { error_description: description } : {}),
        state: 'state-1',
      });
    }
  });
});

describe('the login form', () => {
  it('shows the form again with "Invalid username or password." and the attempted username on a wrong password', async () => {
    const reply = await signIn('moderator', 'wrong', verifier());
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('Invalid username or password.');
    expect(reply.body).toContain('value="moderator"');
    const unknown = await signIn('nobody', 'password', verifier());
    expect(unknown.body).toContain('Invalid username or password.');
  });

  it('redirects a good password to the redirect_uri with state, session_state and a code', async () => {
    const reply = await signIn('moderator', 'password', verifier());
    expect(reply.status).toBe(302);
    const query = params(reply);
    expect([...query.keys()]).toEqual(['state', 'session_state', 'code']);
    expect(query.get('state')).toBe('state-1');
    expect(query.get('code')).toContain(`.${query.get('session_state')}.`);
  });

  it('takes the corrected password on the same form after a wrong one', async () => {
    const page = await send('GET', authPath());
    const { action, cookie } = formOf(page);
    await send('POST', action, { body: 'username=user&password=nope', cookie });
    const reply = await send('POST', action, { body: 'username=user&password=password', cookie });
    expect(reply.status).toBe(302);
  });

  it('refuses a form posted without its cookie, or again after the login finished', async () => {
    const page = await send('GET', authPath());
    const { action, cookie } = formOf(page);
    const cookieless = await send('POST', action, { body: 'username=user&password=password' });
    expect(cookieless.status).toBe(400);
    expect(cookieless.body).toContain('Cookie not found. Please make sure cookies are enabled in your browser.');
    expect((await send('POST', action, { body: 'username=user&password=password', cookie })).status).toBe(302);
    const again = await send('POST', action, { body: 'username=user&password=password', cookie });
    expect(again.body).toContain('Your login attempt timed out. Login will start from the beginning.');
  });
});

describe('the authorization_code grant', () => {
  it("exchanges the code for tokens whose ID token carries the nonce, the user's name and groups and the login time", async () => {
    const codeVerifier = verifier();
    const before = Math.floor(Date.now() / 1000);
    const login = await signIn('moderator', 'password', codeVerifier);
    const reply = await exchange({ code: params(login).get('code')!, code_verifier: codeVerifier });
    expect(reply.status).toBe(200);
    const body = json(reply);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 300, scope: 'openid email profile' });
    expect(body['session_state']).toBe(params(login).get('session_state'));
    const idToken = decodeJwt(body['id_token']!);
    expect(idToken).toMatchObject({
      iss: ISSUER,
      aud: 'sextant',
      azp: 'sextant',
      nonce: 'nonce-1',
      preferred_username: 'moderator',
      groups: ['moderator'],
    });
    expect(idToken['auth_time']).toBeGreaterThanOrEqual(before);
    expect(idToken.exp! - idToken.iat!).toBe(300);
  });

  it('keeps the nonce, groups and login time in the ID token of a refresh', async () => {
    const codeVerifier = verifier();
    const login = await signIn('user', 'password', codeVerifier);
    const first = json(await exchange({ code: params(login).get('code')!, code_verifier: codeVerifier }));
    const refreshed = await send('POST', '/auth/realms/master/protocol/openid-connect/token', {
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: 'sextant',
        refresh_token: first['refresh_token']!,
      }).toString(),
    });
    expect(refreshed.status).toBe(200);
    const idToken = decodeJwt(json(refreshed)['id_token']!);
    expect(idToken).toMatchObject({ nonce: 'nonce-1', preferred_username: 'user', groups: ['users'] });
    expect(idToken['auth_time']).toBe(decodeJwt(first['id_token']!)['auth_time']);
  });

  it("refuses a wrong, missing or malformed verifier with Keycloak's PKCE descriptions", async () => {
    const cases: [Record<string, string>, string][] = [
      [{ code_verifier: verifier() }, 'PKCE verification failed: Code mismatch'],
      [{}, 'PKCE code verifier not specified'],
      [{ code_verifier: 'too-short' }, 'PKCE verification failed: Invalid code verifier'],
    ];
    for (const [form, description] of cases) {
      const login = await signIn('beta', 'password', verifier());
      const reply = await exchange({ code: params(login).get('code')!, ...form });
      expect(reply.status).toBe(400);
      expect(json(reply)).toEqual({ error: 'invalid_grant', error_description: description });
    }
  });

  it('refuses a redirect_uri other than the one the code was asked with', async () => {
    const codeVerifier = verifier();
    const login = await signIn('beta', 'password', codeVerifier);
    const reply = await exchange({
      code: params(login).get('code')!,
      code_verifier: codeVerifier,
      redirect_uri: 'http://127.0.0.1:3000/other',
    });
    expect(json(reply)).toEqual({ error: 'invalid_grant', error_description: 'Incorrect redirect_uri' });
  });

  it('takes a code once: a second use is "Code not valid" and ends the session the first one started', async () => {
    const codeVerifier = verifier();
    const code = params(await signIn('user', 'password', codeVerifier)).get('code')!;
    const first = json(await exchange({ code, code_verifier: codeVerifier }));
    const second = await exchange({ code, code_verifier: codeVerifier });
    expect(json(second)).toEqual({ error: 'invalid_grant', error_description: 'Code not valid' });
    const refreshed = await send('POST', '/auth/realms/master/protocol/openid-connect/token', {
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: 'sextant',
        refresh_token: first['refresh_token']!,
      }).toString(),
    });
    expect(json(refreshed)).toEqual({ error: 'invalid_grant', error_description: 'Session not active' });
  });

  it("refuses a code after the realm's one-minute client login timeout", async () => {
    const codeVerifier = verifier();
    const code = params(await signIn('user', 'password', codeVerifier)).get('code')!;
    const reply = await exchange({ code, code_verifier: codeVerifier }, Date.now() + 61_000);
    expect(json(reply)).toEqual({ error: 'invalid_grant', error_description: 'Code not valid' });
  });
});

describe('the logout endpoint', () => {
  it('ends the session of the id_token_hint and sends the browser to post_logout_redirect_uri with state', async () => {
    const codeVerifier = verifier();
    const code = params(await signIn('moderator', 'password', codeVerifier)).get('code')!;
    const tokens = json(await exchange({ code, code_verifier: codeVerifier }));
    const query = new URLSearchParams({
      id_token_hint: tokens['id_token']!,
      post_logout_redirect_uri: 'http://127.0.0.1:3000/login',
      state: 's',
    });
    const reply = await send('GET', `/auth/realms/master/protocol/openid-connect/logout?${query}`);
    expect(reply.status).toBe(302);
    expect(reply.headers['location']).toBe('http://127.0.0.1:3000/login?state=s');
    const refreshed = await send('POST', '/auth/realms/master/protocol/openid-connect/token', {
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: 'sextant',
        refresh_token: tokens['refresh_token']!,
      }).toString(),
    });
    expect(json(refreshed)['error_description']).toBe('Session not active');
    const elsewhere = new URLSearchParams({
      id_token_hint: tokens['id_token']!,
      post_logout_redirect_uri: 'http://evil.example/',
    });
    expect((await send('GET', `/auth/realms/master/protocol/openid-connect/logout?${elsewhere}`)).body).toContain(
      'Invalid redirect uri',
    );
  });
});
