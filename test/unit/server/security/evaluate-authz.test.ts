// Istio's AuthorizationPolicy semantics, case by case, as istio.io documents them:
// - reference/config/security/authorization-policy (the evaluation order: "If there are any CUSTOM policies that
//   match the request, evaluate and deny the request if the evaluation result is deny. If there are any DENY policies
//   that match the request, deny the request. If there are no ALLOW policies for the workload, allow the request. If
//   any of the ALLOW policies match the request, allow the request. Deny the request."; AUDIT does not decide; the
//   Source and Operation fields, `*` for "any non-empty", prefix/suffix matching of paths; `when` conditions);
// - concepts/security "Authorization policies" (allow-nothing: an ALLOW policy without rules; `rules: [{}]` matches
//   every request; a field left out is no constraint);
// - reference/config/security/conditions (request.auth.claims[...] keys).
import { describe, expect, it } from 'vitest';
import { readAuthzPolicy } from '../../../../server/security/authz-policy.js';
import { evaluateAuthz } from '../../../../server/security/evaluate-authz.js';
import type { RequestFacts } from '../../../../server/security/match-rule.js';

const policy = (name: string, spec: Record<string, unknown>, annotations: Record<string, string> = {}) =>
  readAuthzPolicy({ kind: 'AuthorizationPolicy', metadata: { name, namespace: 'demo', annotations }, spec });

const WEBAPP = 'cluster.local/ns/demo/sa/sa-webapp';
const GATEWAY = 'cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account';
const request = (facts: Partial<RequestFacts> = {}): RequestFacts => ({
  principal: WEBAPP,
  requestPrincipal: null,
  method: 'GET',
  path: '/analyse/sentiment',
  port: 5000,
  ...facts,
});
const decide = (policies: ReturnType<typeof policy>[], facts: Partial<RequestFacts> = {}) =>
  evaluateAuthz(policies, request(facts)).decision;

describe('the order of actions', () => {
  it('allows everything when no policy is in force', () => {
    expect(decide([])).toBe('allow');
  });

  it('denies a request a DENY policy matches even when an ALLOW policy matches it too', () => {
    const allowAll = policy('allow-all', { action: 'ALLOW', rules: [{}] });
    const denyGet = policy('deny-get', { action: 'DENY', rules: [{ to: [{ operation: { methods: ['GET'] } }] }] });
    const verdict = evaluateAuthz([allowAll, denyGet], request());
    expect(verdict).toMatchObject({ decision: 'deny', policy: { name: 'deny-get' }, rule: 0 });
    expect(decide([allowAll, denyGet], { method: 'POST' })).toBe('allow');
  });

  it('allows a request no DENY policy matches when there is no ALLOW policy', () => {
    expect(
      decide([policy('deny-post', { action: 'DENY', rules: [{ to: [{ operation: { methods: ['POST'] } }] }] })]),
    ).toBe('allow');
  });

  it('denies a request that no rule of the ALLOW policies in force matches', () => {
    const onlyGateway = policy('only-gateway', { rules: [{ from: [{ source: { principals: [GATEWAY] } }] }] });
    const verdict = evaluateAuthz([onlyGateway], request());
    expect(verdict.decision).toBe('deny');
    expect(verdict.because).toMatch(/none of their rules matches/);
    expect(decide([onlyGateway], { principal: GATEWAY })).toBe('allow');
  });

  it('leaves the answer to the external authorizer when a CUSTOM policy matches: the console cannot know it', () => {
    const custom = policy('ext', {
      action: 'CUSTOM',
      provider: { name: 'opa' },
      rules: [{ to: [{ operation: { paths: ['/admin*'] } }] }],
    });
    expect(evaluateAuthz([custom], request({ path: '/admin/users' }))).toMatchObject({
      decision: 'unknown',
      policy: { name: 'ext' },
    });
    expect(decide([custom], { path: '/analyse/sentiment' })).toBe('allow');
  });

  it('decides nothing with an AUDIT policy, which only marks requests for logging', () => {
    expect(decide([policy('audit', { action: 'AUDIT', rules: [{}] })])).toBe('allow');
  });

  it('does not enforce a dry-run policy (istio.io/dry-run: "true")', () => {
    expect(decide([policy('deny-all', { action: 'DENY', rules: [{}] }, { 'istio.io/dry-run': 'true' })])).toBe('allow');
  });
});

describe('empty rules', () => {
  it('denies every request under an ALLOW policy without rules (allow-nothing)', () => {
    expect(decide([policy('allow-nothing', {})])).toBe('deny');
  });

  it('allows every request under an ALLOW policy whose one rule is empty (rules: [{}])', () => {
    expect(decide([policy('allow-all', { rules: [{}] })], { principal: null })).toBe('allow');
  });

  it('denies nothing with a DENY policy without rules', () => {
    expect(decide([policy('deny-nothing', { action: 'DENY' })])).toBe('allow');
  });
});

describe('sources', () => {
  it('matches principals exactly and by prefix or suffix, and never a plaintext caller (no peer principal)', () => {
    const bySuffix = policy('sa', { rules: [{ from: [{ source: { principals: ['*/sa/sa-webapp'] } }] }] });
    expect(decide([bySuffix])).toBe('allow');
    expect(decide([bySuffix], { principal: null })).toBe('deny');
    const anyPeer = policy('any-peer', { rules: [{ from: [{ source: { principals: ['*'] } }] }] });
    expect(decide([anyPeer])).toBe('allow');
    expect(decide([anyPeer], { principal: null })).toBe('deny');
  });

  it('notPrincipals matches every caller but the named ones, a plaintext caller included', () => {
    const denyButWebapp = policy('deny-others', {
      action: 'DENY',
      rules: [{ from: [{ source: { notPrincipals: [WEBAPP] } }] }],
    });
    expect(decide([denyButWebapp])).toBe('allow');
    expect(decide([denyButWebapp], { principal: GATEWAY })).toBe('deny');
    expect(decide([denyButWebapp], { principal: null })).toBe('deny');
  });

  it('reads namespaces from the peer certificate, so a plaintext caller is in no namespace', () => {
    const fromDemo = policy('demo', { rules: [{ from: [{ source: { namespaces: ['demo'] } }] }] });
    expect(decide([fromDemo])).toBe('allow');
    expect(decide([fromDemo], { principal: GATEWAY })).toBe('deny');
    expect(decide([fromDemo], { principal: null })).toBe('deny');
  });

  it('requestPrincipals ["*"] needs a request principal: none without a RequestAuthentication, unknown with one', () => {
    const signedIn = policy('signed-in', { rules: [{ from: [{ source: { requestPrincipals: ['*'] } }] }] });
    expect(decide([signedIn], { requestPrincipal: null })).toBe('deny');
    expect(decide([signedIn], { requestPrincipal: 'http://keycloak/realms/master/user-1' })).toBe('allow');
    expect(decide([signedIn], { requestPrincipal: undefined })).toBe('unknown');
  });

  it('matches a request when any of its sources does, and a source only when all its fields do', () => {
    const either = policy('either', {
      rules: [
        {
          from: [{ source: { principals: [GATEWAY] } }, { source: { namespaces: ['demo'], notPrincipals: [WEBAPP] } }],
        },
      ],
    });
    expect(decide([either], { principal: GATEWAY })).toBe('allow');
    expect(decide([either], { principal: 'cluster.local/ns/demo/sa/sa-feedback' })).toBe('allow');
    expect(decide([either])).toBe('deny'); // demo, but the excluded principal
  });
});

describe('operations', () => {
  const paths = (p: string[]) => policy('paths', { rules: [{ to: [{ operation: { paths: p } }] }] });

  it('matches paths exactly, by prefix (/sentiment*) and by suffix (*/health)', () => {
    expect(decide([paths(['/sentiment*'])], { path: '/sentiment/en' })).toBe('allow');
    expect(decide([paths(['/sentiment*'])], { path: '/feedback' })).toBe('deny');
    expect(decide([paths(['*/health'])], { path: '/api/health' })).toBe('allow');
    expect(decide([paths(['/'])], { path: '/index.html' })).toBe('deny');
  });

  it('needs method, path and port to match together within one operation', () => {
    const postOn5000 = policy('post', { rules: [{ to: [{ operation: { methods: ['POST'], ports: ['5000'] } }] }] });
    expect(decide([postOn5000], { method: 'POST' })).toBe('allow');
    expect(decide([postOn5000], { method: 'POST', port: 8080 })).toBe('deny');
    expect(decide([postOn5000], { method: 'GET' })).toBe('deny');
  });

  it('answers unknown, never a guess, when the rule is on an operation the console did not see', () => {
    expect(decide([paths(['/sentiment*'])], { path: undefined, method: undefined })).toBe('unknown');
  });

  it('notPaths excludes paths from a DENY', () => {
    const denyButHealth = policy('d', { action: 'DENY', rules: [{ to: [{ operation: { notPaths: ['/health'] } }] }] });
    expect(decide([denyButHealth], { path: '/health' })).toBe('allow');
    expect(decide([denyButHealth], { path: '/data' })).toBe('deny');
  });
});

describe('conditions', () => {
  const moderators = policy('mods', {
    rules: [
      {
        from: [{ source: { requestPrincipals: ['*'] } }],
        when: [{ key: 'request.auth.claims[group]', values: ['moderator'] }],
      },
    ],
  });

  it('matches request.auth.claims[group] against the token claims', () => {
    const token = { requestPrincipal: 'issuer/mod' };
    expect(decide([moderators], { ...token, claims: { group: ['moderator'] } })).toBe('allow');
    expect(decide([moderators], { ...token, claims: { group: ['beta'] } })).toBe('deny');
    expect(decide([moderators], { ...token, claims: undefined })).toBe('unknown');
  });

  it('matches source.namespace from the peer identity and leaves headers unknown', () => {
    const ns = policy('ns', { rules: [{ when: [{ key: 'source.namespace', values: ['demo'] }] }] });
    expect(decide([ns])).toBe('allow');
    expect(decide([ns], { principal: null })).toBe('deny');
    const header = policy('h', { rules: [{ when: [{ key: 'request.headers[x-user]', values: ['a'] }] }] });
    expect(decide([header])).toBe('unknown');
  });
});
