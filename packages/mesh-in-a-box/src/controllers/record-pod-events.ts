// The events a real cluster records while it starts a pod, so `kubectl describe pod` and the console read them:
// the scheduler's Scheduled ("Successfully assigned ns/pod to node", pkg/scheduler/schedule_one.go), then for every
// init container and container the kubelet's Pulling/Pulled, Created and Started (pkg/kubelet/images/image_manager.go
// and pkg/kubelet/kuberuntime/kuberuntime_container.go: "Container image \"x\" already present on machine",
// "Created container: x", "Started container x"). core/v1 Events, as the scheduler's and kubelet's recorders write them.
import type { KubeObject } from '../store/kube-object.js';
import type { ObjectStore } from '../store/object-store.js';
import { GR } from '../store/resource-types.js';
import { flat } from '../store/flat-strings.js';

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
  return flat(`${pod}.${nanos.toString(16)}`);
}

// At 5,000 workloads the pods' start-up writes ~50,000 Events that stay (as they would for the API server's
// --event-ttl). Their texts repeat from pod to pod ("Created container: istio-proxy", an image's "already present"):
// each is kept once, flat, rather than as a fresh string built from pieces per Event.
const interned = new Map<string, string>();
function intern(text: string): string {
  let kept = interned.get(text);
  if (kept === undefined) {
    if (interned.size >= 10_000) interned.clear(); // a bound, should a scenario name thousands of images
    interned.set((kept = flat(text)), kept);
  }
  return kept;
}
const sources = new Map<string, { component: string; host?: string }>();
/** The Event's source: the same frozen object for every Event of one component (and node). */
function sourceOf(component: string, node: string | undefined): { component: string; host?: string } {
  const key = `${component}/${node ?? ''}`;
  let source = sources.get(key);
  if (!source)
    sources.set(key, (source = Object.freeze(component === 'kubelet' ? { component, host: node } : { component })));
  return source;
}

export function recordPodEvents(store: ObjectStore, pod: KubeObject): void {
  const namespace = pod.metadata.namespace!;
  const node = pod.spec?.nodeName as string | undefined;
  const at = pod.status?.startTime ?? pod.metadata.creationTimestamp;
  const involved = (fieldPath?: string): { fieldPath?: string } & Record<string, unknown> => ({
    kind: 'Pod',
    namespace,
    name: pod.metadata.name,
    uid: pod.metadata.uid,
    apiVersion: 'v1',
    resourceVersion: pod.metadata.resourceVersion,
    ...(fieldPath ? { fieldPath } : {}),
  });
  // The events of one container share their involvedObject and their fieldPath (stored objects are frozen).
  let lastInvolved = involved();
  const involvedFor = (fieldPath?: string) =>
    lastInvolved.fieldPath === fieldPath ? lastInvolved : (lastInvolved = involved(fieldPath));
  const record = (reason: string, message: string, component: string, fieldPath?: string) => {
    store.create(GR.events, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: eventName(pod.metadata.name), namespace },
      involvedObject: involvedFor(fieldPath),
      reason,
      message,
      source: sourceOf(component, node),
      firstTimestamp: at,
      lastTimestamp: at,
      count: 1,
      type: 'Normal',
      eventTime: null,
      reportingComponent: component,
      reportingInstance: component === 'kubelet' ? node : '',
    });
  };
  record('Scheduled', flat(`Successfully assigned ${namespace}/${pod.metadata.name} to ${node}`), 'default-scheduler');
  const steps: [Container, string][] = [
    ...((pod.spec?.initContainers ?? []) as Container[]).map((c): [Container, string] => [c, 'initContainers']),
    ...((pod.spec?.containers ?? []) as Container[]).map((c): [Container, string] => [c, 'containers']),
  ];
  for (const [c, field] of steps) {
    const fieldPath = intern(`spec.${field}{${c.name}}`);
    const image = c.image ?? '';
    if (c.imagePullPolicy === 'Always') {
      record('Pulling', intern(`Pulling image "${image}"`), 'kubelet', fieldPath);
      record(
        'Pulled',
        intern(`Successfully pulled image "${image}" in 0s (0s including waiting)`),
        'kubelet',
        fieldPath,
      );
    } else {
      record('Pulled', intern(`Container image "${image}" already present on machine`), 'kubelet', fieldPath);
    }
    record('Created', intern(`Created container: ${c.name}`), 'kubelet', fieldPath);
    record('Started', intern(`Started container ${c.name}`), 'kubelet', fieldPath);
  }
}
