// The pasted policy refused as a person needs to hear it: the field, and what to do.
import { describe, expect, it } from 'vitest';
import { parseDraftPolicy } from '../../../../server/security/parse-draft-policy.js';

const YAML = `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: only-gateway
spec:
  selector:
    matchLabels:
      app: sa-webapp
  rules:
  - from:
    - source:
        principals: ["cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account"]
`;

describe('the drafted policy', () => {
  it('reads YAML text into the object kubectl apply -n would create in the namespace', () => {
    const policy = parseDraftPolicy(YAML, 'demo');
    expect(policy.metadata).toMatchObject({ name: 'only-gateway', namespace: 'demo' });
    expect(policy.spec).toMatchObject({ selector: { matchLabels: { app: 'sa-webapp' } } });
  });

  it('reads a JSON object as well', () => {
    const object = {
      apiVersion: 'security.istio.io/v1beta1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'x', namespace: 'demo' },
      spec: {},
    };
    expect(parseDraftPolicy(object, 'demo').metadata.name).toBe('x');
  });

  it.each([
    ['YAML that does not parse', 'kind: [AuthorizationPolicy', /^policy: the YAML does not parse \(line \d+\)/],
    [
      'another kind',
      YAML.replace('AuthorizationPolicy', 'PeerAuthentication'),
      /^policy\.kind: paste an AuthorizationPolicy/,
    ],
    [
      'a wrong apiVersion',
      YAML.replace('security.istio.io/v1', 'networking.istio.io/v1'),
      /^policy\.apiVersion: security\.istio\.io\/v1/,
    ],
    ['no name', YAML.replace('  name: only-gateway\n', ''), /^policy\.metadata\.name: give the policy a name/],
    [
      'a misspelt field',
      YAML.replace('principals:', 'principal:'),
      /^policy\.spec\.rules\[0\]\.from\[0\]\.source: .*principal/i,
    ],
    [
      'an unknown action',
      YAML.replace('spec:\n', 'spec:\n  action: REJECT\n'),
      /^policy\.spec\.action: one of ALLOW, DENY, AUDIT or CUSTOM/,
    ],
    ['two documents', `${YAML}---\n${YAML}`, /^policy: the text holds 2 YAML documents; paste one AuthorizationPolicy/],
    [
      'CUSTOM without provider',
      YAML.replace('spec:\n', 'spec:\n  action: CUSTOM\n'),
      /^policy\.spec\.provider: a CUSTOM policy names/,
    ],
  ])('refuses %s, naming the field', (_, text, message) => {
    expect(() => parseDraftPolicy(text, 'demo')).toThrow(message);
  });

  it("refuses a namespace other than the simulation's, saying where to simulate it", () => {
    expect(() =>
      parseDraftPolicy(YAML.replace('  name: only-gateway\n', '  name: only-gateway\n  namespace: shop\n'), 'demo'),
    ).toThrow(
      'policy.metadata.namespace: "shop" is not demo, the namespace of this simulation; remove it or simulate in /api/namespaces/shop/authorization/simulate',
    );
  });
});
