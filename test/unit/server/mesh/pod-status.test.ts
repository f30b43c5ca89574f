// The cases follow printPod in kubernetes/kubernetes pkg/printers/internalversion/printers.go: what `kubectl get
// pods` prints in its READY, STATUS and RESTARTS columns.
import { describe, expect, it } from 'vitest';
import { imageTag, podColumns, proxyFacts } from '../../../../server/mesh/pod-status.js';
import type { KubeObject } from '../../../../server/sources/kubernetes.js';

const running = (name: string, extra: object = {}) => ({
  name,
  ready: true,
  started: true,
  restartCount: 0,
  state: { running: { startedAt: '2026-01-01T00:00:00Z' } },
  ...extra,
});
const initDone = (name: string) => ({
  name,
  ready: true,
  restartCount: 0,
  state: { terminated: { exitCode: 0, reason: 'Completed' } },
});

function pod(status: Record<string, unknown>, spec: object = {}, metadata: object = {}): KubeObject {
  return {
    metadata: { name: 'p', ...metadata },
    spec: { containers: [{ name: 'app' }, { name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.22.3' }], ...spec },
    status,
  };
}

describe("kubectl's pod columns", () => {
  it('reads Running 2/2 for a pod whose two containers run and are ready', () => {
    const p = pod({
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [running('app'), running('istio-proxy')],
    });
    expect(podColumns(p)).toEqual({ status: 'Running', readyContainers: 2, totalContainers: 2, restarts: 0 });
  });

  it("takes a waiting container's reason (CrashLoopBackOff) and sums the restarts", () => {
    const p = pod({
      phase: 'Running',
      containerStatuses: [
        { name: 'app', ready: false, restartCount: 5, state: { waiting: { reason: 'CrashLoopBackOff' } } },
        running('istio-proxy', { restartCount: 1 }),
      ],
    });
    expect(podColumns(p)).toEqual({ status: 'CrashLoopBackOff', readyContainers: 1, totalContainers: 2, restarts: 6 });
  });

  it('says Pending for a pod not yet scheduled, and ContainerCreating while images are pulled', () => {
    expect(podColumns(pod({ phase: 'Pending' })).status).toBe('Pending');
    const creating = pod({
      phase: 'Pending',
      containerStatuses: [
        { name: 'app', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } },
      ],
    });
    expect(podColumns(creating).status).toBe('ContainerCreating');
  });

  it('counts init containers as Init:i/n while they run, and Init:<reason> when one fails', () => {
    const spec = { initContainers: [{ name: 'istio-init' }, { name: 'migrate' }] };
    const second = pod(
      {
        phase: 'Pending',
        initContainerStatuses: [
          initDone('istio-init'),
          { name: 'migrate', ready: false, restartCount: 0, state: { running: {} } },
        ],
      },
      spec,
    );
    expect(podColumns(second).status).toBe('Init:1/2');
    const failing = pod(
      {
        phase: 'Pending',
        initContainerStatuses: [
          { name: 'istio-init', restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } } },
        ],
      },
      spec,
    );
    expect(podColumns(failing)).toMatchObject({ status: 'Init:CrashLoopBackOff', restarts: 3 });
    const exited = pod(
      { phase: 'Pending', initContainerStatuses: [{ name: 'istio-init', state: { terminated: { exitCode: 2 } } }] },
      spec,
    );
    expect(podColumns(exited).status).toBe('Init:ExitCode:2');
  });

  it('counts a native sidecar (init container with restartPolicy Always) among the containers', () => {
    const p: KubeObject = {
      metadata: { name: 'p' },
      spec: {
        containers: [{ name: 'app' }],
        initContainers: [{ name: 'istio-proxy', restartPolicy: 'Always', image: 'istio/proxyv2:1.24.0' }],
      },
      status: {
        phase: 'Running',
        conditions: [
          { type: 'Initialized', status: 'True' },
          { type: 'Ready', status: 'True' },
        ],
        initContainerStatuses: [running('istio-proxy', { restartCount: 2 })],
        containerStatuses: [running('app')],
      },
    };
    expect(podColumns(p)).toEqual({ status: 'Running', readyContainers: 2, totalContainers: 2, restarts: 2 });
    expect(proxyFacts(p)).toEqual({ version: '1.24.0', ready: true });
  });

  it('says Completed for a finished pod, and Terminating for one being deleted', () => {
    const done = pod({
      phase: 'Succeeded',
      containerStatuses: [{ name: 'app', ready: false, state: { terminated: { exitCode: 0, reason: 'Completed' } } }],
    });
    expect(podColumns(done).status).toBe('Completed');
    const deleting = pod(
      { phase: 'Running', containerStatuses: [running('app')] },
      {},
      { deletionTimestamp: '2026-01-01T00:00:00Z' },
    );
    expect(podColumns(deleting).status).toBe('Terminating');
    // A finished pod being deleted keeps its terminal word.
    expect(podColumns({ ...done, metadata: { name: 'p', deletionTimestamp: '2026-01-01T00:00:00Z' } }).status).toBe(
      'Completed',
    );
  });

  it('says Running, not Completed, when one container finished while another still runs and the pod is ready', () => {
    const p = pod({
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [
        running('app'),
        { name: 'istio-proxy', ready: false, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
      ],
    });
    expect(podColumns(p)).toMatchObject({ status: 'Running', readyContainers: 1 });
    const notReady = pod({ ...p.status, conditions: [] });
    expect(podColumns(notReady).status).toBe('NotReady');
  });

  it("prints the status's own reason (Evicted) and SchedulingGated", () => {
    expect(podColumns(pod({ phase: 'Failed', reason: 'Evicted' })).status).toBe('Evicted');
    const gated = pod({
      phase: 'Pending',
      conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }],
    });
    expect(podColumns(gated).status).toBe('SchedulingGated');
  });
});

describe('the sidecar of a pod', () => {
  it("reads the version from istio-proxy's image tag and its readiness from its status", () => {
    const p = pod({ containerStatuses: [running('app'), { ...running('istio-proxy'), ready: false }] });
    expect(proxyFacts(p)).toEqual({ version: '1.22.3', ready: false });
    expect(proxyFacts({ metadata: { name: 'x' }, spec: { containers: [{ name: 'app' }] } })).toEqual({
      version: null,
      ready: null,
    });
  });

  it('reads tags past a registry port and ignores digests', () => {
    expect(imageTag('registry:5000/istio/proxyv2:1.23.1')).toBe('1.23.1');
    expect(imageTag('registry:5000/istio/proxyv2')).toBeNull();
    expect(imageTag('istio/proxyv2:1.23.1@sha256:abc')).toBe('1.23.1');
  });
});
