import { describe, expect, it } from 'vitest';
import { configFindings, findingsOfNode } from '../../../../server/graph/config-findings.js';

describe('validation findings on the graph', () => {
  const findings = configFindings([
    {
      kind: 'VirtualService',
      namespace: 'demo',
      name: 'sa-logic',
      spec: { hosts: ['sa-logic'], http: [{ route: [{ destination: { host: 'sa-logic.demo.svc.cluster.local' } }] }] },
      counts: { errors: 1, warnings: 0 },
    },
    {
      kind: 'DestinationRule',
      namespace: 'shop',
      name: 'cart',
      spec: { host: 'sa-logic.demo' },
      counts: { errors: 0, warnings: 2 },
    },
    { kind: 'Deployment', namespace: 'demo', name: 'sa-logic-v2', spec: {}, counts: { errors: 0, warnings: 1 } },
    { kind: 'AuthorizationPolicy', namespace: 'demo', name: 'all', spec: {}, counts: { errors: 5, warnings: 0 } },
    { kind: 'Service', namespace: 'demo', name: 'clean', spec: {}, counts: { errors: 0, warnings: 0 } },
  ]);

  it('adds up, on a service, the findings of every object naming its host (short names resolved)', () => {
    expect(findingsOfNode({ nodeType: 'service', namespace: 'demo', service: 'sa-logic' }, null, findings)).toEqual({
      errors: 1,
      warnings: 0,
    });
  });

  it('does not mark a service with the findings of a rule whose host is written name.namespace (Istio takes it as written)', () => {
    expect(findings.byHost.get('sa-logic.demo')).toEqual({ errors: 0, warnings: 2 });
    expect(findings.byHost.get('sa-logic.demo.svc.cluster.local')).toEqual({ errors: 1, warnings: 0 });
  });

  it('marks workload nodes by their own objects only, and nothing without findings', () => {
    const v2 = [{ namespace: 'demo', name: 'sa-logic-v2' }];
    expect(findingsOfNode({ nodeType: 'app', namespace: 'demo' }, v2, findings)).toEqual({ errors: 0, warnings: 1 });
    expect(findingsOfNode({ nodeType: 'service', namespace: 'demo', service: 'clean' }, null, findings)).toBeNull();
    // A namespace-wide policy marks no single node.
    expect(
      findingsOfNode({ nodeType: 'app', namespace: 'demo' }, [{ namespace: 'demo', name: 'x' }], findings),
    ).toBeNull();
  });
});
