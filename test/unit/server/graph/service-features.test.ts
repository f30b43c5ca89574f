import { describe, expect, it } from 'vitest';
import { serviceFeatures } from '../../../../server/graph/service-features.js';
import { indexDestinationRules, indexVirtualServices } from '../../../../server/mesh/istio-refs.js';

const wideVs = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'all-of-shop', namespace: 'shop' },
  spec: { hosts: ['*.shop.svc.cluster.local'], http: [{ timeout: '2s', route: [{ destination: { host: 'cart' } }] }] },
};
const wideDr = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'DestinationRule',
  metadata: { name: 'all', namespace: 'istio-system' },
  spec: { host: '*', trafficPolicy: { outlierDetection: { consecutive5xxErrors: 3 } } },
};

describe("the graph's badges of a service's Istio config", () => {
  it('include what a wildcard VirtualService or DestinationRule covering the service does, as the services list shows them', () => {
    const host = 'catalog.shop.svc.cluster.local';
    // The services list lists both among catalog's Istio config (server/mesh/build-mesh.ts configRefsForServices).
    expect(indexVirtualServices([wideVs]).refsFor(host)).toHaveLength(1);
    expect(indexDestinationRules([wideDr]).refsFor(host)).toHaveLength(1);
    const badges = serviceFeatures([wideVs], [wideDr]).get(host);
    expect([...(badges ?? [])].sort()).toEqual(['circuit-breaker', 'request-timeout', 'virtual-service']);
  });

  it('keep a service outside the wildcard clean, and merge exact and wildcard badges once', () => {
    const features = serviceFeatures([wideVs], []);
    expect(features.get('cart.other.svc.cluster.local')).toBeUndefined();
    const exact = { ...wideVs, metadata: { name: 'cart', namespace: 'shop' }, spec: { hosts: ['cart'], http: [{}] } };
    const both = serviceFeatures([wideVs, exact], []).get('cart.shop.svc.cluster.local');
    expect([...(both ?? [])].sort()).toEqual(['request-timeout', 'virtual-service']);
  });
});
