// A pod's page as `kubectl describe pod` reads it (k8s.io/kubectl pkg/describe/describe.go describePod: containers
// with State/Reason/Exit Code, Ready, Restart Count, Ports; Conditions; QoS Class; Events oldest first).
import { describe, expect, it } from 'vitest';
import { buildPodDetail, toPodEvent } from '../../../../server/pods/build-pod-detail.js';
import type { KubeObject } from '../../../../server/sources/kubernetes.js';

const pod: KubeObject = {
  metadata: {
    name: 'sa-logic-v1-abcde',
    namespace: 'demo',
    uid: 'u1',
    labels: { app: 'sa-logic', version: 'v1' },
    annotations: { 'sidecar.istio.io/status': '{}' },
    creationTimestamp: '2026-01-01T00:00:00Z',
  },
  spec: {
    nodeName: 'node-1',
    serviceAccountName: 'default',
    initContainers: [{ name: 'istio-init', image: 'istio/proxyv2:1.24.0' }],
    containers: [
      { name: 'sa-logic', image: 'rinormaloku/sentiment-analysis-logic', ports: [{ containerPort: 5000 }] },
      {
        name: 'istio-proxy',
        image: 'istio/proxyv2:1.24.0',
        ports: [{ name: 'http-envoy-prom', containerPort: 15090, protocol: 'TCP' }],
      },
    ],
  },
  status: {
    phase: 'Running',
    hostIP: '172.18.0.2',
    podIPs: [{ ip: '10.244.0.7' }],
    qosClass: 'Burstable',
    conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-01-01T00:00:05Z' }],
    initContainerStatuses: [
      {
        name: 'istio-init',
        ready: true,
        restartCount: 0,
        state: { terminated: { exitCode: 0, reason: 'Completed', finishedAt: '2026-01-01T00:00:02Z' } },
      },
    ],
    containerStatuses: [
      {
        name: 'sa-logic',
        ready: false,
        restartCount: 4,
        state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s' } },
      },
      { name: 'istio-proxy', ready: true, restartCount: 0, state: { running: { startedAt: '2026-01-01T00:00:03Z' } } },
    ],
  },
};

const event = (reason: string, last: string, extra: object = {}) => ({
  type: 'Normal',
  reason,
  message: `${reason} happened `,
  source: { component: 'kubelet', host: 'node-1' },
  count: 1,
  firstTimestamp: last,
  lastTimestamp: last,
  involvedObject: { kind: 'Pod', name: 'sa-logic-v1-abcde', fieldPath: 'spec.containers{sa-logic}' },
  ...extra,
});

describe("a pod's page", () => {
  const detail = buildPodDetail({
    pod,
    owner: { kind: 'ReplicaSet', name: 'sa-logic-v1-7d9f' },
    workload: { kind: 'Deployment', name: 'sa-logic-v1' },
    events: [
      event('Started', '2026-01-01T00:00:03Z'),
      event('Scheduled', '2026-01-01T00:00:00Z', { source: { component: 'default-scheduler' } }),
    ],
    eventsError: null,
    istioConfig: [],
  });

  it("shows each container's state with its reason, readiness, restarts and ports", () => {
    expect(detail.containers).toEqual([
      {
        name: 'sa-logic',
        image: 'rinormaloku/sentiment-analysis-logic',
        state: 'waiting',
        reason: 'CrashLoopBackOff',
        message: 'back-off 40s',
        exitCode: null,
        since: null,
        ready: false,
        restarts: 4,
        ports: [{ name: null, port: 5000, protocol: 'TCP' }],
        sidecar: false,
      },
      expect.objectContaining({ name: 'istio-proxy', state: 'running', since: '2026-01-01T00:00:03Z', ready: true }),
    ]);
    expect(detail.initContainers).toEqual([
      expect.objectContaining({ name: 'istio-init', state: 'terminated', reason: 'Completed', exitCode: 0 }),
    ]);
  });

  it("carries kubectl's columns, the owner, node, IPs, QoS and the sidecar", () => {
    expect(detail).toMatchObject({
      status: 'CrashLoopBackOff',
      readyContainers: 1,
      totalContainers: 2,
      restarts: 4,
      owner: { kind: 'ReplicaSet', name: 'sa-logic-v1-7d9f' },
      workload: { kind: 'Deployment', name: 'sa-logic-v1' },
      app: 'sa-logic',
      version: 'v1',
      node: 'node-1',
      hostIP: '172.18.0.2',
      podIPs: ['10.244.0.7'],
      qosClass: 'Burstable',
      hasSidecar: true,
      proxyVersion: '1.24.0',
      proxyReady: true,
    });
  });

  it('lists the events oldest first, each with who reported it', () => {
    expect(detail.events.map((e) => [e.reason, e.from, e.message])).toEqual([
      ['Scheduled', 'default-scheduler', 'Scheduled happened'],
      ['Started', 'kubelet', 'Started happened'],
    ]);
  });

  it('reads events.k8s.io-style events (eventTime and series) as well', () => {
    const e = toPodEvent({
      type: 'Warning',
      reason: 'BackOff',
      message: 'Back-off restarting failed container',
      eventTime: '2026-01-01T00:01:00.000000Z',
      firstTimestamp: null,
      lastTimestamp: null,
      reportingComponent: 'kubelet',
      series: { count: 7, lastObservedTime: '2026-01-01T00:05:00.000000Z' },
    });
    expect(e).toMatchObject({
      from: 'kubelet',
      count: 7,
      firstSeen: '2026-01-01T00:01:00.000000Z',
      lastSeen: '2026-01-01T00:05:00.000000Z',
    });
  });
});
