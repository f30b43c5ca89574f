import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../../src/scenarios/index.js';
import { GR } from '../../../../src/store/resource-types.js';
import { containerNames, endpointIps, meshUnderTest } from '../mesh-under-test.js';

describe('the bookinfo scenario', () => {
  const scenario = loadScenario('bookinfo');
  const mesh = meshUnderTest();
  mesh.apply(...scenario.objects);
  const pods = mesh.store.list(GR.pods, 'bookinfo');
  const podOf = (app: string, version = 'v1') =>
    pods.find((p) => p.metadata.labels!.app === app && p.metadata.labels!.version === version)!;

  it('runs productpage, details, ratings and reviews v1, v2 and v3 with sidecars', () => {
    const workloads = pods.map((p) => `${p.metadata.labels!.app}-${p.metadata.labels!.version}`).sort();
    expect(workloads).toEqual(['details-v1', 'productpage-v1', 'ratings-v1', 'reviews-v1', 'reviews-v2', 'reviews-v3']);
    for (const pod of pods) expect(containerNames(pod)).toContain('istio-proxy');
    expect(endpointIps(mesh.store.get(GR.endpoints, 'bookinfo', 'reviews'))).toHaveLength(3);
    expect(podOf('reviews').spec.serviceAccountName).toBe('bookinfo-reviews');
  });

  it('routes the ingress to productpage and declares every subset, with no reviews VirtualService', () => {
    const vs = mesh.store.get(GR.virtualservices, 'bookinfo', 'bookinfo')!;
    expect(vs.spec.gateways).toEqual(['bookinfo-gateway']);
    expect(vs.spec.http[0].route[0].destination).toEqual({ host: 'productpage', port: { number: 9080 } });
    expect(
      mesh.store
        .list(GR.destinationrules, 'bookinfo')
        .map((dr) => dr.metadata.name)
        .sort(),
    ).toEqual(['details', 'productpage', 'ratings', 'reviews']);
    expect(mesh.store.get(GR.virtualservices, 'bookinfo', 'reviews')).toBeUndefined();
  });

  it('calls details and reviews from productpage, and ratings from reviews v2 and v3 only', () => {
    const calls = (app: string, version?: string) =>
      scenario.behaviourFor(podOf(app, version))!.calls.map((c) => `${c.method} ${c.host}:${c.port}${c.path}`);
    expect(calls('productpage')).toEqual(['GET details:9080/details/0', 'GET reviews:9080/reviews/0']);
    expect(calls('reviews', 'v1')).toEqual([]);
    expect(calls('reviews', 'v2')).toEqual(['GET ratings:9080/ratings/0']);
    expect(calls('reviews', 'v3')).toEqual(['GET ratings:9080/ratings/0']);
    expect(scenario.clients).toEqual([
      expect.objectContaining({
        from: 'outside',
        requests: [expect.objectContaining({ method: 'GET', path: '/productpage' })],
      }),
    ]);
  });

  it("merges productpage's own metrics annotations into the sidecar's", () => {
    expect(podOf('productpage').metadata.annotations!['prometheus.io/port']).toBe('15020');
  });
});
