// Workloads of one namespace from the cached objects: each pod is traced to its controller (Pod → ReplicaSet →
// Deployment, StatefulSet, DaemonSet, or the owner's kind), controllers without pods are kept (scaled to zero).
import type { KubeObject } from '../sources/kubernetes.js';
import type { Replicas } from './health.js';
import {
  appOf,
  isGatewayLabels,
  podHasSidecar,
  podIsAmbient,
  podIsCurrent,
  podIsReady,
  versionOf,
  namespaceInjection,
} from './pod-facts.js';
import { podColumns, proxyFacts } from './pod-status.js';

export interface PodModel {
  name: string;
  phase: string;
  ready: boolean;
  hasSidecar: boolean;
  ambient: boolean;
  ip: string | null;
  node: string | null;
  createdAt: string | null;
  labels: Record<string, string>;
  /** kubectl's STATUS, READY and RESTARTS columns. */
  status: string;
  readyContainers: number;
  totalContainers: number;
  restarts: number;
  proxyVersion: string | null;
  proxyReady: boolean | null;
}

export interface WorkloadModel {
  name: string;
  namespace: string;
  kind: string;
  /** The pod template's labels (the pod's own for bare pods). */
  labels: Record<string, string>;
  app: string | null;
  version: string | null;
  replicas: Replicas;
  pods: PodModel[];
  hasSidecar: boolean;
  ambient: boolean;
  isGateway: boolean;
  createdAt: string | null;
  /** The controller's own annotations (health.kiali.io/rate lives there). */
  annotations: Record<string, string>;
}

export interface NamespaceObjects {
  namespace: KubeObject | undefined;
  pods: readonly KubeObject[];
  replicaSets: readonly KubeObject[];
  deployments: readonly KubeObject[];
  statefulSets: readonly KubeObject[];
  daemonSets: readonly KubeObject[];
}

function controllerOf(obj: KubeObject): { kind: string; name: string } | undefined {
  const owner = obj.metadata.ownerReferences?.find((o) => o.controller) ?? obj.metadata.ownerReferences?.[0];
  return owner ? { kind: owner.kind, name: owner.name } : undefined;
}

function templateLabels(obj: KubeObject): Record<string, string> {
  const spec = obj.spec as { template?: { metadata?: { labels?: Record<string, string> } } } | undefined;
  return spec?.template?.metadata?.labels ?? obj.metadata.labels ?? {};
}

function specReplicas(obj: KubeObject): number {
  const replicas = (obj.spec as { replicas?: number } | undefined)?.replicas;
  return typeof replicas === 'number' ? replicas : 1;
}

function toPodModel(pod: KubeObject, namespace: KubeObject | undefined): PodModel {
  const status = pod.status as { phase?: string; podIP?: string } | undefined;
  const proxy = proxyFacts(pod);
  return {
    ...podColumns(pod),
    proxyVersion: proxy.version,
    proxyReady: proxy.ready,
    name: pod.metadata.name,
    phase: pod.metadata.deletionTimestamp ? 'Terminating' : (status?.phase ?? 'Unknown'),
    ready: podIsReady(pod),
    hasSidecar: podHasSidecar(pod),
    ambient: podIsAmbient(pod, namespace),
    ip: status?.podIP ?? null,
    node: ((pod.spec as { nodeName?: string } | undefined)?.nodeName as string | undefined) ?? null,
    createdAt: pod.metadata.creationTimestamp ?? null,
    labels: pod.metadata.labels ?? {},
  };
}

interface Draft {
  name: string;
  kind: string;
  labels: Record<string, string>;
  desired: number | null; // null: count the pods
  createdAt: string | null;
  annotations: Record<string, string>;
  pods: KubeObject[];
}

/** The workloads of one namespace, sorted by name. Linear in the number of objects. */
export function buildWorkloads(namespaceName: string, objects: NamespaceObjects): WorkloadModel[] {
  const drafts = new Map<string, Draft>();
  const draft = (kind: string, obj: KubeObject, desired: number | null) => {
    const key = `${kind}/${obj.metadata.name}`;
    let d = drafts.get(key);
    if (!d) {
      d = {
        name: obj.metadata.name,
        kind,
        labels: templateLabels(obj),
        desired,
        createdAt: obj.metadata.creationTimestamp ?? null,
        annotations: obj.metadata.annotations ?? {},
        pods: [],
      };
      drafts.set(key, d);
    }
    return d;
  };
  for (const d of objects.deployments) draft('Deployment', d, specReplicas(d));
  for (const s of objects.statefulSets) draft('StatefulSet', s, specReplicas(s));
  for (const ds of objects.daemonSets) {
    const desired = (ds.status as { desiredNumberScheduled?: number } | undefined)?.desiredNumberScheduled;
    draft('DaemonSet', ds, typeof desired === 'number' ? desired : null);
  }
  const replicaSets = new Map(objects.replicaSets.map((rs) => [rs.metadata.name, rs]));
  // ReplicaSets without a Deployment are workloads of their own.
  for (const rs of objects.replicaSets) {
    const owner = controllerOf(rs);
    if (!owner || owner.kind !== 'Deployment') draft('ReplicaSet', rs, specReplicas(rs));
  }
  for (const pod of objects.pods) {
    const owner = controllerOf(pod);
    let target: Draft;
    if (!owner) {
      target = draft('Pod', pod, 1);
      target.labels = pod.metadata.labels ?? {};
    } else if (owner.kind === 'ReplicaSet') {
      const rs = replicaSets.get(owner.name);
      const rsOwner = rs && controllerOf(rs);
      if (rsOwner?.kind === 'Deployment') {
        target =
          drafts.get(`Deployment/${rsOwner.name}`) ??
          draft('Deployment', { metadata: { name: rsOwner.name, labels: pod.metadata.labels } }, null);
      } else {
        target =
          drafts.get(`ReplicaSet/${owner.name}`) ??
          draft('ReplicaSet', { metadata: { name: owner.name, labels: pod.metadata.labels } }, null);
      }
    } else {
      // StatefulSet, DaemonSet, Job, or any other controller: the workload is named after it.
      target =
        drafts.get(`${owner.kind}/${owner.name}`) ??
        draft(owner.kind, { metadata: { name: owner.name, labels: pod.metadata.labels } }, null);
    }
    target.pods.push(pod);
  }
  const injection = namespaceInjection(objects.namespace);
  const workloads: WorkloadModel[] = [];
  for (const d of drafts.values()) {
    const pods = d.pods.map((p) => toPodModel(p, objects.namespace));
    const current = d.pods.filter(podIsCurrent).length;
    const available = pods.filter((p) => p.ready).length;
    const labels = d.labels;
    const ambient = pods.length > 0 ? pods.every((p) => p.ambient) : injection === 'ambient';
    // Without pods, what the injector would do: the namespace turns it on and the template does not opt out.
    const hasSidecar =
      pods.length > 0
        ? pods.every((p) => p.hasSidecar)
        : (injection === 'enabled' || injection === 'revision') && labels['sidecar.istio.io/inject'] !== 'false';
    workloads.push({
      name: d.name,
      namespace: namespaceName,
      kind: d.kind,
      labels,
      app: appOf(labels),
      version: versionOf(labels),
      replicas: { desired: d.desired ?? current, current, available },
      pods,
      hasSidecar,
      ambient,
      isGateway: isGatewayLabels(labels),
      createdAt: d.createdAt,
      annotations: d.annotations,
    });
  }
  return workloads.sort((a, b) => a.name.localeCompare(b.name) || a.kind.localeCompare(b.kind));
}
