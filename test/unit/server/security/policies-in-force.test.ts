// Which policies are in force on a workload, through the console's one matcher (server/mesh/config-reach.ts): a
// selector in its namespace, namespace-wide, the root namespace for the whole mesh (a selector there picks workloads
// of every namespace), a targetRef to its Service; and "who may call whom" in Istio's order with its default.
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../server/sources/kubernetes.js';
import { accessModel } from '../../../../server/security/access-model.js';
import { policiesInForce } from '../../../../server/security/policies-in-force.js';

const ap = (namespace: string, name: string, spec: Record<string, unknown>): KubeObject => ({
  kind: 'AuthorizationPolicy',
  metadata: { name, namespace },
  spec,
});
const webapp = { namespace: 'demo', workloadLabels: [{ app: 'sa-webapp' }], services: ['sa-webapp'] };
const inForce = (objects: KubeObject[]) => policiesInForce(objects, webapp, 'istio-system');

describe('the policies in force on sa-webapp', () => {
  it('are those whose selector, namespace, root namespace or targetRef reach it, with how', () => {
    const { policies } = inForce([
      ap('demo', 'by-selector', { selector: { matchLabels: { app: 'sa-webapp' } }, rules: [{}] }),
      ap('demo', 'namespace-wide', { action: 'DENY', rules: [{ from: [{ source: { namespaces: ['legacy'] } }] }] }),
      ap('istio-system', 'mesh-wide', { action: 'AUDIT', rules: [{}] }),
      ap('demo', 'by-target', { targetRefs: [{ kind: 'Service', group: '', name: 'sa-webapp' }], rules: [{}] }),
      ap('demo', 'other-workload', { selector: { matchLabels: { app: 'sa-logic' } } }),
      ap('legacy', 'other-namespace', {}),
      ap('istio-system', 'gateway-only', { selector: { matchLabels: { app: 'istio-ingressgateway' } } }),
    ]);
    expect(policies.map((p) => [p.ref.name, p.scope, p.action])).toEqual([
      ['namespace-wide', 'namespace', 'DENY'],
      ['by-selector', 'workload', 'ALLOW'],
      ['by-target', 'targetRef', 'ALLOW'],
      ['mesh-wide', 'mesh', 'AUDIT'],
    ]);
    expect(policies[0]!.summary).toEqual(['DENY: namespace legacy']);
  });
});

describe('who may call whom', () => {
  it('lists the rules in Istio order (CUSTOM, DENY, ALLOW, AUDIT) and denies what no ALLOW rule names', () => {
    const { authz } = inForce([
      ap('demo', 'allow-gateway', {
        selector: { matchLabels: { app: 'sa-webapp' } },
        rules: [
          {
            from: [{ source: { principals: ['cluster.local/ns/istio-system/sa/gw'] } }],
            to: [{ operation: { methods: ['POST'], paths: ['/sentiment*'] } }],
          },
        ],
      }),
      ap('demo', 'deny-legacy', { action: 'DENY', rules: [{ from: [{ source: { notPrincipals: ['*'] } }] }] }),
    ]);
    const model = accessModel(authz);
    expect(model.rows.map((r) => [r.decision, r.source, r.operation])).toEqual([
      ['deny', 'no mTLS peer', 'any operation'],
      ['allow', 'principal cluster.local/ns/istio-system/sa/gw', 'methods POST and paths /sentiment*'],
    ]);
    expect(model.rows[1]).toMatchObject({
      from: [{ principals: ['cluster.local/ns/istio-system/sa/gw'] }],
      to: [{ methods: ['POST'], paths: ['/sentiment*'] }],
    });
    expect(model.otherwise).toBe('deny');
  });

  it('allows what nothing denies when no ALLOW policy is in force', () => {
    expect(accessModel([])).toMatchObject({ rows: [], otherwise: 'allow' });
  });
});
