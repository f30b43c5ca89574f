import type { KubeObject } from '../store/kube-object.js';
import { GR } from '../store/resource-types.js';
import { type ControllerContext, namespaceLabels, ownerReferenceTo } from './controller-context.js';
import { ipAt } from './index-pool.js';
import { injectSidecar, shouldInject } from './inject-sidecar.js';
import { recordPodEvents } from './record-pod-events.js';
import { runPod } from './run-pod.js';

const POD_CIDR_BASE = '10.244.0.0';
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export interface PodRequest {
  owner: KubeObject;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  template: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: any };
  /** A fixed name (StatefulSet), or a prefix completed with 5 random characters as generateName does. */
  name?: string;
  generateName?: string;
  extraLabels?: Record<string, string>;
  /** The name Istio reports for the workload (the Deployment behind a ReplicaSet). */
  workloadName: string;
  spec?: Record<string, unknown>;
}

/** Creates a running pod from a controller's template, passing it through Istio's injector on the way in. */
export function createPod(ctx: ControllerContext, request: PodRequest): KubeObject {
  const { owner, template } = request;
  const namespace = owner.metadata.namespace!;
  const name = request.name ?? freeName(ctx, namespace, request.generateName!);
  let pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      ...(request.generateName ? { generateName: request.generateName } : {}),
      namespace,
      labels: { ...template.metadata?.labels, ...request.extraLabels },
      ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
      ownerReferences: [ownerReferenceTo(owner)],
    },
    spec: { ...template.spec, ...request.spec },
  };
  pod = admitPod(ctx, pod, request.workloadName, ownerApi(owner));
  const created = ctx.store.create(GR.pods, runPod(pod, allocatePodIp(ctx)));
  recordPodEvents(ctx.store, created);
  return created;
}

/** The sidecar injector's part of admission: the pod with Istio's sidecar when its namespace and labels ask for it. */
export function admitPod(
  ctx: ControllerContext,
  pod: KubeObject,
  workloadName: string,
  owner?: { apiPath: string; resource: string },
): KubeObject {
  const labels = namespaceLabels(ctx, pod.metadata.namespace);
  if (!shouldInject(pod, labels)) return pod;
  return injectSidecar({ pod, namespaceLabels: labels, workloadName, cluster: ctx.cluster, owner });
}

export function allocatePodIp(ctx: ControllerContext): string {
  return ipAt(POD_CIDR_BASE, ctx.podIps.allocate());
}

export function podIpOffset(ip: unknown): number | undefined {
  if (typeof ip !== 'string' || !ip.startsWith('10.244.')) return undefined;
  const [, , third, fourth] = ip.split('.').map(Number);
  return third! * 256 + fourth!;
}

function freeName(ctx: ControllerContext, namespace: string, prefix: string): string {
  for (;;) {
    let suffix = '';
    for (let i = 0; i < 5; i++) suffix += NAME_ALPHABET[Math.floor(Math.random() * NAME_ALPHABET.length)];
    if (!ctx.store.get(GR.pods, namespace, prefix + suffix)) return prefix + suffix;
  }
}

// ISTIO_META_OWNER names the top-level controller; a ReplicaSet's pods belong to its Deployment.
function ownerApi(owner: KubeObject): { apiPath: string; resource: string } {
  const resource =
    owner.kind === 'ReplicaSet' && owner.metadata.ownerReferences?.length ? 'deployments' : plural(owner.kind);
  return { apiPath: `apis/${owner.apiVersion}`, resource };
}

function plural(kind: string): string {
  return `${kind.toLowerCase()}s`;
}
