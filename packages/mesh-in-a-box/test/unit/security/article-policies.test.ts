// The article's security chapter at the ingress gateway: its RequestAuthentication (Keycloak's realm) and its three
// ALLOW policies (allow-view, allow-analysis, allow-feedback-for-mods), applied to the three users' tokens and to
// requests without one (shared/fixtures/sentiment-analysis/istio/security).
import { beforeAll, describe, expect, it } from 'vitest';
import { authzFor } from '../../../src/security/authorization-policy.js';
import { checkInbound } from '../../../src/security/inbound-check.js';
import { jwtRulesFor } from '../../../src/security/request-authentication.js';
import type { WorkloadSecurity } from '../../../src/security/security-index.js';
import { articlePolicy } from './authz-helpers.js';
import { JWKS_URI, makeIssuer, NOW_MS, type Issuer } from './jwt-helpers.js';

const gateway = { namespace: 'istio-system', labels: { app: 'istio-ingressgateway', istio: 'ingressgateway' } };
const policies = ['allow-view.yaml', 'allow-analysis.yaml', 'allow-feedback.yaml'].map(articlePolicy);
const security: WorkloadSecurity = {
  peer: { mode: 'PERMISSIVE', ports: new Map() },
  jwtRules: jwtRulesFor([articlePolicy('request-authentication.yaml')], gateway),
  authz: authzFor(policies, gateway),
  open: false,
};

let keycloak: Issuer;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  keycloak = await makeIssuer();
  tokens['user'] = await keycloak.sign({ sub: 'user-id', preferred_username: 'user' });
  tokens['beta'] = await keycloak.sign({ sub: 'beta-id', preferred_username: 'beta', group: 'beta-tester' });
  tokens['moderator'] = await keycloak.sign({ sub: 'mod-id', preferred_username: 'moderator', group: 'moderator' });
});

function status(path: string, who?: string, method = 'GET'): number {
  const verdict = checkInbound({
    security,
    request: {
      method,
      path,
      host: 'sentiment.example.com',
      port: 8080,
      headers: who ? { authorization: `Bearer ${tokens[who] ?? who}` } : {},
      sourceIp: '10.244.0.1',
      remoteIp: '10.244.0.1',
      destinationIp: '10.1.0.9',
    },
    protocol: 'http',
    nowMs: NOW_MS,
    jwksOf: (uri) => (uri === JWKS_URI ? keycloak.jwks : undefined),
    extensionProviders: new Set(),
  });
  return verdict.ok ? 200 : verdict.reply.code;
}

describe("the article's policies at the ingress gateway", () => {
  it('let anyone load the page, its assets and the sign-in, with or without a token', () => {
    for (const who of [undefined, 'user', 'beta', 'moderator'])
      for (const path of ['/', '/static/js/main.js', '/auth/realms/master/protocol/openid-connect/auth'])
        expect([who, path, status(path, who)]).toEqual([who, path, 200]);
  });

  it('let every signed-in user analyse a sentence, and refuse it to an anonymous one with 403', () => {
    expect(status('/sentiment', undefined, 'POST')).toBe(403);
    for (const who of ['user', 'beta', 'moderator']) expect(status('/sentiment', who, 'POST')).toBe(200);
  });

  it('let only the moderator (group claim) send feedback', () => {
    expect(status('/feedback', undefined, 'POST')).toBe(403);
    expect(status('/feedback', 'user', 'POST')).toBe(403);
    expect(status('/feedback', 'beta', 'POST')).toBe(403);
    expect(status('/feedback', 'moderator', 'POST')).toBe(200);
  });

  it("refuse an invalid token with 401 everywhere, even on the public page, with Envoy's body and challenge", () => {
    const verdict = checkInbound({
      security,
      request: {
        method: 'GET',
        path: '/',
        host: 'sentiment.example.com',
        port: 8080,
        headers: { authorization: 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln' },
        sourceIp: '10.244.0.1',
        remoteIp: '10.244.0.1',
        destinationIp: '10.1.0.9',
      },
      protocol: 'http',
      nowMs: NOW_MS,
      jwksOf: () => keycloak.jwks,
      extensionProviders: new Set(),
    });
    // A token from an issuer no rule names: 401 "Jwt issuer is not configured" (jwt_verify_lib status.cc).
    expect(verdict).toMatchObject({
      ok: false,
      reply: {
        kind: 'jwt',
        code: 401,
        body: 'Jwt issuer is not configured',
        details: 'jwt_authn_access_denied{Jwt_issuer_is_not_configured}',
        flags: '-',
        headers: { 'www-authenticate': 'Bearer realm="http://sentiment.example.com/", error="invalid_token"' },
      },
    });
  });

  it('answer a refused request with the RBAC body and the details of an unmatched ALLOW', () => {
    const verdict = checkInbound({
      security,
      request: {
        method: 'POST',
        path: '/feedback',
        host: 'sentiment.example.com',
        port: 8080,
        headers: {},
        sourceIp: '10.244.0.1',
        remoteIp: '10.244.0.1',
        destinationIp: '10.1.0.9',
      },
      protocol: 'http',
      nowMs: NOW_MS,
      jwksOf: () => undefined,
      extensionProviders: new Set(),
    });
    expect(verdict).toMatchObject({
      ok: false,
      reply: {
        kind: 'rbac',
        code: 403,
        body: 'RBAC: access denied',
        details: 'rbac_access_denied_matched_policy[none]',
        flags: '-',
      },
    });
  });
});
