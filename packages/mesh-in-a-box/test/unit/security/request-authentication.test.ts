// RequestAuthentication as Envoy's jwt_authn enforces it for Istio (istio.io reference, RequestAuthentication;
// envoy jwt_authn filter.cc and google/jwt_verify_lib for the statuses and their words).
import { beforeAll, describe, expect, it } from 'vitest';
import { authenticateRequest, jwtRulesFor, type JwtRule } from '../../../src/security/request-authentication.js';
import { JWT_STATUS_TEXT, jwtDetails, jwtStatusCode } from '../../../src/security/jwt-status.js';
import { policy } from './authz-helpers.js';
import { ISSUER, JWKS_URI, makeIssuer, NOW_MS, type Issuer } from './jwt-helpers.js';

let keycloak: Issuer;
let stranger: Issuer;
beforeAll(async () => {
  keycloak = await makeIssuer();
  stranger = await makeIssuer('key-1'); // same kid, other key: a forged token
});

const rules: JwtRule[] = [{ issuer: ISSUER, jwksUri: JWKS_URI }];
const jwksOf = (uri: string) => (uri === JWKS_URI ? keycloak.jwks : undefined);
const check = (headers: Record<string, string>, nowMs = NOW_MS, withRules = rules, path = '/sentiment') =>
  authenticateRequest({ rules: withRules, headers, path, nowMs, jwksOf });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('RequestAuthentication', () => {
  it('lets a request without a token through, with no request principal', () => {
    // istio.io: "A request that does not contain any authentication credentials will be accepted but will not have
    // any authenticated identity."
    expect(check({ 'content-type': 'application/json' })).toEqual({
      ok: true,
      headers: { 'content-type': 'application/json' },
    });
  });

  it('gives iss/sub as the request principal, the claims and audiences, and drops the token before forwarding', async () => {
    const token = await keycloak.sign({ sub: 'u-42', aud: 'sa-frontend', azp: 'sa-frontend', group: 'moderator' });
    const result = check({ ...bearer(token), 'x-request-id': 'r1' });
    expect(result).toMatchObject({
      ok: true,
      auth: { principal: `${ISSUER}/u-42`, audiences: ['sa-frontend'], presenter: 'sa-frontend' },
      headers: { 'x-request-id': 'r1' }, // forwardOriginalToken defaults to false: Envoy removes the header
    });
    expect(result.ok && result.auth?.claims['group']).toBe('moderator');
  });

  it('keeps the token with forwardOriginalToken and writes the claims the rule asks for as headers', async () => {
    const token = await keycloak.sign({ sub: 'u-1', group: 'beta' });
    const result = check(bearer(token), NOW_MS, [
      { ...rules[0]!, forwardOriginalToken: true, outputClaimToHeaders: [{ header: 'x-group', claim: 'group' }] },
    ]);
    expect(result).toMatchObject({ ok: true, headers: { authorization: `Bearer ${token}`, 'x-group': 'beta' } });
  });

  it('refuses an expired token with 401 "Jwt is expired", but only past Envoy\'s 60 s clock skew', async () => {
    const token = await keycloak.sign({ sub: 'u-1' }, { expiresInSeconds: 100 });
    expect(check(bearer(token), NOW_MS + 150_000).ok).toBe(true);
    expect(check(bearer(token), NOW_MS + 161_000)).toEqual({ ok: false, status: 'JwtExpired' });
    expect(jwtStatusCode('JwtExpired')).toBe(401);
    expect(jwtDetails('JwtExpired')).toBe('jwt_authn_access_denied{Jwt_is_expired}');
  });

  it('refuses a token from an issuer no rule names: 401 "Jwt issuer is not configured"', async () => {
    const token = await keycloak.sign({ sub: 'u-1' }, { issuer: 'https://evil.example.com' });
    expect(check(bearer(token))).toEqual({ ok: false, status: 'JwtUnknownIssuer' });
    expect(JWT_STATUS_TEXT.JwtUnknownIssuer).toBe('Jwt issuer is not configured');
  });

  it('refuses a token whose kid is not in the key set, and a forged one whose kid is', async () => {
    const unknownKid = await keycloak.sign({ sub: 'u-1' }, { kid: 'rotated-away' });
    expect(check(bearer(unknownKid))).toEqual({ ok: false, status: 'JwksKidAlgMismatch' });
    // 50 bytes: the content-length of the 401 in shared/fixtures/wire/istio-jwt-401-headers.txt.
    expect(JWT_STATUS_TEXT.JwksKidAlgMismatch).toHaveLength(50);
    const forged = await stranger.sign({ sub: 'admin' });
    expect(check(bearer(forged))).toEqual({ ok: false, status: 'JwtVerificationFail' });
    expect(jwtDetails('JwtVerificationFail')).toBe('jwt_authn_access_denied{Jwt_verification_fails}');
  });

  it('refuses a malformed token and an audience the rule does not allow (403, the one jwt_authn 403)', async () => {
    expect(check(bearer('not-a-jwt'))).toEqual({ ok: false, status: 'JwtBadFormat' });
    const token = await keycloak.sign({ sub: 'u-1', aud: 'other-app' });
    expect(check(bearer(token), NOW_MS, [{ ...rules[0]!, audiences: ['sa-frontend'] }])).toEqual({
      ok: false,
      status: 'JwtAudienceNotAllowed',
    });
    expect(jwtStatusCode('JwtAudienceNotAllowed')).toBe(403);
  });

  it('reads the token from the access_token query parameter by default, and only from the named header when told', async () => {
    const token = await keycloak.sign({ sub: 'u-7' });
    expect(check({}, NOW_MS, rules, `/sentiment?access_token=${token}`)).toMatchObject({
      ok: true,
      auth: { principal: `${ISSUER}/u-7` },
    });
    const custom = [{ ...rules[0]!, fromHeaders: [{ name: 'x-jwt' }] }];
    expect(check(bearer(token), NOW_MS, custom)).toEqual({ ok: true, headers: bearer(token) }); // not looked at
    expect(check({ 'x-jwt': token }, NOW_MS, custom)).toMatchObject({ ok: true, auth: { principal: `${ISSUER}/u-7` } });
  });

  it("fails every token when the issuer's key set cannot be had", async () => {
    const token = await keycloak.sign({ sub: 'u-1' });
    const result = authenticateRequest({
      rules,
      headers: bearer(token),
      path: '/',
      nowMs: NOW_MS,
      jwksOf: () => undefined,
    });
    expect(result).toEqual({ ok: false, status: 'JwksKidAlgMismatch' });
  });

  it("merges the jwtRules of every RequestAuthentication selecting the workload, the root namespace's included", () => {
    const gateway = { namespace: 'istio-system', labels: { app: 'istio-ingressgateway' } };
    const merged = jwtRulesFor(
      [
        policy('RequestAuthentication', 'istio-system', 'b', { jwtRules: [{ issuer: 'b' }] }, '2026-01-02T00:00:00Z'),
        policy('RequestAuthentication', 'istio-system', 'a', {
          selector: { matchLabels: { app: 'istio-ingressgateway' } },
          jwtRules: [{ issuer: 'a' }],
        }),
        policy('RequestAuthentication', 'istio-system', 'c', {
          selector: { matchLabels: { app: 'other' } },
          jwtRules: [{ issuer: 'c' }],
        }),
      ],
      gateway,
    );
    expect(merged.map((r) => r.issuer)).toEqual(['a', 'b']);
  });
});
