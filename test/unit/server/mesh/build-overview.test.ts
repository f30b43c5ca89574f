import { describe, expect, it } from 'vitest';
import { DEFAULT_TOLERANCES } from '../../../../server/config.js';
import { linkServices } from '../../../../server/mesh/build-mesh.js';
import { buildOverview, type NamespaceFacts, type OverviewInputs } from '../../../../server/mesh/build-overview.js';
import { compileTolerances } from '../../../../server/mesh/health.js';
import { indexDestinationRules, indexVirtualServices } from '../../../../server/mesh/istio-refs.js';
import type { KubeObject } from '../../../../server/sources/kubernetes.js';

function namespace(name: string, peerAuthentications: KubeObject[] = []): NamespaceFacts {
  return {
    namespace: { metadata: { name, labels: { 'istio-injection': 'enabled' } } },
    workloads: [],
    services: [],
    links: linkServices([], []),
    peerAuthentications,
  };
}
const strict: KubeObject = {
  kind: 'PeerAuthentication',
  metadata: { name: 'default' },
  spec: { mtls: { mode: 'STRICT' } },
};
const shared: OverviewInputs = {
  virtualServices: indexVirtualServices([]),
  destinationRules: indexDestinationRules([]),
  tolerances: compileTolerances(DEFAULT_TOLERANCES),
  istioNamespace: 'istio-system',
  traffic: null,
  meshPeerAuthentications: [],
  sparklines: new Map([
    [
      'demo',
      {
        metric: {},
        values: [
          [100, 2],
          [115, Number.NaN],
        ],
      },
    ],
  ]),
};

describe('the overview', () => {
  it('lists namespaces by name, each with its injection and its own mTLS mode before the mesh-wide one', () => {
    const overview = buildOverview([namespace('legacy'), namespace('demo', [strict])], shared);
    expect(overview.map((n) => [n.name, n.injection, n.mtls])).toEqual([
      ['demo', 'enabled', 'STRICT'],
      ['legacy', 'enabled', 'UNSET'],
    ]);
  });

  it('says whether the pods have the proxies that enforce the mode: a STRICT namespace without sidecars is not strict', () => {
    const pods = (sidecars: boolean[]) =>
      ({
        isGateway: false,
        pods: sidecars.map((hasSidecar) => ({ hasSidecar })),
      }) as unknown as NamespaceFacts['workloads'][number];
    const bare = { ...namespace('bare', [strict]), workloads: [pods([false, false])] };
    const meshed = { ...namespace('meshed', [strict]), workloads: [pods([true])] };
    expect(buildOverview([bare, meshed], shared).map((n) => [n.name, n.mtls, n.mtlsProxies])).toEqual([
      ['bare', 'STRICT', 'none'],
      ['meshed', 'STRICT', 'all'],
    ]);
  });

  it("draws a namespace's sparkline in milliseconds, a gap as no traffic, and a silent namespace as an empty line", () => {
    const [demo, quiet] = buildOverview([namespace('demo'), namespace('quiet')], shared);
    expect(demo!.traffic).toEqual([
      [100_000, 2],
      [115_000, 0],
    ]);
    expect(quiet!.traffic).toEqual([]);
  });

  it('draws no sparkline and says why when Prometheus could not be asked', () => {
    const [demo] = buildOverview([namespace('demo')], {
      ...shared,
      sparklines: null,
      metricsError: 'Prometheus at http://p is unreachable (PROMETHEUS_URL)',
    });
    expect(demo!.traffic).toBeNull();
    expect(demo!.metricsError).toBe('Prometheus at http://p is unreachable (PROMETHEUS_URL)');
  });
});
