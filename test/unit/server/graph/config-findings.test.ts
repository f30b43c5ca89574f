import { describe, expect, it } from 'vitest';
import { configFindings, findingsOfNode } from '../../../../server/graph/config-findings.js';
import { indexDestinationRules, indexVirtualServices } from '../../../../server/mesh/istio-refs.js';

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

  it('marks a gateway workload, its app and its service with the Gateways selecting it, as the lists show them', () => {
    const gateways = configFindings([
      {
        kind: 'Gateway',
        namespace: 'demo',
        name: 'http-gateway',
        spec: { selector: { istio: 'ingressgateway' }, servers: [] },
        counts: { errors: 1, warnings: 0 },
      },
      {
        kind: 'Gateway',
        namespace: 'demo',
        name: 'other',
        spec: { selector: { istio: 'egressgateway' }, servers: [] },
        counts: { errors: 0, warnings: 4 },
      },
    ]);
    const ingress = {
      namespace: 'istio-system',
      name: 'istio-ingressgateway',
      isGateway: true,
      labels: { app: 'istio-ingressgateway', istio: 'ingressgateway' },
    };
    expect(findingsOfNode({ nodeType: 'workload', namespace: 'istio-system' }, [ingress], gateways)).toEqual({
      errors: 1,
      warnings: 0,
    });
    // Two replicas' workloads behind one app or service: the Gateway is counted once, as the lists list it once.
    const twice = [ingress, { ...ingress, name: 'istio-ingressgateway-canary' }];
    expect(findingsOfNode({ nodeType: 'app', namespace: 'istio-system' }, twice, gateways)).toEqual({
      errors: 1,
      warnings: 0,
    });
    const service = { nodeType: 'service', namespace: 'istio-system', service: 'istio-ingressgateway' };
    expect(findingsOfNode(service, null, gateways, twice)).toEqual({ errors: 1, warnings: 0 });
    // A workload that is no gateway is not configured by a Gateway, whatever its labels.
    expect(
      findingsOfNode({ nodeType: 'workload', namespace: 'demo' }, [{ ...ingress, isGateway: false }], gateways),
    ).toBeNull();
  });

  it('marks a service with the findings of wildcard hosts covering it, once per object, as the services list lists them', () => {
    const objects = [
      {
        kind: 'DestinationRule',
        namespace: 'shop',
        name: 'all-of-shop',
        spec: { host: '*.shop.svc.cluster.local' },
        counts: { errors: 0, warnings: 1 },
      },
      {
        // Both an exact host and a wildcard over it: one object, counted once.
        kind: 'VirtualService',
        namespace: 'shop',
        name: 'cart-and-all',
        spec: { hosts: ['cart', '*.shop.svc.cluster.local'] },
        counts: { errors: 1, warnings: 0 },
      },
      {
        kind: 'DestinationRule',
        namespace: 'shop',
        name: 'elsewhere',
        spec: { host: '*.other.svc.cluster.local' },
        counts: { errors: 3, warnings: 0 },
      },
    ];
    const toKube = (o: (typeof objects)[number]) => ({
      kind: o.kind,
      metadata: { namespace: o.namespace, name: o.name },
      spec: o.spec,
    });
    // What the services list shows among cart's Istio config (server/mesh/build-mesh.ts configRefsForServices).
    const host = 'cart.shop.svc.cluster.local';
    const listed = [
      ...indexVirtualServices(objects.filter((o) => o.kind === 'VirtualService').map(toKube)).refsFor(host),
      ...indexDestinationRules(objects.filter((o) => o.kind === 'DestinationRule').map(toKube)).refsFor(host),
    ];
    const expected = objects
      .filter((o) => new Set(listed.map((r) => r.name)).has(o.name))
      .reduce((sum, o) => ({ errors: sum.errors + o.counts.errors, warnings: sum.warnings + o.counts.warnings }), {
        errors: 0,
        warnings: 0,
      });
    expect(expected).toEqual({ errors: 1, warnings: 1 });
    const node = { nodeType: 'service', namespace: 'shop', service: 'cart' };
    expect(findingsOfNode(node, null, configFindings(objects))).toEqual(expected);
  });
});
