// The three warnings of issue 18, each naming what it is about and saying what to do.
import { describe, expect, it } from 'vitest';
import type { MtlsPort } from '../../../../lib/api/security.js';
import type { KubeObject } from '../../../../server/sources/kubernetes.js';
import { readAuthzPolicy } from '../../../../server/security/authz-policy.js';
import type { EvaluableCall } from '../../../../server/security/evaluable-calls.js';
import { securityWarnings } from '../../../../server/security/security-warnings.js';

const call = (c: Partial<EvaluableCall> & { from: string | null; principal?: string | null }): EvaluableCall => ({
  destination: { workload: 'sa-webapp', namespace: 'demo' },
  source: {
    workload: c.from?.split('/')[1] ?? null,
    namespace: c.from?.split('/')[0] ?? null,
    principal: c.principal ?? null,
  },
  mtls: c.mtls ?? (c.principal ? true : false),
  operation: c.operation ?? { method: 'POST', path: '/sentiment', port: 8080 },
  responseCode: c.responseCode ?? '200',
  details: c.details ?? 'via_upstream',
  requests: c.requests ?? 10,
});
const GATEWAY = 'cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account';
const gatewayCall = call({ from: 'istio-system/istio-ingressgateway', principal: GATEWAY, requests: 500 });
const legacyCall = call({ from: 'legacy/legacy-reports', mtls: false, requests: 12 });
const meshStrict: MtlsPort[] = [
  {
    port: null,
    mode: 'STRICT',
    level: 'mesh',
    policy: { kind: 'PeerAuthentication', namespace: 'istio-system', name: 'default' },
  },
];
const permissive: MtlsPort[] = [{ port: null, mode: 'PERMISSIVE', level: 'default', policy: null }];
const none = { authz: [], requestAuthns: [] };

describe('security warnings', () => {
  it('names the callers seen in plaintext while STRICT is in force, and the policy', () => {
    const [w] = securityWarnings({ ports: meshStrict, hasSidecar: true, calls: [gatewayCall, legacyCall], ...none });
    expect(w).toMatchObject({
      kind: 'strict-plaintext-callers',
      callers: ['legacy/legacy-reports'],
      policies: [{ kind: 'PeerAuthentication', namespace: 'istio-system', name: 'default' }],
    });
    expect(w!.message).toContain('legacy/legacy-reports called in plaintext in the window (12 requests)');
    expect(w!.fix).toMatch(/sidecar/);
  });

  it('gives no STRICT warning under PERMISSIVE, on a port set PERMISSIVE, or for a workload without a sidecar', () => {
    expect(securityWarnings({ ports: permissive, hasSidecar: true, calls: [legacyCall], ...none })).toEqual([]);
    const portExempt: MtlsPort[] = [...meshStrict, { port: 8080, mode: 'PERMISSIVE', level: 'port', policy: null }];
    expect(securityWarnings({ ports: portExempt, hasSidecar: true, calls: [legacyCall], ...none })).toEqual([]);
    expect(securityWarnings({ ports: meshStrict, hasSidecar: false, calls: [legacyCall], ...none })).toEqual([]);
  });

  it('names the callers whose passed calls an ALLOW policy in force would now refuse', () => {
    const onlyGateway = readAuthzPolicy({
      kind: 'AuthorizationPolicy',
      metadata: { name: 'only-gateway', namespace: 'demo' },
      spec: {
        selector: { matchLabels: { app: 'sa-webapp' } },
        rules: [{ from: [{ source: { principals: [GATEWAY] } }] }],
      },
    });
    const warnings = securityWarnings({
      ports: permissive,
      hasSidecar: true,
      calls: [gatewayCall, legacyCall],
      authz: [onlyGateway],
      requestAuthns: [],
    });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      kind: 'allow-refuses-seen-traffic',
      callers: ['legacy/legacy-reports'],
      policies: [{ name: 'only-gateway' }],
    });
    // Calls the proxy already refused are not "traffic that would now be refused".
    const refused = call({
      from: 'legacy/legacy-reports',
      mtls: false,
      responseCode: '403',
      details: 'rbac_access_denied_matched_policy[none]',
    });
    expect(
      securityWarnings({
        ports: permissive,
        hasSidecar: true,
        calls: [gatewayCall, refused],
        authz: [onlyGateway],
        requestAuthns: [],
      }),
    ).toEqual([]);
  });

  it('warns of a RequestAuthentication that no AuthorizationPolicy backs with a required request principal', () => {
    const ra: KubeObject = {
      kind: 'RequestAuthentication',
      metadata: { name: 'keycloak-request-authn', namespace: 'istio-system' },
      spec: { jwtRules: [{ issuer: 'x' }] },
    };
    const [w] = securityWarnings({ ports: permissive, hasSidecar: true, calls: [], authz: [], requestAuthns: [ra] });
    expect(w).toMatchObject({
      kind: 'jwt-without-requirement',
      policies: [{ kind: 'RequestAuthentication', name: 'keycloak-request-authn' }],
    });
    expect(w!.message).toMatch(/a request without a token passes/);
    const requires = readAuthzPolicy({
      kind: 'AuthorizationPolicy',
      metadata: { name: 'allow-analysis', namespace: 'istio-system' },
      spec: { rules: [{ from: [{ source: { requestPrincipals: ['*'] } }] }] },
    });
    expect(
      securityWarnings({ ports: permissive, hasSidecar: true, calls: [], authz: [requires], requestAuthns: [ra] }),
    ).toEqual([]);
  });
});
