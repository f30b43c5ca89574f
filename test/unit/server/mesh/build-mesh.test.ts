import { describe, expect, it } from 'vitest';
import { DEFAULT_TOLERANCES } from '../../../../server/config.js';
import {
  buildAppList,
  buildServiceList,
  buildWorkloadList,
  type MeshInputs,
} from '../../../../server/mesh/build-mesh.js';
import { buildWorkloads, type NamespaceObjects } from '../../../../server/mesh/build-workloads.js';
import { compileTolerances } from '../../../../server/mesh/health.js';
import { indexDestinationRules, indexVirtualServices } from '../../../../server/mesh/istio-refs.js';
import type { KubeObject } from '../../../../server/sources/kubernetes.js';

const ns = (name: string, labels: Record<string, string> = {}): KubeObject => ({ metadata: { name, labels } });

function deployment(name: string, labels: Record<string, string>, replicas = 2): KubeObject {
  return {
    kind: 'Deployment',
    metadata: { name, namespace: 'demo' },
    spec: { replicas, template: { metadata: { labels } } },
  };
}
function replicaSet(name: string, deploymentName: string): KubeObject {
  return {
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: 'demo',
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: deploymentName, controller: true }],
    },
    spec: { replicas: 2 },
  };
}
function pod(
  name: string,
  options: {
    owner?: { kind: string; name: string };
    labels?: Record<string, string>;
    sidecar?: 'container' | 'annotation' | false;
    ready?: boolean;
  },
): KubeObject {
  const containers = [{ name: 'app' }];
  if (options.sidecar === 'container') containers.push({ name: 'istio-proxy' });
  return {
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'demo',
      labels: options.labels ?? {},
      annotations: options.sidecar === 'annotation' ? { 'sidecar.istio.io/status': '{}' } : {},
      ownerReferences: options.owner ? [{ apiVersion: 'apps/v1', ...options.owner, controller: true }] : undefined,
    },
    spec: { containers },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: options.ready === false ? 'False' : 'True' }] },
  };
}

const objects = (o: Partial<NamespaceObjects>): NamespaceObjects => ({
  namespace: ns('demo', { 'istio-injection': 'enabled' }),
  pods: [],
  replicaSets: [],
  deployments: [],
  statefulSets: [],
  daemonSets: [],
  ...o,
});

const saLogic = objects({
  deployments: [deployment('sa-logic', { app: 'sa-logic', version: 'v1' })],
  replicaSets: [replicaSet('sa-logic-abc', 'sa-logic')],
  pods: [
    pod('sa-logic-abc-1', {
      owner: { kind: 'ReplicaSet', name: 'sa-logic-abc' },
      labels: { app: 'sa-logic', version: 'v1' },
      sidecar: 'container',
    }),
    pod('sa-logic-abc-2', {
      owner: { kind: 'ReplicaSet', name: 'sa-logic-abc' },
      labels: { app: 'sa-logic', version: 'v1' },
      sidecar: 'annotation',
    }),
  ],
});

describe('workloads from pods and their controllers', () => {
  it('traces pods through their ReplicaSet to the Deployment, with app, version, replicas and sidecar', () => {
    const [w] = buildWorkloads('demo', saLogic);
    expect(w).toMatchObject({ name: 'sa-logic', kind: 'Deployment', app: 'sa-logic', version: 'v1', hasSidecar: true });
    expect(w!.replicas).toEqual({ desired: 2, current: 2, available: 2 });
    expect(w!.pods.map((p) => p.name)).toEqual(['sa-logic-abc-1', 'sa-logic-abc-2']);
  });

  it("prefers Istio's canonical labels over app and version", () => {
    const [w] = buildWorkloads(
      'demo',
      objects({
        deployments: [
          deployment('reviews-v2', {
            app: 'reviews',
            version: 'v2',
            'service.istio.io/canonical-name': 'reviews-canonical',
            'service.istio.io/canonical-revision': 'r2',
          }),
        ],
      }),
    );
    expect(w).toMatchObject({ app: 'reviews-canonical', version: 'r2' });
  });

  it('keeps a Deployment scaled to zero, and a bare pod as its own workload without a sidecar', () => {
    const list = buildWorkloads(
      'demo',
      objects({
        deployments: [deployment('idle', { app: 'idle' }, 0)],
        pods: [pod('debug', { labels: { run: 'debug' }, sidecar: false })],
      }),
    );
    expect(list.map((w) => [w.name, w.kind, w.replicas.desired, w.hasSidecar])).toEqual([
      ['debug', 'Pod', 1, false],
      ['idle', 'Deployment', 0, true],
    ]);
  });

  it('counts a pod that is not ready as current but not available', () => {
    const [w] = buildWorkloads(
      'demo',
      objects({
        deployments: [deployment('sa-logic', { app: 'sa-logic' })],
        replicaSets: [replicaSet('sa-logic-abc', 'sa-logic')],
        pods: [
          pod('a', { owner: { kind: 'ReplicaSet', name: 'sa-logic-abc' }, sidecar: 'container' }),
          pod('b', { owner: { kind: 'ReplicaSet', name: 'sa-logic-abc' }, sidecar: 'container', ready: false }),
        ],
      }),
    );
    expect(w!.replicas).toEqual({ desired: 2, current: 2, available: 1 });
  });

  it('marks the pods of an ambient namespace as captured by ztunnel', () => {
    const [w] = buildWorkloads('demo', {
      ...objects({ pods: [pod('p', { sidecar: false })] }),
      namespace: ns('demo', { 'istio.io/dataplane-mode': 'ambient' }),
    });
    expect(w).toMatchObject({ ambient: true, hasSidecar: false });
  });
});

function inputs(o: Partial<MeshInputs> & Pick<MeshInputs, 'workloads'>): MeshInputs {
  return {
    namespace: 'demo',
    services: [],
    virtualServices: indexVirtualServices([]),
    destinationRules: indexDestinationRules([]),
    traffic: null,
    tolerances: compileTolerances(DEFAULT_TOLERANCES),
    istioNamespace: 'istio-system',
    ...o,
  };
}

const service = (name: string, selector: Record<string, string>): KubeObject => ({
  kind: 'Service',
  metadata: { name, namespace: 'demo' },
  spec: { type: 'ClusterIP', clusterIP: '10.0.0.1', selector, ports: [{ name: 'http', port: 80, protocol: 'TCP' }] },
});

describe('lists with badges', () => {
  it('badges a workload without a sidecar, outside ambient', () => {
    const workloads = buildWorkloads(
      'legacy',
      objects({ pods: [pod('reports', { labels: { app: 'reports' }, sidecar: false })] }),
    );
    expect(buildWorkloadList(inputs({ workloads }))[0]!.badges).toEqual(['missing-sidecar']);
  });

  it('expects no sidecar on the control plane, gateways or a workload that opted out, and says why', () => {
    const istioSystem = (name: string, labels: Record<string, string>) =>
      buildWorkloads(
        'istio-system',
        objects({ namespace: ns('istio-system'), pods: [pod(name, { labels, sidecar: false })] }),
      );
    const rows = [
      ...buildWorkloadList(
        inputs({ namespace: 'istio-system', workloads: istioSystem('istiod', { app: 'istiod', istio: 'pilot' }) }),
      ),
      ...buildWorkloadList(
        inputs({
          namespace: 'istio-system',
          workloads: istioSystem('istio-ingressgateway', { istio: 'ingressgateway' }),
        }),
      ),
      ...buildWorkloadList(
        inputs({
          workloads: buildWorkloads(
            'legacy',
            objects({
              pods: [pod('batch', { labels: { app: 'batch', 'sidecar.istio.io/inject': 'false' }, sidecar: false })],
            }),
          ),
        }),
      ),
    ];
    expect(rows.map((w) => [w.name, w.sidecarExemption, w.badges.includes('missing-sidecar')])).toEqual([
      ['istiod', 'control plane', false],
      ['istio-ingressgateway', 'gateway proxy', false],
      ['batch', 'opted out', false],
    ]);
  });

  it('links a gateway workload to the Istio Gateways that select it, from any namespace', () => {
    const workloads = buildWorkloads(
      'istio-system',
      objects({
        namespace: ns('istio-system'),
        pods: [pod('istio-ingressgateway', { labels: { istio: 'ingressgateway' }, sidecar: false })],
      }),
    );
    const gateway = (name: string, selector: Record<string, string>): KubeObject => ({
      metadata: { name, namespace: 'demo' },
      spec: { selector, servers: [] },
    });
    const [w] = buildWorkloadList(
      inputs({
        namespace: 'istio-system',
        workloads,
        gateways: [gateway('http-gateway', { istio: 'ingressgateway' }), gateway('egress', { istio: 'egressgateway' })],
      }),
    );
    expect(w!.badges).toContain('gateway');
    expect(w!.istioConfig).toEqual([{ kind: 'Gateway', namespace: 'demo', name: 'http-gateway' }]);
  });

  it('badges a service named by a VirtualService (short host) and a DestinationRule (FQDN)', () => {
    const workloads = buildWorkloads('demo', saLogic);
    const vs: KubeObject = {
      metadata: { name: 'sa-logic', namespace: 'demo' },
      spec: { hosts: ['sa-logic'], http: [{ route: [{ destination: { host: 'sa-logic', subset: 'v1' } }] }] },
    };
    const dr: KubeObject = {
      metadata: { name: 'sa-logic', namespace: 'other' },
      spec: { host: 'sa-logic.demo.svc.cluster.local' },
    };
    const mesh = inputs({
      workloads,
      services: [service('sa-logic', { app: 'sa-logic' }), service('sa-webapp', { app: 'sa-webapp' })],
      virtualServices: indexVirtualServices([vs]),
      destinationRules: indexDestinationRules([dr]),
    });
    const services = buildServiceList(mesh);
    expect(services.map((s) => [s.name, s.workloads, s.badges])).toEqual([
      ['sa-logic', ['sa-logic'], ['virtual-service', 'destination-rule']],
      ['sa-webapp', [], []],
    ]);
    expect(buildWorkloadList(mesh)[0]!.badges).toEqual(['virtual-service', 'destination-rule']);
    expect(buildWorkloadList(mesh)[0]!.istioConfig).toEqual([
      { kind: 'VirtualService', namespace: 'demo', name: 'sa-logic' },
      { kind: 'DestinationRule', namespace: 'other', name: 'sa-logic' },
    ]);
  });

  it('groups workloads into apps with their versions and services; health is the worst of its workloads', () => {
    const v2 = buildWorkloads(
      'demo',
      objects({
        deployments: [deployment('sa-logic-v2', { app: 'sa-logic', version: 'v2' }, 1)],
        pods: [
          pod('sa-logic-v2-x', {
            owner: { kind: 'Deployment', name: 'sa-logic-v2' },
            sidecar: 'container',
            ready: false,
          }),
        ],
      }),
    );
    const workloads = [...buildWorkloads('demo', saLogic), ...v2];
    const [app] = buildAppList(inputs({ workloads, services: [service('sa-logic', { app: 'sa-logic' })] }));
    expect(app).toMatchObject({
      name: 'sa-logic',
      versions: ['v1', 'v2'],
      workloads: ['sa-logic', 'sa-logic-v2'],
      services: ['sa-logic'],
    });
    expect(app!.health.status).toBe('Failure'); // v2 wants one pod and has none ready
    expect(app!.health.pods).toEqual({ ready: 2, desired: 3 });
    expect(app!.badges).toContain('not-ready');
  });
});

describe('health in the lists', () => {
  const traffic = (workload: string) => ({
    workloadsIn: new Map([
      [
        `demo/${workload}`,
        [
          { protocol: 'http', code: '200', rps: 9 },
          { protocol: 'http', code: '500', rps: 1 },
        ],
      ],
    ]),
    workloadsOut: new Map(),
    appsIn: new Map(),
    appsOut: new Map(),
    servicesIn: new Map(),
  });

  it("fails a workload with 10 % of 5xx by Kiali's defaults, unless its health.kiali.io/rate tolerates it", () => {
    const strict = buildWorkloads('demo', saLogic);
    expect(buildWorkloadList(inputs({ workloads: strict, traffic: traffic('sa-logic') }))[0]!.health.status).toBe(
      'Failure',
    );
    const annotated = buildWorkloads('demo', {
      ...saLogic,
      deployments: [
        {
          ...deployment('sa-logic', { app: 'sa-logic', version: 'v1' }),
          metadata: { name: 'sa-logic', namespace: 'demo', annotations: { 'health.kiali.io/rate': '5XX,20,50' } },
        },
      ],
    });
    const [w] = buildWorkloadList(inputs({ workloads: annotated, traffic: traffic('sa-logic') }));
    expect(w!.health.status).toBe('Healthy');
    expect(w!.health.requests).toEqual({ rps: 10, errorRatio: 0.1, http4xxRatio: 0 });
  });
});
