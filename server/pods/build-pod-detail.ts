// One pod as `kubectl describe pod` tells it: containers with their state and reason, conditions, owner, node, IPs,
// QoS and the events recorded about it. Pure: the pod, its events and what it belongs to arrive as values.
import type { PodContainer, PodDetail, PodEvent } from '../../lib/api/pods.js';
import type { ConfigRef } from '../mesh/istio-refs.js';
import { appOf, podHasSidecar, versionOf } from '../mesh/pod-facts.js';
import { podColumns, proxyFacts, type ContainerStatus, type PodStatusFields } from '../mesh/pod-status.js';
import type { KubeObject } from '../sources/kubernetes.js';

interface SpecContainer {
  name: string;
  image?: string;
  restartPolicy?: string;
  ports?: { name?: string; containerPort: number; protocol?: string }[];
}

interface PodStatus extends PodStatusFields {
  hostIP?: string;
  podIP?: string;
  podIPs?: { ip: string }[];
  qosClass?: string;
  conditions?: { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string }[];
}

function container(spec: SpecContainer, live: ContainerStatus | undefined): PodContainer {
  const state = live?.state;
  const base = {
    name: spec.name,
    image: live?.image ?? spec.image ?? null,
    ready: live?.ready ?? false,
    restarts: live?.restartCount ?? 0,
    ports: (spec.ports ?? []).map((p) => ({
      name: p.name ?? null,
      port: p.containerPort,
      protocol: p.protocol ?? 'TCP',
    })),
    sidecar: spec.restartPolicy === 'Always',
  };
  if (state?.running)
    return {
      ...base,
      state: 'running',
      reason: null,
      message: null,
      exitCode: null,
      since: state.running.startedAt ?? null,
    };
  if (state?.terminated)
    return {
      ...base,
      state: 'terminated',
      reason: state.terminated.reason ?? null,
      message: state.terminated.message ?? null,
      exitCode: state.terminated.exitCode ?? null,
      since: state.terminated.finishedAt ?? null,
    };
  if (state?.waiting)
    return {
      ...base,
      state: 'waiting',
      reason: state.waiting.reason ?? null,
      message: state.waiting.message ?? null,
      exitCode: null,
      since: null,
    };
  return { ...base, state: 'unknown', reason: null, message: null, exitCode: null, since: null };
}

function containers(specs: SpecContainer[] | undefined, statuses: ContainerStatus[] | undefined): PodContainer[] {
  const byName = new Map((statuses ?? []).map((s) => [s.name, s]));
  return (specs ?? []).map((c) => container(c, byName.get(c.name)));
}

interface KubeEvent {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  source?: { component?: string; host?: string };
  reportingComponent?: string;
  series?: { count?: number; lastObservedTime?: string };
  involvedObject?: { fieldPath?: string };
  metadata?: { creationTimestamp?: string };
}

/** An event as describe shows it; events.k8s.io-style ones carry eventTime and series instead of the timestamps. */
export function toPodEvent(e: KubeEvent): PodEvent {
  const first = e.firstTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp ?? null;
  return {
    type: e.type ?? 'Normal',
    reason: e.reason ?? '',
    message: (e.message ?? '').trim(),
    from: e.source?.component || e.reportingComponent || '',
    count: e.series?.count ?? e.count ?? 1,
    firstSeen: first,
    lastSeen: e.series?.lastObservedTime ?? e.lastTimestamp ?? first,
    fieldPath: e.involvedObject?.fieldPath ?? null,
  };
}

export interface PodDetailInputs {
  pod: KubeObject;
  /** The controller in ownerReferences and the workload it belongs to (a ReplicaSet's Deployment), if any. */
  owner: { kind: string; name: string } | null;
  workload: { kind: string; name: string } | null;
  events: readonly KubeEvent[];
  eventsError: string | null;
  istioConfig: ConfigRef[];
}

export function buildPodDetail(inputs: PodDetailInputs): PodDetail {
  const { pod } = inputs;
  const spec = (pod.spec ?? {}) as {
    containers?: SpecContainer[];
    initContainers?: SpecContainer[];
    nodeName?: string;
    serviceAccountName?: string;
  };
  const status = (pod.status ?? {}) as PodStatus;
  const labels = pod.metadata.labels ?? {};
  const proxy = proxyFacts(pod);
  const podIPs = status.podIPs?.map((p) => p.ip) ?? (status.podIP ? [status.podIP] : []);
  // Oldest first, as kubectl describe sorts them (by last seen); the API's order breaks ties.
  const events = inputs.events
    .map(toPodEvent)
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (a.e.lastSeen ?? '').localeCompare(b.e.lastSeen ?? '') || a.i - b.i)
    .map(({ e }) => e);
  return {
    name: pod.metadata.name,
    namespace: pod.metadata.namespace ?? '',
    createdAt: pod.metadata.creationTimestamp ?? null,
    labels,
    annotations: pod.metadata.annotations ?? {},
    owner: inputs.owner,
    workload: inputs.workload,
    app: appOf(labels),
    version: versionOf(labels),
    node: spec.nodeName ?? null,
    hostIP: status.hostIP ?? null,
    podIPs,
    qosClass: status.qosClass ?? null,
    serviceAccount: spec.serviceAccountName ?? null,
    phase: status.phase ?? 'Pending',
    ...podColumns(pod),
    hasSidecar: podHasSidecar(pod),
    proxyVersion: proxy.version,
    proxyReady: proxy.ready,
    conditions: (status.conditions ?? []).map((c) => ({
      type: c.type,
      status: c.status,
      reason: c.reason ?? null,
      message: c.message ?? null,
      lastTransitionTime: c.lastTransitionTime ?? null,
    })),
    containers: containers(spec.containers, status.containerStatuses),
    initContainers: containers(spec.initContainers, status.initContainerStatuses),
    events,
    eventsError: inputs.eventsError,
    istioConfig: inputs.istioConfig,
  };
}
