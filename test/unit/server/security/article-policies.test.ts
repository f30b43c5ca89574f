// The article's security chapter (k8s-mastery, shared/fixtures/sentiment-analysis/istio/security): three ALLOW
// policies on the ingress gateway and a RequestAuthentication for Keycloak's tokens. With its users: anyone may load
// the page (allow-view), a signed-in user may analyse (allow-analysis: any request principal on /sentiment*), only
// a moderator (group claim) may give feedback (allow-feedback-for-mods). Istio's order: ALLOW policies present, so a
// request none of them matches is denied (istio.io, reference/config/security/authorization-policy).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { KubeObject } from '../../../../server/sources/kubernetes.js';
import { readAuthzPolicy } from '../../../../server/security/authz-policy.js';
import { evaluateAuthz } from '../../../../server/security/evaluate-authz.js';
import type { RequestFacts } from '../../../../server/security/match-rule.js';
import { authzSummary } from '../../../../server/security/policy-words.js';
import { FIXTURES } from '../../../helpers/fixtures.js';

const SECURITY = join(FIXTURES, 'sentiment-analysis/istio/security');
const read = (file: string) => parse(readFileSync(join(SECURITY, file), 'utf8')) as KubeObject;
const policies = ['allow-view.yaml', 'allow-analysis.yaml', 'allow-feedback.yaml'].map((f) => readAuthzPolicy(read(f)));

const ISSUER = 'http://localhost:8080/auth/realms/master';
// The article's users, as their tokens reach the gateway (the console never sees tokens: these facts stand for what
// the proxy would know after checking them).
const anonymous = { requestPrincipal: null };
const user = { requestPrincipal: `${ISSUER}/user-1`, claims: {} };
const betaUser = { requestPrincipal: `${ISSUER}/beta-1`, claims: { group: ['beta'] } };
const moderator = { requestPrincipal: `${ISSUER}/mod-1`, claims: { group: ['moderator'] } };

const at = (who: Pick<RequestFacts, 'requestPrincipal' | 'claims'>, method: string, path: string) =>
  evaluateAuthz(policies, { principal: null, method, path, port: 8080, ...who }).decision;

describe("the article's policies on the ingress gateway", () => {
  it('let anyone load the page, its assets and the sign-in', () => {
    expect(at(anonymous, 'GET', '/')).toBe('allow');
    expect(at(anonymous, 'GET', '/static/js/main.js')).toBe('allow');
    expect(at(anonymous, 'GET', '/auth/realms/master/protocol/openid-connect/certs')).toBe('allow');
  });

  it('refuse an analysis without a token, and allow it to any signed-in user', () => {
    expect(at(anonymous, 'POST', '/sentiment')).toBe('deny');
    expect(at(user, 'POST', '/sentiment')).toBe('allow');
    expect(at(betaUser, 'POST', '/sentiment')).toBe('allow');
  });

  it('allow feedback to the moderator only', () => {
    expect(at(anonymous, 'POST', '/feedback')).toBe('deny');
    expect(at(user, 'POST', '/feedback')).toBe('deny');
    expect(at(betaUser, 'POST', '/feedback')).toBe('deny');
    expect(at(moderator, 'POST', '/feedback')).toBe('allow');
  });

  it('say in words who may call what', () => {
    expect(policies.flatMap(authzSummary)).toEqual([
      'ALLOW: anyone, paths /, /static*, /auth*',
      'ALLOW: any request principal, paths /sentiment*',
      'ALLOW: any request principal, when request.auth.claims[group] is moderator',
    ]);
  });
});
