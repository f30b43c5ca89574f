import { beforeAll, describe, expect, it } from 'vitest';
import { envoyAdmin } from '../../../src/envoy/index.js';
import type { KubeObject } from '../../../src/store/kube-object.js';
import { ObjectStore } from '../../../src/store/object-store.js';
import { GR } from '../../../src/store/resource-types.js';
import type { Json } from './admin-call.js';

// A 5,000-service mesh as the synthetic scenario builds it: one HTTP port and one pod per service, Endpoints from the
// controllers, and a canary (DestinationRule + VirtualService) on one service in a hundred.
const SERVICES = 5_000;
const NAMESPACES = 50;

function bigMesh(): { store: ObjectStore; pod: KubeObject } {
  const store = new ObjectStore();
  for (let n = 0; n < NAMESPACES; n++)
    store.create(GR.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: `synth-${n}` } });
  let first: KubeObject | undefined;
  for (let i = 0; i < SERVICES; i++) {
    const namespace = `synth-${i % NAMESPACES}`;
    const name = `app-${i}`;
    const ip = `10.${200 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;
    store.create(GR.services, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace },
      spec: {
        clusterIP: `10.96.${(i >> 8) & 255}.${i & 255}`,
        selector: { app: name },
        ports: [{ name: 'http', port: 8080, targetPort: 8080 }],
      },
    });
    const pod = store.create(GR.pods, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `${name}-v1-abcde`, namespace, labels: { app: name, version: 'v1' } },
      spec: {
        serviceAccountName: name,
        containers: [{ name, ports: [{ containerPort: 8080 }] }, { name: 'istio-proxy' }],
      },
      status: { phase: 'Running', podIP: ip },
    });
    first ??= pod;
    store.create(GR.endpoints, {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name, namespace },
      subsets: [
        {
          addresses: [{ ip, targetRef: { kind: 'Pod', name: pod.metadata.name, namespace } }],
          ports: [{ name: 'http', port: 8080 }],
        },
      ],
    });
    if (i % 100 === 0) {
      store.create(GR.destinationrules, {
        apiVersion: 'networking.istio.io/v1',
        kind: 'DestinationRule',
        metadata: { name, namespace },
        spec: {
          host: name,
          subsets: [
            { name: 'v1', labels: { version: 'v1' } },
            { name: 'v2', labels: { version: 'v2' } },
          ],
        },
      });
      store.create(GR.virtualservices, {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name, namespace },
        spec: {
          hosts: [name],
          http: [
            {
              route: [
                { destination: { host: name, subset: 'v1' }, weight: 90 },
                { destination: { host: name, subset: 'v2' }, weight: 10 },
              ],
            },
          ],
        },
      });
    }
  }
  return { store, pod: first! };
}

describe('a config dump in a 5,000-service mesh', () => {
  let mesh: { store: ObjectStore; pod: KubeObject };
  const startedAtMs = Date.now() - 60_000;
  const dump = () =>
    envoyAdmin({ store: mesh.store, pod: mesh.pod, path: '/config_dump', startedAtMs, nowMs: Date.now() });
  beforeAll(() => {
    mesh = bigMesh();
  });

  it('is computed from a store it has never seen, every cluster in it', () => {
    const body = dump().body;
    expect(body.length).toBeGreaterThan(10_000_000);
  });

  it('is computed again after each canary step, and shows the new weights', () => {
    let dumped: Json = undefined;
    for (let step = 1; step <= 5; step++) {
      const vs = mesh.store.get(GR.virtualservices, 'synth-0', 'app-0')!;
      const route = [
        { destination: { host: 'app-0', subset: 'v1' }, weight: 100 - step * 10 },
        { destination: { host: 'app-0', subset: 'v2' }, weight: step * 10 },
      ];
      mesh.store.update(GR.virtualservices, { ...vs, spec: { ...vs.spec, http: [{ route }] } });
      dumped = JSON.parse(dump().body);
    }
    const clusters = dumped.configs[1].dynamic_active_clusters;
    expect(clusters.length).toBe(SERVICES + (SERVICES / 100) * 2 + 4); // + subsets, inbound, BlackHole, Passthrough ×2
    const routes = dumped.configs[4].dynamic_route_configs[0].route_config;
    const host = routes.virtual_hosts.find((v: Json) => v.name === 'app-0.synth-0.svc.cluster.local:8080');
    expect(host.routes[0].route.weighted_clusters.clusters.map((c: Json) => c.weight)).toEqual([50, 50]);
  });

  it('is answered again at once while the mesh does not change', () => {
    const first = dump();
    expect(dump()).toBe(first); // the same answer object: nothing was computed again
  });
});

describe('/stats in a 5,000-service mesh', () => {
  let mesh: { store: ObjectStore; pod: KubeObject };
  beforeAll(() => {
    mesh = bigMesh();
  });

  it('lists a default sidecar’s stats without the 5,000 outbound clusters', () => {
    const startedAtMs = Date.now() - 60_000;
    const body = envoyAdmin({ store: mesh.store, pod: mesh.pod, path: '/stats', startedAtMs, nowMs: Date.now() }).body;
    // Istio's default inclusion list keeps cluster.xds-grpc and drops every other cluster's stats: the answer does
    // not grow with the mesh's clusters.
    expect(body).toContain('cluster.xds-grpc.upstream_cx_total: 1\n');
    expect(body).not.toContain('cluster.outbound|');
  });
});
