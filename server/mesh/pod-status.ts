// A pod's STATUS, READY and RESTARTS columns as `kubectl get pods` computes them (printPod in kubernetes/kubernetes
// pkg/printers/internalversion/printers.go), so a person reads the same words here as in their terminal.
import type { KubeObject } from '../sources/kubernetes.js';

interface ContainerState {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: string };
  terminated?: { reason?: string; exitCode?: number; signal?: number; message?: string; finishedAt?: string };
}

export interface ContainerStatus {
  name: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  image?: string;
  state?: ContainerState;
  lastState?: ContainerState;
}

interface SpecContainer {
  name: string;
  restartPolicy?: string;
}

export interface PodStatusFields {
  phase?: string;
  reason?: string;
  conditions?: { type: string; status: string; reason?: string }[];
  containerStatuses?: ContainerStatus[];
  initContainerStatuses?: ContainerStatus[];
}

export interface PodColumns {
  /** kubectl's STATUS: Running, Pending, CrashLoopBackOff, Init:0/1, Completed, Terminating, … */
  status: string;
  readyContainers: number;
  totalContainers: number;
  restarts: number;
}

// A native sidecar: an init container with restartPolicy Always (podutil.IsRestartableInitContainer).
const restartable = (c: SpecContainer | undefined) => c?.restartPolicy === 'Always';

const conditionTrue = (s: PodStatusFields, type: string) =>
  (s.conditions ?? []).some((c) => c.type === type && c.status === 'True');

/** The init containers' part: the STATUS while initialising (null once done), their restarts, ready sidecars. */
function initColumns(
  spec: { initContainers?: SpecContainer[] },
  status: PodStatusFields,
): { reason: string | null; restarts: number; sidecarRestarts: number; ready: number } {
  const byName = new Map((spec.initContainers ?? []).map((c) => [c.name, c]));
  const total = spec.initContainers?.length ?? 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let ready = 0;
  const statuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < statuses.length; i++) {
    const c = statuses[i]!;
    const sidecar = restartable(byName.get(c.name));
    restarts += c.restartCount ?? 0;
    if (sidecar) sidecarRestarts += c.restartCount ?? 0;
    const terminated = c.state?.terminated;
    if (terminated && (terminated.exitCode ?? 0) === 0) continue;
    if (sidecar && c.started) {
      if (c.ready) ready++;
      continue;
    }
    let reason: string;
    if (terminated) {
      if (terminated.reason) reason = `Init:${terminated.reason}`;
      else if (terminated.signal) reason = `Init:Signal:${terminated.signal}`;
      else reason = `Init:ExitCode:${terminated.exitCode ?? 0}`;
    } else if (c.state?.waiting?.reason && c.state.waiting.reason !== 'PodInitializing') {
      reason = `Init:${c.state.waiting.reason}`;
    } else {
      reason = `Init:${i}/${total}`;
    }
    return { reason, restarts, sidecarRestarts, ready };
  }
  return { reason: null, restarts, sidecarRestarts, ready };
}

/** STATUS, READY (ready/total) and RESTARTS of one pod, as kubectl prints them. */
export function podColumns(pod: KubeObject): PodColumns {
  const spec = (pod.spec ?? {}) as { containers?: SpecContainer[]; initContainers?: SpecContainer[] };
  const status = (pod.status ?? {}) as PodStatusFields;
  const phase = status.phase ?? 'Pending';
  let reason = status.reason || phase;
  if ((status.conditions ?? []).some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated'))
    reason = 'SchedulingGated';
  const totalContainers = (spec.containers?.length ?? 0) + (spec.initContainers ?? []).filter(restartable).length;
  const init = initColumns(spec, status);
  let readyContainers = init.ready;
  let restarts = init.restarts;
  if (init.reason !== null) reason = init.reason;
  if (init.reason === null || conditionTrue(status, 'Initialized')) {
    // Once initialised, only the restarts of sidecar init containers count, as kubectl does.
    restarts = init.sidecarRestarts;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    // Backwards, as kubectl walks them: the first container's reason wins.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i]!;
      restarts += c.restartCount ?? 0;
      const terminated = c.state?.terminated;
      if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
      else if (terminated?.reason) reason = terminated.reason;
      else if (terminated)
        reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode ?? 0}`;
      else if (c.ready && c.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    if (reason === 'Completed' && hasRunning) reason = conditionTrue(status, 'Ready') ? 'Running' : 'NotReady';
  }
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  if (pod.metadata.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && !terminal) reason = 'Terminating';
  return { status: reason, readyContainers, totalContainers, restarts };
}

export interface ProxyFacts {
  /** The istio-proxy image's tag (e.g. 1.22.3), null without a sidecar or a tag. */
  version: string | null;
  /** The istio-proxy container's readiness (Envoy has its config from istiod); null without a sidecar. */
  ready: boolean | null;
}

/** The image's tag: what follows the last ':' after the last '/', without a digest. */
export function imageTag(image: string | undefined): string | null {
  if (!image) return null;
  const name = image.split('@')[0]!;
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  return colon > slash ? name.slice(colon + 1) : null;
}

/** The sidecar's version and readiness, from the istio-proxy container (or native sidecar init container). */
export function proxyFacts(pod: KubeObject): ProxyFacts {
  const spec = (pod.spec ?? {}) as {
    containers?: { name: string; image?: string }[];
    initContainers?: SpecContainer[];
  };
  const status = (pod.status ?? {}) as PodStatusFields;
  const container =
    spec.containers?.find((c) => c.name === 'istio-proxy') ??
    (spec.initContainers as { name: string; image?: string; restartPolicy?: string }[] | undefined)?.find(
      (c) => c.name === 'istio-proxy' && c.restartPolicy === 'Always',
    );
  if (!container) return { version: null, ready: null };
  const live = [...(status.containerStatuses ?? []), ...(status.initContainerStatuses ?? [])].find(
    (c) => c.name === 'istio-proxy',
  );
  return { version: imageTag(container.image), ready: live?.ready ?? false };
}
