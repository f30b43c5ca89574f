import { createHash } from 'node:crypto';
import type { KubeObject } from '../store/kube-object.js';
import { nowTimestamp } from '../store/flat-strings.js';

// The one node of the mesh in a box; the scheduler puts every pod there and its kubelet starts them at once.
export const NODE_NAME = 'mesh-in-a-box-node';
export const NODE_IP = '172.18.0.2';

interface Container {
  name: string;
  image?: string;
  imagePullPolicy?: string;
  ports?: { containerPort: number; protocol?: string }[];
  resources?: { requests?: unknown; limits?: unknown };
  [field: string]: unknown;
}

// The store's: one string per second (flat-strings.ts).
export { nowTimestamp };

/**
 * The pod as the API server's defaulting, the scheduler and the kubelet leave it: spec defaults, bound to the node,
 * every container started and ready. A pod in the mesh in a box never waits, crashes or gets evicted.
 */
export function runPod(pod: KubeObject, podIp: string, at = nowTimestamp()): KubeObject {
  const spec = withSpecDefaults(pod.spec ?? {});
  const containers = spec.containers as Container[];
  const initContainers = (spec.initContainers ?? []) as Container[];
  const condition = (type: string) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: at });
  const status: Record<string, unknown> = {
    phase: 'Running',
    conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map(condition),
    hostIP: NODE_IP,
    hostIPs: [{ ip: NODE_IP }],
    podIP: podIp,
    podIPs: [{ ip: podIp }],
    startTime: at,
    containerStatuses: containers.map((c) => ({
      ...imageOf(c),
      name: c.name,
      ready: true,
      started: true,
      restartCount: 0,
      state: { running: { startedAt: at } },
      lastState: {},
    })),
    qosClass: qosClassOf([...containers, ...initContainers]),
  };
  if (initContainers.length > 0) {
    status.initContainerStatuses = initContainers.map((c) => ({
      ...imageOf(c),
      name: c.name,
      ready: true,
      started: false,
      restartCount: 0,
      state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: at, finishedAt: at } },
      lastState: {},
    }));
  }
  return { ...pod, spec, status };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function withSpecDefaults(spec: any): any {
  const serviceAccount = spec.serviceAccountName ?? spec.serviceAccount ?? 'default';
  return {
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    securityContext: {},
    schedulerName: 'default-scheduler',
    enableServiceLinks: true,
    preemptionPolicy: 'PreemptLowerPriority',
    priority: 0,
    tolerations: [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ],
    ...spec,
    serviceAccountName: serviceAccount,
    serviceAccount,
    nodeName: spec.nodeName ?? NODE_NAME,
    containers: ((spec.containers ?? []) as Container[]).map(withContainerDefaults),
    ...(spec.initContainers ? { initContainers: (spec.initContainers as Container[]).map(withContainerDefaults) } : {}),
  };
}

function withContainerDefaults(c: Container): Container {
  const image = c.image ?? '';
  const tagged = /:[^/]+$/.test(image) && !image.endsWith(':latest');
  return {
    imagePullPolicy: tagged ? 'IfNotPresent' : 'Always',
    resources: {},
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    ...c,
    ...(c.ports ? { ports: c.ports.map((p) => ({ ...p, protocol: p.protocol ?? 'TCP' })) } : {}),
  };
}

const imageIds = new Map<string, string>();

function imageOf(c: Container): { image: string; imageID: string; containerID: string } {
  const image = c.image ?? '';
  // A digest that depends only on the image, as a registry's would; the container id is new for every start.
  let imageID = imageIds.get(image);
  if (!imageID) {
    imageID = `${image.replace(/:[^/]+$/, '')}@sha256:${createHash('sha256').update(image).digest('hex')}`;
    imageIds.set(image, imageID);
  }
  return {
    image: image.includes('/') ? image : `docker.io/library/${image}`,
    imageID,
    containerID: `containerd://${randomHex(64)}`,
  };
}

// Not crypto: an id that only has to look like one and differ between containers.
function randomHex(length: number): string {
  let out = '';
  while (out.length < length)
    out += Math.floor(Math.random() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  return out.slice(0, length);
}

function qosClassOf(containers: Container[]): string {
  const anyResources = containers.some((c) => c.resources?.requests || c.resources?.limits);
  return anyResources ? 'Burstable' : 'BestEffort';
}
