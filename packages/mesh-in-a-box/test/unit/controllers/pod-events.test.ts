// The events a real cluster records for a pod it starts: the scheduler's Scheduled (kubernetes/kubernetes
// pkg/scheduler/schedule_one.go, "Successfully assigned %v/%v to %v"), then the kubelet's per container Pulled
// (pkg/kubelet/images/image_manager.go: "Container image %q already present on machine", or Pulling/"Successfully
// pulled image" under imagePullPolicy Always), Created ("Created container: %v") and Started ("Started container %v")
// (pkg/kubelet/kuberuntime/kuberuntime_container.go), each pointing at the pod and the container's fieldPath.
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/store/kube-object.js';
import { GR } from '../../../src/store/resource-types.js';
import { meshUnderTest } from '../scenarios/mesh-under-test.js';

function shop() {
  const mesh = meshUnderTest();
  mesh.apply({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'shop', labels: { 'istio-injection': 'enabled' } },
  });
  return mesh;
}

const eventsOf = (events: KubeObject[], pod: string) =>
  events
    .filter((e) => (e.involvedObject as { name: string }).name === pod)
    .map((e) => [e.reason, e.message, (e.involvedObject as { fieldPath?: string }).fieldPath ?? null]);

describe('pod events', () => {
  it("records the scheduler's and kubelet's events for a pod a Deployment creates, in order", () => {
    const { store, apply } = shop();
    apply({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'cart', namespace: 'shop' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'cart' } },
        template: {
          metadata: { labels: { app: 'cart' } },
          spec: { containers: [{ name: 'cart', image: 'example/cart:1.0' }] },
        },
      },
    });
    const pod = store.list(GR.pods, 'shop')[0]!;
    const events = store.list(GR.events, 'shop');
    const proxyImage = pod.spec.containers[1].image;
    const initImage = pod.spec.initContainers[0].image;
    expect(eventsOf(events, pod.metadata.name)).toEqual([
      ['Scheduled', `Successfully assigned shop/${pod.metadata.name} to ${pod.spec.nodeName}`, null],
      ['Pulled', `Container image "${initImage}" already present on machine`, 'spec.initContainers{istio-init}'],
      ['Created', 'Created container: istio-init', 'spec.initContainers{istio-init}'],
      ['Started', 'Started container istio-init', 'spec.initContainers{istio-init}'],
      ['Pulled', 'Container image "example/cart:1.0" already present on machine', 'spec.containers{cart}'],
      ['Created', 'Created container: cart', 'spec.containers{cart}'],
      ['Started', 'Started container cart', 'spec.containers{cart}'],
      ['Pulled', `Container image "${proxyImage}" already present on machine`, 'spec.containers{istio-proxy}'],
      ['Created', 'Created container: istio-proxy', 'spec.containers{istio-proxy}'],
      ['Started', 'Started container istio-proxy', 'spec.containers{istio-proxy}'],
    ]);
    const scheduled = events.find((e) => e.reason === 'Scheduled')!;
    expect(scheduled).toMatchObject({
      type: 'Normal',
      count: 1,
      source: { component: 'default-scheduler' },
      involvedObject: { kind: 'Pod', namespace: 'shop', uid: pod.metadata.uid, apiVersion: 'v1' },
    });
    expect(scheduled.metadata.name).toMatch(new RegExp(`^${pod.metadata.name}\\.[0-9a-f]+$`));
    expect(events.find((e) => e.reason === 'Started')).toMatchObject({
      source: { component: 'kubelet', host: pod.spec.nodeName },
    });
  });

  it('pulls an untagged image (imagePullPolicy Always) before creating the container', () => {
    const { store, apply } = shop();
    apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'debug', namespace: 'shop', labels: { 'sidecar.istio.io/inject': 'false' } },
      spec: { containers: [{ name: 'shell', image: 'busybox' }] },
    });
    expect(eventsOf(store.list(GR.events, 'shop'), 'debug').map(([reason, message]) => [reason, message])).toEqual([
      ['Scheduled', 'Successfully assigned shop/debug to mesh-in-a-box-node'],
      ['Pulling', 'Pulling image "busybox"'],
      ['Pulled', 'Successfully pulled image "busybox" in 0s (0s including waiting)'],
      ['Created', 'Created container: shell'],
      ['Started', 'Started container shell'],
    ]);
  });
});
