// AuthorizationPolicy evaluation, case by case against istio.io's reference (security/authorization-policy) and the
// concept page (security/authorization: "Implicit enablement", "Authorization policy precedence").
import { describe, expect, it } from 'vitest';
import { authzFor, BAD_CUSTOM_POLICY, evaluateAuthz } from '../../../src/security/authorization-policy.js';
import { authz, request } from './authz-helpers.js';

const webapp = { namespace: 'demo', labels: { app: 'sa-webapp', version: 'v1' } };
const decide = (policies: ReturnType<typeof authz>[], req = request()) =>
  evaluateAuthz(authzFor(policies, webapp), req);

describe('AuthorizationPolicy actions', () => {
  it('allows every request when no policy applies to the workload', () => {
    // "If there are no ALLOW policies for the workload, allow the request."
    expect(decide([]).allowed).toBe(true);
  });

  it('denies with the matching DENY rule named, even when an ALLOW policy also matches (DENY before ALLOW)', () => {
    const decision = decide([
      authz('demo', 'allow-all', { rules: [{}] }),
      authz('demo', 'deny-delete', {
        action: 'DENY',
        rules: [{ to: [{ operation: { methods: ['POST'] } }] }, { to: [{ operation: { methods: ['GET'] } }] }],
      }),
    ]);
    // Envoy names the policy ns[<ns>]-policy[<name>]-rule[<index>] (istio/istio pilot/pkg/security/authz/model).
    expect(decision).toMatchObject({ allowed: false, policyId: 'ns[demo]-policy[deny-delete]-rule[1]' });
  });

  it('denies with policy "none" when ALLOW policies exist and none matches', () => {
    const decision = decide([authz('demo', 'only-post', { rules: [{ to: [{ operation: { methods: ['POST'] } }] }] })]);
    expect(decision).toMatchObject({ allowed: false, policyId: 'none' });
  });

  it('denies everything with an empty spec (ALLOW with no rules matches nothing: "allow-nothing")', () => {
    // istio.io reference, AuthorizationPolicy: "The following example shows how to set up a policy that allows
    // nothing ... spec: {}" — the default action is ALLOW and a policy without rules matches no request.
    expect(decide([authz('demo', 'allow-nothing', {})])).toMatchObject({ allowed: false, policyId: 'none' });
  });

  it('allows everything with rules: [{}] (an empty rule always matches)', () => {
    expect(decide([authz('demo', 'allow-all', { rules: [{}] })]).allowed).toBe(true);
  });

  it('never denies with a DENY policy that has no rules', () => {
    expect(decide([authz('demo', 'deny-nothing', { action: 'DENY' })]).allowed).toBe(true);
  });

  it('denies everything with a DENY policy whose rule is empty ("deny-all")', () => {
    const decision = decide([authz('demo', 'deny-all', { action: 'DENY', rules: [{}] })]);
    expect(decision).toMatchObject({ allowed: false, policyId: 'ns[demo]-policy[deny-all]-rule[0]' });
  });

  it('never lets an AUDIT policy decide, and counts the requests it marks for logging', () => {
    const decision = decide([authz('demo', 'audit-get', { action: 'AUDIT', rules: [{}] })]);
    expect(decision).toEqual({ allowed: true, counts: { allowed: 1, denied: 0, logged: 1 } });
  });

  it('denies everything when a CUSTOM policy names a provider MeshConfig does not declare', () => {
    // istio/istio pilot/pkg/security/authz/builder/extauthz.go: "will generate a deny all config".
    const decision = decide([
      authz('demo', 'ext', {
        action: 'CUSTOM',
        provider: { name: 'opa' },
        rules: [{ to: [{ operation: { paths: ['/admin'] } }] }],
      }),
      authz('demo', 'allow-all', { rules: [{}] }),
    ]);
    expect(decision).toMatchObject({ allowed: false, policyId: BAD_CUSTOM_POLICY });
  });

  it('counts one allowed per RBAC filter a request passes', () => {
    const decision = decide([
      authz('demo', 'deny-admin', { action: 'DENY', rules: [{ to: [{ operation: { paths: ['/admin*'] } }] }] }),
      authz('demo', 'allow-all', { rules: [{}] }),
    ]);
    expect(decision).toEqual({ allowed: true, counts: { allowed: 2, denied: 0, logged: 0 } });
  });
});

describe('AuthorizationPolicy sources', () => {
  it('matches notPrincipals only for peers outside the list, and never on plaintext for principals', () => {
    const policies = [
      authz('demo', 'not-frontend', {
        action: 'DENY',
        rules: [{ from: [{ source: { notPrincipals: ['cluster.local/ns/demo/sa/sa-frontend'] } }] }],
      }),
    ];
    expect(decide(policies).allowed).toBe(true);
    const other = request({ peer: { principal: 'cluster.local/ns/legacy/sa/legacy-reports', namespace: 'legacy' } });
    expect(decide(policies, other).allowed).toBe(false);
    // Plaintext: no peer identity, so "not in the list" holds and the DENY applies.
    expect(decide(policies, request({ peer: undefined })).allowed).toBe(false);
    const allowFrontend = [
      authz('demo', 'frontend', { rules: [{ from: [{ source: { principals: ['cluster.local/ns/demo/sa/*'] } }] }] }),
    ];
    expect(decide(allowFrontend).allowed).toBe(true);
    expect(decide(allowFrontend, request({ peer: undefined })).allowed).toBe(false);
  });

  it('matches namespaces from the peer certificate, and ipBlocks from the connection address', () => {
    const policies = [
      authz('demo', 'from-demo', { rules: [{ from: [{ source: { namespaces: ['demo'] } }] }] }),
      authz('demo', 'from-legacy-net', { rules: [{ from: [{ source: { ipBlocks: ['10.2.0.0/16'] } }] }] }),
    ];
    expect(decide(policies).allowed).toBe(true);
    expect(decide(policies, request({ peer: undefined, sourceIp: '10.2.3.4' })).allowed).toBe(true);
    expect(decide(policies, request({ peer: undefined, sourceIp: '10.3.3.4' })).allowed).toBe(false);
  });

  it('matches requestPrincipals "*" only when a token verified, and notRequestPrincipals "*" when none did', () => {
    const requireToken = [
      authz('demo', 'require-jwt', {
        action: 'DENY',
        rules: [{ from: [{ source: { notRequestPrincipals: ['*'] } }] }],
      }),
    ];
    expect(decide(requireToken).allowed).toBe(false);
    const auth = { principal: 'http://keycloak/realms/demo/u-1', claims: {}, audiences: [] };
    expect(decide(requireToken, request({ auth })).allowed).toBe(true);
  });
});

describe('AuthorizationPolicy operations and conditions', () => {
  it('matches paths exactly, by prefix and by suffix, without the query string', () => {
    const policies = [
      authz('demo', 'paths', { rules: [{ to: [{ operation: { paths: ['/', '/static*', '*.ico'] } }] }] }),
    ];
    for (const path of ['/', '/static/js/main.js', '/favicon.ico', '/?lang=en'])
      expect(decide(policies, request({ path })).allowed).toBe(true);
    for (const path of ['/sentiment', '/feedback', '/auth/x'])
      expect(decide(policies, request({ path })).allowed).toBe(false);
  });

  it('matches methods, ports (the workload port) and hosts without case and with a port', () => {
    const policies = [
      authz('demo', 'ops', {
        rules: [
          { to: [{ operation: { methods: ['POST'], ports: ['8080'], hosts: ['SA-WEBAPP.demo.svc.cluster.local'] } }] },
        ],
      }),
    ];
    expect(decide(policies, request({ method: 'POST', host: 'sa-webapp.demo.svc.cluster.local:80' })).allowed).toBe(
      true,
    );
    expect(decide(policies, request({ method: 'POST', port: 80 })).allowed).toBe(false);
    expect(decide(policies, request({ method: 'GET' })).allowed).toBe(false);
  });

  it('matches when conditions on claims (list or string), headers and source.namespace, all of them', () => {
    const policies = [
      authz('demo', 'mods', {
        rules: [
          {
            when: [
              { key: 'request.auth.claims[group]', values: ['moderator'] },
              { key: 'request.headers[x-env]', notValues: ['test*'] },
              { key: 'source.namespace', values: ['demo'] },
            ],
          },
        ],
      }),
    ];
    const moderator = { principal: 'iss/mod', claims: { group: ['users', 'moderator'] }, audiences: [] };
    expect(decide(policies, request({ auth: moderator })).allowed).toBe(true);
    expect(decide(policies, request({ auth: moderator, headers: { 'X-Env': 'testing' } })).allowed).toBe(false);
    expect(decide(policies, request({ auth: { ...moderator, claims: { group: 'users' } } })).allowed).toBe(false);
    expect(decide(policies, request({ auth: moderator, peer: undefined })).allowed).toBe(false);
  });
});

describe('AuthorizationPolicy selection', () => {
  it('applies root-namespace policies to every namespace, and a selector only to the workloads it names', () => {
    const meshWide = authz('istio-system', 'deny-all', { action: 'DENY', rules: [{}] });
    expect(decide([meshWide]).allowed).toBe(false);
    const otherApp = authz('demo', 'logic-only', { selector: { matchLabels: { app: 'sa-logic' } } });
    expect(decide([otherApp]).allowed).toBe(true);
    const otherNamespace = authz('legacy', 'allow-nothing', {});
    expect(decide([otherNamespace]).allowed).toBe(true);
  });
});
