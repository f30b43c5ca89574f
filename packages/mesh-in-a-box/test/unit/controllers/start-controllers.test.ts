import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/store/kube-object.js';
import { ObjectStore } from '../../../src/store/object-store.js';
import { GR } from '../../../src/store/resource-types.js';
import { startControllers } from '../../../src/controllers/index.js';
import { containerNames, endpointIps, meshUnderTest, subsetsOf } from '../scenarios/mesh-under-test.js';

const namespace = (name: string, labels?: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, ...(labels ? { labels } : {}) },
});

const deployment = (name: string, replicas: number, env = 'a'): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'shop' },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name, version: 'v1' } },
      spec: {
        containers: [
          {
            name,
            image: `example/${name}:1.0`,
            env: [{ name: 'MODE', value: env }],
            ports: [{ name: 'web', containerPort: 8080 }],
          },
        ],
      },
    },
  },
});

const service = (name: string, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: 'shop', labels: { app: name } },
  spec: { selector: { app: name }, ports: [{ name: 'http', port: 80, targetPort: 'web' }], ...extra },
});

function shop() {
  const mesh = meshUnderTest();
  mesh.apply(namespace('shop', { 'istio-injection': 'enabled' }));
  const podsOf = (app: string) => mesh.store.list(GR.pods, 'shop').filter((p) => p.metadata.labels?.app === app);
  return { ...mesh, podsOf };
}

describe('startControllers', () => {
  it('turns a Deployment into a ReplicaSet named after the template hash, and that into running pods', () => {
    const { store, apply, podsOf } = shop();
    apply(deployment('cart', 2));

    const [rs, ...otherSets] = store.list(GR.replicasets, 'shop');
    expect(otherSets).toEqual([]);
    const hash = rs!.metadata.labels!['pod-template-hash']!;
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(rs!.metadata.name).toBe(`cart-${hash}`);
    expect(rs!.metadata.ownerReferences).toEqual([
      expect.objectContaining({
        kind: 'Deployment',
        name: 'cart',
        uid: store.get(GR.deployments, 'shop', 'cart')!.metadata.uid,
        controller: true,
      }),
    ]);

    const pods = podsOf('cart');
    expect(pods).toHaveLength(2);
    for (const pod of pods) {
      expect(pod.metadata.name).toMatch(new RegExp(`^cart-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      expect(pod.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'ReplicaSet', name: rs!.metadata.name });
      expect(pod.status.phase).toBe('Running');
      expect(pod.status.podIP).toMatch(/^10\.244\.\d+\.\d+$/);
      expect(pod.spec.nodeName).toBe('mesh-in-a-box-node');
      const conditions = Object.fromEntries(
        pod.status.conditions.map((c: { type: string; status: string }) => [c.type, c.status]),
      );
      expect(conditions).toMatchObject({
        Ready: 'True',
        ContainersReady: 'True',
        PodScheduled: 'True',
        Initialized: 'True',
      });
      expect(pod.status.containerStatuses.every((c: { ready: boolean }) => c.ready)).toBe(true);
    }
    expect(new Set(pods.map((p) => p.status.podIP)).size).toBe(2);

    expect(store.get(GR.deployments, 'shop', 'cart')!.status).toMatchObject({
      observedGeneration: 1,
      replicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
      updatedReplicas: 2,
      conditions: [
        expect.objectContaining({ type: 'Available', status: 'True' }),
        expect.objectContaining({ type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' }),
      ],
    });
  });

  it('injects the sidecar where the namespace asks for it, and not where the pod opts out', () => {
    const { store, apply, podsOf } = shop();
    const optedOut = deployment('batch', 1);
    optedOut.spec.template.metadata.annotations = { 'sidecar.istio.io/inject': 'false' };
    apply(deployment('cart', 1), optedOut, namespace('plain'));
    apply({ ...deployment('forced', 1), metadata: { name: 'forced', namespace: 'plain' } });
    const forced = structuredClone(deployment('opt-in', 1));
    forced.metadata.namespace = 'plain';
    forced.spec.template.metadata.labels['sidecar.istio.io/inject'] = 'true';
    apply(forced);

    const [cart] = podsOf('cart');
    expect(containerNames(cart!)).toEqual(['cart', 'istio-proxy']);
    expect(cart!.spec.initContainers.map((c: { name: string }) => c.name)).toEqual(['istio-init']);
    expect(containerNames(podsOf('batch')[0]!)).toEqual(['batch']);
    const plain = store.list(GR.pods, 'plain');
    const byApp = Object.fromEntries(plain.map((p) => [p.metadata.labels!.app, containerNames(p)]));
    expect(byApp).toEqual({ forced: ['forced'], 'opt-in': ['opt-in', 'istio-proxy'] });
  });

  it('scales pods up and down with spec.replicas, keeping one ReplicaSet', () => {
    const { store, apply, podsOf } = shop();
    apply(deployment('cart', 1));
    apply(deployment('cart', 3));
    expect(podsOf('cart')).toHaveLength(3);
    apply(deployment('cart', 1));
    expect(podsOf('cart')).toHaveLength(1);
    expect(store.list(GR.replicasets, 'shop')).toHaveLength(1);
    expect(store.get(GR.deployments, 'shop', 'cart')!.status).toMatchObject({ replicas: 1, readyReplicas: 1 });
  });

  it('rolls a template change out to a new ReplicaSet and scales the old one to 0', () => {
    const { store, apply, podsOf } = shop();
    apply(service('cart'), deployment('cart', 2, 'a'));
    const before = podsOf('cart').map((p) => p.metadata.name);
    apply(deployment('cart', 2, 'b'));

    const sets = store.list(GR.replicasets, 'shop');
    expect(sets).toHaveLength(2);
    const current = sets.find((rs) => rs.spec.replicas === 2)!;
    const old = sets.find((rs) => rs.spec.replicas === 0)!;
    expect(current.metadata.annotations!['deployment.kubernetes.io/revision']).toBe('2');
    expect(old.metadata.annotations!['deployment.kubernetes.io/revision']).toBe('1');
    const after = podsOf('cart');
    expect(after).toHaveLength(2);
    expect(after.every((p) => p.metadata.ownerReferences![0]!.name === current.metadata.name)).toBe(true);
    expect(after.some((p) => before.includes(p.metadata.name))).toBe(false);
    expect(endpointIps(store.get(GR.endpoints, 'shop', 'cart'))).toEqual(after.map((p) => p.status.podIP).sort());
    expect(store.get(GR.deployments, 'shop', 'cart')!.metadata.annotations!['deployment.kubernetes.io/revision']).toBe(
      '2',
    );
  });

  it('lists ready pods in Endpoints, resolving a named targetPort from the containers', () => {
    const { store, apply, podsOf } = shop();
    apply(service('cart'), deployment('cart', 2));
    const endpoints = store.get(GR.endpoints, 'shop', 'cart')!;
    expect(endpointIps(endpoints)).toEqual(
      podsOf('cart')
        .map((p) => p.status.podIP)
        .sort(),
    );
    expect(subsetsOf(endpoints)[0]!.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(subsetsOf(endpoints)[0]!.addresses![0]).toMatchObject({
      nodeName: 'mesh-in-a-box-node',
      targetRef: { kind: 'Pod', namespace: 'shop' },
    });
  });

  it('removes the ReplicaSets, pods and endpoint addresses of a deleted Deployment', () => {
    const { store, apply, remove, podsOf } = shop();
    apply(service('cart'), deployment('cart', 2), deployment('orders', 1));
    remove(deployment('cart', 2));
    expect(podsOf('cart')).toEqual([]);
    expect(store.list(GR.replicasets, 'shop').map((rs) => rs.metadata.labels!.app)).toEqual(['orders']);
    expect(store.get(GR.endpoints, 'shop', 'cart')!.subsets).toBeUndefined();
    remove(service('cart'));
    expect(store.get(GR.endpoints, 'shop', 'cart')).toBeUndefined();
  });

  it('gives Services unique cluster IPs and LoadBalancers an external address', () => {
    const { store, apply } = shop();
    apply(
      service('a'),
      service('b'),
      service('lb', { type: 'LoadBalancer' }),
      service('headless', { clusterIP: 'None' }),
    );
    const get = (name: string) => store.get(GR.services, 'shop', name)!;
    expect(get('a').spec.clusterIP).toMatch(/^10\.96\.\d+\.\d+$/);
    expect(get('a').spec.clusterIP).not.toBe(get('b').spec.clusterIP);
    expect(get('a').spec.type).toBe('ClusterIP');
    expect(get('lb').status.loadBalancer.ingress[0].ip).toMatch(/^172\.18\.255\.\d+$/);
    expect(get('lb').spec.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
    expect(get('headless').spec.clusterIP).toBe('None');
  });

  it('injects, schedules and starts a pod applied on its own', () => {
    const { store, apply } = shop();
    apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'debug', namespace: 'shop', labels: { app: 'debug' } },
      spec: { containers: [{ name: 'shell', image: 'busybox:1.36' }] },
    });
    const pod = store.get(GR.pods, 'shop', 'debug')!;
    expect(containerNames(pod)).toEqual(['shell', 'istio-proxy']);
    expect(pod.status.phase).toBe('Running');
    expect(pod.metadata.labels!['service.istio.io/canonical-name']).toBe('debug');
  });

  it('runs StatefulSet pods by ordinal and a DaemonSet pod on the one node', () => {
    const { store, apply } = shop();
    const template = {
      metadata: { labels: { app: 'db' } },
      spec: { containers: [{ name: 'db', image: 'postgres:16' }] },
    };
    apply({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'shop' },
      spec: { replicas: 3, serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template },
    });
    apply({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', namespace: 'shop' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: { ...template, metadata: { labels: { app: 'agent' } } },
      },
    });
    const names = store
      .list(GR.pods, 'shop')
      .map((p) => p.metadata.name)
      .sort();
    expect(names.filter((n) => n.startsWith('db-'))).toEqual(['db-0', 'db-1', 'db-2']);
    expect(names.filter((n) => n.startsWith('agent-'))).toHaveLength(1);
    expect(store.get(GR.statefulsets, 'shop', 'db')!.status).toMatchObject({ replicas: 3, readyReplicas: 3 });
    expect(store.get(GR.daemonsets, 'shop', 'agent')!.status).toMatchObject({
      numberReady: 1,
      desiredNumberScheduled: 1,
    });
  });

  it('deletes what lived in a deleted namespace', () => {
    const { store, apply, remove } = shop();
    apply(service('cart'), deployment('cart', 1));
    remove(namespace('shop'));
    expect(store.list(GR.pods, 'shop')).toEqual([]);
    expect(store.list(GR.services, 'shop')).toEqual([]);
    expect(store.list(GR.endpoints, 'shop')).toEqual([]);
  });

  it('takes over objects that were in the store before it started', () => {
    const store = new ObjectStore();
    store.create(GR.namespaces, namespace('shop'));
    store.create(GR.deployments, deployment('cart', 2));
    const controllers = startControllers(store);
    controllers.flush();
    expect(store.list(GR.pods, 'shop')).toHaveLength(2);
    controllers.stop();
    store.create(GR.deployments, deployment('orders', 1));
    controllers.flush();
    expect(store.list(GR.replicasets, 'shop')).toHaveLength(1);
  });
});
