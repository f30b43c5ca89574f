import { describe, expect, it } from 'vitest';
import { KubernetesError } from '../../../../../server/errors.js';
import { LISTED_TTL_MS, loadAppliedConfigObjects } from '../../../../../server/mesh/io/load-applied-config.js';
import type { KubeObject, KubernetesSource } from '../../../../../server/sources/kubernetes.js';

/** A cluster that serves Telemetry at v1alpha1 only, HTTPRoutes, refuses WasmPlugins (403) and lacks GRPCRoute. */
function fakeCluster() {
  const asked: string[] = [];
  const source = {
    list: (kind: string) =>
      kind === 'AuthorizationPolicy'
        ? [{ metadata: { name: 'deny', namespace: 'demo' }, spec: {} } satisfies KubeObject]
        : [],
    getJson: async (path: string) => {
      asked.push(path);
      if (path.includes('telemetry.istio.io/v1alpha1'))
        return { items: [{ metadata: { name: 'mesh-default', namespace: 'istio-system' } }] };
      if (path.includes('httproutes')) return { items: [{ metadata: { name: 'canary', namespace: 'demo' } }] };
      if (path.includes('wasmplugins')) throw new KubernetesError('rejected', 'forbidden');
      return null; // 404: not served
    },
  } as unknown as KubernetesSource;
  return { source, asked };
}

describe('the objects the applied config is matched against', () => {
  it('adds the kinds the cache does not hold, with their kind, falling back to older versions', async () => {
    const { source } = fakeCluster();
    const objects = await loadAppliedConfigObjects(source, undefined, 0);
    expect(objects.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'AuthorizationPolicy demo/deny',
      'Telemetry istio-system/mesh-default',
      'HTTPRoute demo/canary',
    ]);
  });

  it(`lists those kinds once per ${LISTED_TTL_MS / 1000} s for all the requests in between`, async () => {
    const { source, asked } = fakeCluster();
    await loadAppliedConfigObjects(source, undefined, 1_000);
    const once = asked.length;
    await loadAppliedConfigObjects(source, undefined, 1_000 + LISTED_TTL_MS - 1);
    expect(asked).toHaveLength(once);
    await loadAppliedConfigObjects(source, undefined, 1_000 + LISTED_TTL_MS);
    expect(asked).toHaveLength(once * 2);
  });
});
