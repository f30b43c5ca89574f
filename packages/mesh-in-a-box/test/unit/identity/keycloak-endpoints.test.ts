// The simulated Keycloak against Keycloak 15's token endpoint (keycloak/keycloak services/.../protocol/oidc/endpoints/
// TokenEndpoint.java: grant type, then client, then grant), its direct grant authenticators (ValidateUsername and
// ValidatePassword answer 401 invalid_grant "Invalid user credentials" for an unknown user and a wrong password alike)
// and its discovery document (OIDCWellKnownProvider). Users and passwords are the article's.
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { SimulatedKeycloak, type Reply } from '../../../src/identity/index.js';
import { SENTIMENT_REALMS } from '../../../src/scenarios/sentiment-analysis/keycloak-realms.js';

const FORM = 'application/x-www-form-urlencoded';
const TOKEN_PATH = '/auth/realms/master/protocol/openid-connect/token';
const ARTICLE_ISSUER = 'http://localhost:8080/auth/realms/master';

let keycloak: SimulatedKeycloak;
beforeAll(async () => {
  keycloak = await SimulatedKeycloak.start(SENTIMENT_REALMS);
});

function post(form: Record<string, string>, options: { host?: string; path?: string; contentType?: string } = {}) {
  return keycloak.handle({
    method: 'POST',
    path: options.path ?? TOKEN_PATH,
    headers: { host: options.host ?? 'localhost:8080', 'content-type': options.contentType ?? FORM },
    body: new URLSearchParams(form).toString(),
    nowMs: Date.now(),
  });
}

const get = (path: string, host = 'localhost:8080') =>
  keycloak.handle({ method: 'GET', path, headers: { host }, body: '', nowMs: Date.now() });

const json = (reply: Reply) => JSON.parse(reply.body) as Record<string, unknown>;
const login = (username: string, password = 'password') =>
  post({ grant_type: 'password', client_id: 'sa-frontend', username, password });

describe('the simulated Keycloak token endpoint', () => {
  it("answers the article's user with a Bearer token that the realm's JWKS verifies, carrying Keycloak's claims", async () => {
    const reply = await login('user');
    expect(reply.status).toBe(200);
    expect(reply.headers).toMatchObject({ 'content-type': 'application/json', 'cache-control': 'no-store' });
    const body = json(reply);
    expect(body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 60,
      refresh_expires_in: 1800,
      scope: 'email profile',
    });
    const jwks = json(await get('/auth/realms/master/protocol/openid-connect/certs'));
    const { payload, protectedHeader } = await jwtVerify(
      String(body['access_token']),
      createLocalJWKSet(jwks as never),
      { issuer: ARTICLE_ISSUER },
    );
    expect(protectedHeader).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    expect(protectedHeader.kid).toBe((jwks['keys'] as { kid: string }[])[0]!.kid);
    expect(payload).toMatchObject({
      iss: ARTICLE_ISSUER,
      aud: 'account',
      typ: 'Bearer',
      azp: 'sa-frontend',
      preferred_username: 'user',
      email: 'user@acme.com',
      group: 'users',
      usertype: 'regular',
    });
    expect(payload.exp! - payload.iat!).toBe(60);
    expect(payload.sub).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("puts the moderator's group claim in the token, and keeps each user's sub the same across logins", async () => {
    const claims = async (username: string) => {
      const token = String(json(await login(username))['access_token']);
      return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    };
    const [moderator, again, beta] = [await claims('moderator'), await claims('moderator'), await claims('beta')];
    expect(moderator['group']).toBe('moderator');
    expect(beta).toMatchObject({ group: 'users', usertype: 'beta' });
    expect(again['sub']).toBe(moderator['sub']);
    expect(beta['sub']).not.toBe(moderator['sub']);
  });

  it('answers a wrong password with 401 invalid_grant "Invalid user credentials"', async () => {
    const reply = await login('user', 'wrong');
    expect(reply.status).toBe(401);
    expect(json(reply)).toEqual({ error: 'invalid_grant', error_description: 'Invalid user credentials' });
  });

  it('answers an unknown user exactly as a wrong password, so usernames cannot be probed', async () => {
    const unknown = await login('nobody');
    expect(unknown.status).toBe(401);
    expect(unknown.body).toBe((await login('user', 'wrong')).body);
  });

  it('lets a user sign in with their email too, as ValidateUsername finds a user by name or email', async () => {
    expect((await login('beta@acme.com')).status).toBe(200);
  });

  it('names itself after the Host it was reached at, as Keycloak derives its issuer from the request URL', async () => {
    const reply = await post(
      { grant_type: 'password', client_id: 'sa-frontend', username: 'user', password: 'password' },
      { host: '127.0.0.1:31234' },
    );
    const token = String(json(reply)['access_token']);
    expect(decodeProtectedHeader(token).alg).toBe('RS256');
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { iss: string };
    expect(payload.iss).toBe('http://127.0.0.1:31234/auth/realms/master');
  });

  it('checks the grant type before the client, and the client before the credentials', async () => {
    const missing = await post({ client_id: 'sa-frontend', username: 'user', password: 'password' });
    expect([missing.status, json(missing)]).toEqual([
      400,
      { error: 'invalid_request', error_description: 'Missing form parameter: grant_type' },
    ]);
    const unsupported = await post({ grant_type: 'magic', client_id: 'nope' });
    expect([unsupported.status, json(unsupported)]).toEqual([
      400,
      { error: 'unsupported_grant_type', error_description: 'Unsupported grant_type' },
    ]);
    const noClient = await post({ grant_type: 'password', username: 'user', password: 'password' });
    expect([noClient.status, json(noClient)]).toEqual([
      400,
      { error: 'invalid_client', error_description: 'Missing client_id parameter' },
    ]);
    const unknownClient = await post({ grant_type: 'password', client_id: 'nope', username: 'user', password: 'x' });
    expect([unknownClient.status, json(unknownClient)['error']]).toEqual([401, 'invalid_client']);
    const noUsername = await post({ grant_type: 'password', client_id: 'sa-frontend', password: 'password' });
    expect([noUsername.status, json(noUsername)]).toEqual([
      401,
      { error: 'invalid_request', error_description: 'Missing parameter: username' },
    ]);
  });

  it('takes only form-encoded bodies (415 otherwise), as the endpoint consumes application/x-www-form-urlencoded', async () => {
    const reply = await post(
      { grant_type: 'password', client_id: 'sa-frontend', username: 'user', password: 'password' },
      { contentType: 'application/json' },
    );
    expect(reply.status).toBe(415);
  });

  it('adds an ID token for the openid scope and renews the session with the refresh_token grant', async () => {
    const first = json(
      await post({
        grant_type: 'password',
        client_id: 'sa-frontend',
        username: 'user',
        password: 'password',
        scope: 'openid',
      }),
    );
    expect(first['scope']).toBe('openid email profile');
    expect(typeof first['id_token']).toBe('string');
    const renewed = await post({
      grant_type: 'refresh_token',
      client_id: 'sa-frontend',
      refresh_token: String(first['refresh_token']),
    });
    expect(renewed.status).toBe(200);
    expect(json(renewed)['session_state']).toBe(first['session_state']);
    const forged = await post({ grant_type: 'refresh_token', client_id: 'sa-frontend', refresh_token: 'x.y.z' });
    expect([forged.status, json(forged)['error']]).toEqual([400, 'invalid_grant']);
  });

  it('answers a realm that does not exist with 404 {"error":"Realm does not exist"}', async () => {
    const reply = await get('/auth/realms/nowhere/protocol/openid-connect/certs');
    expect([reply.status, json(reply)]).toEqual([404, { error: 'Realm does not exist' }]);
  });
});

describe("the simulated Keycloak's discovery", () => {
  it('serves the OpenID configuration with every endpoint under {issuer}/protocol/openid-connect', async () => {
    const doc = json(await get('/auth/realms/master/.well-known/openid-configuration'));
    expect(doc).toMatchObject({
      issuer: ARTICLE_ISSUER,
      token_endpoint: `${ARTICLE_ISSUER}/protocol/openid-connect/token`,
      jwks_uri: `${ARTICLE_ISSUER}/protocol/openid-connect/certs`,
      authorization_endpoint: `${ARTICLE_ISSUER}/protocol/openid-connect/auth`,
    });
    expect(doc['grant_types_supported']).toContain('password');
    expect(doc['id_token_signing_alg_values_supported']).toContain('RS256');
  });

  it('serves one RS256 signing key per realm, different between realms', async () => {
    const keys = async (realm: string) =>
      (json(await get(`/auth/realms/${realm}/protocol/openid-connect/certs`))['keys'] as Record<string, string>[])[0]!;
    const [master, sentiment] = [await keys('master'), await keys('sentiment')];
    expect(master).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', e: 'AQAB' });
    expect(master['n']).not.toBe(sentiment['n']);
  });

  it("answers the realm page that Keycloak's readiness probe reads, with the realm's public key", async () => {
    const page = await get('/auth/realms/master');
    expect(page.status).toBe(200);
    expect(json(page)).toMatchObject({ realm: 'master', 'token-service': `${ARTICLE_ISSUER}/protocol/openid-connect` });
    expect(String(json(page)['public_key'])).toMatch(/^MIIB[A-Za-z0-9+/=]+$/);
  });
});
