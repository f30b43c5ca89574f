// The events a real cluster records while it starts a pod, so `kubectl describe pod` and the console read them:
// the scheduler's Scheduled ("Successfully assigned ns/pod to node", pkg/scheduler/schedule_one.go), then for every
// init container and container the kubelet's Pulling/Pulled, Created and Started (pkg/kubelet/images/image_manager.go
// and pkg/kubelet/kuberuntime/kuberuntime_container.go: "Container image \"x\" already present on machine",
// "Created container: x", "Started container x"). core/v1 Events, as the scheduler's and kubelet's recorders write them.
import type { KubeObject } from '../store/kube-object.js';
import type { ObjectStore } from '../store/object-store.js';
import { GR } from '../store/resource-types.js';

interface Container {
  name: string;
  image?: string;
  imagePullPolicy?: string;
}

let sequence = 0;

/** A name as the recorder makes one: the object's name, a dot, and a hex timestamp (unique per event here). */
function eventName(pod: string): string {
  sequence = (sequence + 1) % 0x10000;
  const nanos = BigInt(Date.now()) * 1_000_000n + BigInt(sequence);
  return `${pod}.${nanos.toString(16)}`;
}

export function recordPodEvents(store: ObjectStore, pod: KubeObject): void {
  const namespace = pod.metadata.namespace!;
  const node = pod.spec?.nodeName as string | undefined;
  const at = pod.status?.startTime ?? pod.metadata.creationTimestamp;
  const involved = (fieldPath?: string) => ({
    kind: 'Pod',
    namespace,
    name: pod.metadata.name,
    uid: pod.metadata.uid,
    apiVersion: 'v1',
    resourceVersion: pod.metadata.resourceVersion,
    ...(fieldPath ? { fieldPath } : {}),
  });
  const record = (reason: string, message: string, component: string, fieldPath?: string) => {
    store.create(GR.events, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: eventName(pod.metadata.name), namespace },
      involvedObject: involved(fieldPath),
      reason,
      message,
      source: component === 'kubelet' ? { component, host: node } : { component },
      firstTimestamp: at,
      lastTimestamp: at,
      count: 1,
      type: 'Normal',
      eventTime: null,
      reportingComponent: component,
      reportingInstance: component === 'kubelet' ? node : '',
    });
  };
  record('Scheduled', `Successfully assigned ${namespace}/${pod.metadata.name} to ${node}`, 'default-scheduler');
  const steps: [Container, string][] = [
    ...((pod.spec?.initContainers ?? []) as Container[]).map((c): [Container, string] => [c, 'initContainers']),
    ...((pod.spec?.containers ?? []) as Container[]).map((c): [Container, string] => [c, 'containers']),
  ];
  for (const [c, field] of steps) {
    const fieldPath = `spec.${field}{${c.name}}`;
    const image = c.image ?? '';
    if (c.imagePullPolicy === 'Always') {
      record('Pulling', `Pulling image "${image}"`, 'kubelet', fieldPath);
      record('Pulled', `Successfully pulled image "${image}" in 0s (0s including waiting)`, 'kubelet', fieldPath);
    } else {
      record('Pulled', `Container image "${image}" already present on machine`, 'kubelet', fieldPath);
    }
    record('Created', `Created container: ${c.name}`, 'kubelet', fieldPath);
    record('Started', `Started container ${c.name}`, 'kubelet', fieldPath);
  }
}
