import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { graphResponse, type GraphType } from '../../../../lib/api/graph.js';
import type { WorkloadModel } from '../../../../server/mesh/build-workloads.js';
import { compileTolerances } from '../../../../server/mesh/health.js';
import { buildGraph, type GraphAnswers, type GraphTopology } from '../../../../server/graph/build-graph.js';
import { serviceFeatures } from '../../../../server/graph/service-features.js';
import type { Sample } from '../../../../server/sources/prometheus.js';
import { DEFAULT_TOLERANCES } from '../../../../server/config.js';
import { FIXTURES } from '../../../helpers/fixtures.js';
import { sample, type End } from './graph-samples.js';

const gateway: End = { ns: 'istio-system', workload: 'istio-ingressgateway' };
const webapp: End = { ns: 'demo', workload: 'sa-webapp', app: 'sa-webapp', version: 'v1' };
const logicV1: End = { ns: 'demo', workload: 'sa-logic', app: 'sa-logic', version: 'v1' };
const logicV2: End = { ns: 'demo', workload: 'sa-logic-v2', app: 'sa-logic', version: 'v2' };
const logicSvc = { ns: 'demo', name: 'sa-logic' };

function workload(end: End, extra: Partial<WorkloadModel> = {}): WorkloadModel {
  const replicas = { desired: 1, current: 1, available: 1 };
  return {
    name: end.workload,
    namespace: end.ns,
    kind: 'Deployment',
    labels: {},
    app: end.app ?? end.workload,
    version: end.version ?? null,
    replicas,
    pods: [
      {
        name: `${end.workload}-0`,
        phase: 'Running',
        ready: true,
        hasSidecar: true,
        ambient: false,
        ip: null,
        node: null,
        createdAt: null,
        labels: {},
        status: 'Running',
        readyContainers: 2,
        totalContainers: 2,
        restarts: 0,
        proxyVersion: '1.22.3',
        proxyReady: true,
      },
    ],
    hasSidecar: true,
    ambient: false,
    isGateway: false,
    createdAt: null,
    annotations: {},
    ...extra,
  };
}

const topology: GraphTopology = {
  workloads: new Map([
    ['demo', [workload(webapp), workload(logicV1), workload(logicV2)]],
    ['istio-system', [workload(gateway, { isGateway: true })]],
  ]),
  services: new Map([['demo', ['sa-webapp', 'sa-logic']]]),
  serviceEntries: [],
  features: new Map(),
};

function graph(
  requests: Sample[],
  options: {
    graphType?: GraphType;
    inject?: boolean;
    operations?: boolean;
    namespaces?: string[];
    bytes?: Sample[];
    latency?: Sample[];
  } = {},
  topo: GraphTopology = topology,
) {
  const answers: GraphAnswers = { requests, bytes: options.bytes ?? [], latency: options.latency ?? [] };
  const built = buildGraph({
    graphType: options.graphType ?? 'versionedApp',
    namespaces: options.namespaces ?? ['demo'],
    injectServiceNodes: options.inject ?? false,
    operationNodes: options.operations ?? false,
    includeIdle: false,
    answers,
    topology: topo,
    tolerances: compileTolerances(DEFAULT_TOLERANCES),
    istioNamespace: 'istio-system',
  });
  // Whatever the builder makes must satisfy the route's contract.
  graphResponse.parse({ timestamp: 1, duration: '60s', graphType: 'app', namespaces: [], queries: 2, ...built });
  return built;
}

describe('the graph builder', () => {
  it("believes the caller's proxy when it reported, and takes mTLS from the server's", () => {
    // The caller saw 10 rps of which 1 timed out (504 UT); the server saw 12 attempts (retries) and reset one.
    const g = graph(
      [
        sample({ reporter: 'source', from: webapp, to: logicV1, rps: 9 }),
        sample({ reporter: 'source', from: webapp, to: logicV1, code: '504', flags: 'UT', rps: 1 }),
        sample({ reporter: 'destination', from: webapp, to: logicV1, rps: 11 }),
        sample({ reporter: 'destination', from: webapp, to: logicV1, code: '0', flags: 'DC', rps: 1 }),
      ],
      { graphType: 'workload' },
    );
    expect(g.edges).toHaveLength(1);
    const [edge] = g.edges;
    expect(edge).toMatchObject({
      source: 'wl:demo:sa-webapp',
      target: 'wl:demo:sa-logic',
      protocol: 'http',
      rps: 10,
      mtlsRatio: 1,
      share: 1,
    });
    expect(edge!.errorRatio).toBeCloseTo(0.1, 10);
    expect(edge!.http5xxRatio).toBeCloseTo(0.1, 10);
    expect(edge!.responseCodes).toEqual({ '200': { rps: 9, flags: { '-': 9 } }, '504': { rps: 1, flags: { UT: 1 } } });
  });

  it('draws callers without a sidecar as the unknown root, from the server’s report, without mTLS', () => {
    const g = graph([sample({ reporter: 'destination', from: null, to: webapp, mtls: false, rps: 4 })]);
    const unknown = g.nodes.find((n) => n.nodeType === 'unknown')!;
    expect(unknown).toMatchObject({ id: 'unknown', isRoot: true, hasSidecar: false, health: null });
    expect(g.edges[0]).toMatchObject({ source: unknown.id, target: 'vapp:demo:sa-webapp:v1', rps: 4 });
    expect(g.edges[0]!.mtlsRatio).toBe(0);
  });

  it('keeps versions apart in the versioned-app graph and folds them into one app in the app graph', () => {
    const requests = [
      sample({ reporter: 'source', from: webapp, to: logicV1, rps: 9 }),
      sample({ reporter: 'source', from: webapp, to: logicV2, rps: 0.5 }),
      sample({ reporter: 'source', from: webapp, to: logicV2, code: '500', rps: 0.5 }),
    ];
    const versioned = graph(requests);
    const v2 = versioned.edges.find((e) => e.target === 'vapp:demo:sa-logic:v2')!;
    expect(v2.rps).toBe(1);
    expect(v2.share).toBeCloseTo(0.1, 10);
    expect(v2.errorRatio).toBe(0.5);
    const v2Node = versioned.nodes.find((n) => n.id === v2.target)!;
    expect(v2Node.health?.status).toBe('Failure'); // 50 % 5xx ≥ Kiali's 10 %
    expect(v2Node.traffic.inbound).toEqual({ rps: 1, errorRatio: 0.5, bps: 0 });

    const app = graph(requests, { graphType: 'app' });
    expect(app.nodes.map((n) => n.id).sort()).toEqual(['app:demo:sa-logic', 'app:demo:sa-webapp']);
    expect(app.edges).toHaveLength(1);
    expect(app.edges[0]!.rps).toBe(10);
    expect(app.edges[0]!.errorRatio).toBeCloseTo(0.05, 10);
  });

  it('puts the service between caller and versions when asked, and collapses workloads in the service graph', () => {
    const requests = [
      sample({ reporter: 'source', from: gateway, to: webapp, service: { ns: 'demo', name: 'sa-webapp' }, rps: 5 }),
      sample({ reporter: 'source', from: webapp, to: logicV1, service: logicSvc, rps: 9 }),
      sample({ reporter: 'source', from: webapp, to: logicV2, service: logicSvc, rps: 1 }),
    ];
    const injected = graph(requests, { inject: true });
    const svc = injected.nodes.find((n) => n.id === 'svc:demo:sa-logic')!;
    expect(svc).toMatchObject({ nodeType: 'service', isInjected: true, service: 'sa-logic' });
    expect(injected.edges.map((e) => `${e.source}>${e.target}`).sort()).toEqual([
      'svc:demo:sa-logic>vapp:demo:sa-logic:v1',
      'svc:demo:sa-logic>vapp:demo:sa-logic:v2',
      'svc:demo:sa-webapp>vapp:demo:sa-webapp:v1',
      'vapp:demo:sa-webapp:v1>svc:demo:sa-logic',
      'vapp:istio-system:istio-ingressgateway:latest>svc:demo:sa-webapp',
    ]);
    const gw = injected.nodes.find((n) => n.id.includes('ingressgateway'))!;
    expect(gw).toMatchObject({ isRoot: true, isOutside: true });
    expect(gw.badges).toContain('gateway');

    const services = graph(requests, { graphType: 'service' });
    expect(services.edges.map((e) => `${e.source}>${e.target}`).sort()).toEqual([
      'svc:demo:sa-webapp>svc:demo:sa-logic',
      'wl:istio-system:istio-ingressgateway>svc:demo:sa-webapp',
    ]);
    expect(services.edges.find((e) => e.target === 'svc:demo:sa-logic')!.rps).toBe(10);
  });

  it('sends requests that reached no workload to the service, failed, with their flags', () => {
    const g = graph(
      [sample({ reporter: 'source', from: webapp, to: null, service: logicSvc, code: '503', flags: 'UH', rps: 2 })],
      { inject: true },
    );
    expect(g.edges).toHaveLength(1);
    expect(g.edges[0]).toMatchObject({ target: 'svc:demo:sa-logic', errorRatio: 1, mtlsRatio: null });
    expect(g.edges[0]!.responseCodes['503']!.flags).toEqual({ UH: 2 });
  });

  it('counts gRPC statuses other than OK as errors, and 4xx apart from errors', () => {
    const g = graph([
      sample({ reporter: 'source', from: webapp, to: logicV1, protocol: 'grpc', grpc: '0', rps: 3 }),
      sample({ reporter: 'source', from: webapp, to: logicV1, protocol: 'grpc', grpc: '14', rps: 1 }),
      sample({ reporter: 'source', from: webapp, to: logicV2, code: '404', rps: 1 }),
      sample({ reporter: 'source', from: webapp, to: logicV2, code: '200', rps: 3 }),
    ]);
    const grpc = g.edges.find((e) => e.protocol === 'grpc')!;
    expect(grpc.errorRatio).toBe(0.25);
    expect(Object.keys(grpc.responseCodes).sort()).toEqual(['0', '14']);
    const http = g.edges.find((e) => e.protocol === 'http')!;
    expect(http).toMatchObject({ errorRatio: 0, http4xxRatio: 0.25 });
  });

  it('weights latency by request rate when several series land on one edge', () => {
    const latency = (to: End, stat: string, value: number) =>
      sample({ reporter: 'source', from: webapp, to, rps: value, extra: { stat } });
    const g = graph(
      [
        sample({ reporter: 'source', from: webapp, to: logicV1, rps: 3 }),
        sample({ reporter: 'source', from: webapp, to: logicV2, rps: 1 }),
      ],
      {
        graphType: 'app',
        latency: [latency(logicV1, 'p95', 100), latency(logicV2, 'p95', 500), latency(logicV1, 'mean', 40)],
      },
    );
    expect(g.edges[0]!.p95).toBe((3 * 100 + 1 * 500) / 4);
    expect(g.edges[0]!.mean).toBe(40);
  });

  it('reads a real Prometheus answer: passthrough TCP traffic from the Istio blog', () => {
    const wire = JSON.parse(readFileSync(join(FIXTURES, 'wire/prometheus-query-vector-istio.json'), 'utf8')) as {
      data: { result: { metric: Record<string, string>; value: [number, string] }[] };
    };
    // The answer of istio_tcp_connections_closed_total, labelled as the bytes query labels that metric.
    const bytes = wire.data.result.map((r) => ({
      metric: { ...r.metric, m: 'tcp_closed' },
      value: Number(r.value[1]),
    }));
    const g = graph(
      [],
      { bytes, namespaces: ['default'], graphType: 'workload' },
      { ...topology, workloads: new Map() },
    );
    const target = g.nodes.find((n) => n.service === 'PassthroughCluster')!;
    expect(target).toMatchObject({ nodeType: 'service', namespace: 'default' });
    expect(target.badges).toContain('passthrough');
    expect(g.edges).toHaveLength(1);
    expect(g.edges[0]).toMatchObject({ source: 'wl:default:sleep', target: target.id, protocol: 'tcp' });
  });

  it('draws ServiceEntry hosts as their own node, and badges services by their Istio config', () => {
    const features = serviceFeatures(
      [
        {
          apiVersion: 'networking.istio.io/v1',
          kind: 'VirtualService',
          metadata: { name: 'sa-logic', namespace: 'demo' },
          spec: {
            hosts: ['sa-logic'],
            http: [
              {
                timeout: '2s',
                fault: { abort: { httpStatus: 500, percentage: { value: 1 } } },
                route: [
                  { destination: { host: 'sa-logic', subset: 'v1' }, weight: 90 },
                  { destination: { host: 'sa-logic', subset: 'v2' }, weight: 10 },
                ],
              },
            ],
          },
        },
      ],
      [
        {
          apiVersion: 'networking.istio.io/v1',
          kind: 'DestinationRule',
          metadata: { name: 'sa-logic', namespace: 'demo' },
          spec: {
            host: 'sa-logic.demo.svc.cluster.local',
            trafficPolicy: { outlierDetection: { consecutive5xxErrors: 3 } },
          },
        },
      ],
    );
    const topo: GraphTopology = {
      ...topology,
      features,
      serviceEntries: [
        { namespace: 'demo', name: 'external-api', hosts: ['*.example.com'], location: 'MESH_EXTERNAL' },
      ],
    };
    const g = graph(
      [
        sample({ reporter: 'source', from: webapp, to: logicV1, service: logicSvc, rps: 1 }),
        sample({
          reporter: 'source',
          from: webapp,
          to: null,
          service: { ns: 'unknown', name: 'api.example.com', host: 'api.example.com' },
          rps: 2,
        }),
      ],
      { inject: true },
      topo,
    );
    const svc = g.nodes.find((n) => n.id === 'svc:demo:sa-logic')!;
    expect(svc.badges.sort()).toEqual(
      ['circuit-breaker', 'fault-injection', 'request-timeout', 'traffic-shifting', 'virtual-service'].sort(),
    );
    const se = g.nodes.find((n) => n.nodeType === 'serviceEntry')!;
    expect(se).toMatchObject({ id: 'se:demo:external-api', hosts: ['*.example.com'] });
  });

  it('marks nodes whose workload is gone as dead, and workloads without a sidecar', () => {
    const legacy: End = { ns: 'demo', workload: 'legacy', app: 'legacy', version: 'v1' };
    const topo: GraphTopology = {
      ...topology,
      workloads: new Map([['demo', [workload(webapp), workload(legacy, { hasSidecar: false })]]]),
    };
    const g = graph(
      [
        sample({ reporter: 'source', from: webapp, to: logicV1, rps: 1 }),
        sample({ reporter: 'source', from: webapp, to: legacy, rps: 1 }),
      ],
      {},
      topo,
    );
    expect(g.nodes.find((n) => n.app === 'sa-logic')!.badges).toContain('dead');
    const legacyNode = g.nodes.find((n) => n.app === 'legacy')!;
    expect(legacyNode.badges).toContain('missing-sidecar');
    expect(legacyNode.hasSidecar).toBe(false);
  });

  it('does not badge the control plane or a workload that opted out of injection for lacking a sidecar', () => {
    const istiod: End = { ns: 'istio-system', workload: 'istiod', app: 'istiod' };
    const optedOut: End = { ns: 'demo', workload: 'batch', app: 'batch' };
    const topo: GraphTopology = {
      ...topology,
      workloads: new Map([
        [
          'demo',
          [workload(webapp), workload(optedOut, { hasSidecar: false, labels: { 'sidecar.istio.io/inject': 'false' } })],
        ],
        ['istio-system', [workload(istiod, { hasSidecar: false, labels: { istio: 'pilot' } })]],
      ]),
    };
    const g = graph(
      [
        sample({ reporter: 'source', from: webapp, to: istiod, rps: 1 }),
        sample({ reporter: 'source', from: webapp, to: optedOut, rps: 1 }),
      ],
      { namespaces: ['demo', 'istio-system'] },
      topo,
    );
    expect(g.nodes.find((n) => n.app === 'istiod')!.badges).not.toContain('missing-sidecar');
    expect(g.nodes.find((n) => n.app === 'batch')!.badges).not.toContain('missing-sidecar');
  });
});

describe('operation nodes', () => {
  const edgesOf = (g: ReturnType<typeof graph>) => g.edges.map((e) => `${e.source}>${e.target}`).sort();
  const check = (rps: number, operation?: string, code = '200') =>
    sample({ reporter: 'source', from: webapp, to: logicV1, service: logicSvc, operation, code, rps });

  it('puts one node per operation between the caller and the service, with its rates and errors', () => {
    const g = graph([check(6, '/Analyse'), check(1, '/Analyse', '503'), check(3, '/Health')], {
      inject: true,
      operations: true,
    });
    const ops = g.nodes.filter((n) => n.nodeType === 'aggregate');
    expect(ops.map((n) => n.aggregateValue).sort()).toEqual(['/Analyse', '/Health']);
    const analyse = ops.find((n) => n.aggregateValue === '/Analyse')!;
    expect(analyse).toMatchObject({ aggregate: 'request_operation', service: 'sa-logic', namespace: 'demo' });
    expect(edgesOf(g)).toEqual(
      [
        `${analyse.id}>svc:demo:sa-logic`,
        `vapp:demo:sa-webapp:v1>${analyse.id}`,
        `${ops.find((n) => n.aggregateValue === '/Health')!.id}>svc:demo:sa-logic`,
        `vapp:demo:sa-webapp:v1>${ops.find((n) => n.aggregateValue === '/Health')!.id}`,
        'svc:demo:sa-logic>vapp:demo:sa-logic:v1',
      ].sort(),
    );
    const into = g.edges.find((e) => e.target === analyse.id)!;
    const out = g.edges.find((e) => e.source === analyse.id)!;
    for (const e of [into, out]) {
      expect(e.rps).toBe(7);
      expect(e.errorRatio).toBeCloseTo(1 / 7, 3);
      expect(e.responseCodes['503']!.rps).toBe(1);
    }
    expect(into.share).toBe(0.7);
    expect(analyse.traffic.inbound).toMatchObject({ rps: 7 });
    // The service still receives every request, and passes them all on.
    expect(g.edges.find((e) => e.source === 'svc:demo:sa-logic')!.rps).toBe(10);
    expect(g.nodes.find((n) => n.id === 'svc:demo:sa-logic')!.traffic.inbound.rps).toBe(10);
  });

  it('leaves requests without an operation (or "unknown") on the direct edge to the service', () => {
    const g = graph([check(4, '/Analyse'), check(2), check(1, 'unknown')], { inject: true, operations: true });
    const ops = g.nodes.filter((n) => n.nodeType === 'aggregate');
    expect(ops.map((n) => n.aggregateValue)).toEqual(['/Analyse']);
    expect(g.edges.find((e) => e.source === 'vapp:demo:sa-webapp:v1' && e.target === 'svc:demo:sa-logic')!.rps).toBe(3);
    expect(g.edges.find((e) => e.target === ops[0]!.id)!.rps).toBe(4);
  });

  it('draws nothing new when operation nodes are off, or when no series carries an operation', () => {
    const tagged = [check(6, '/Analyse'), check(3, '/Health')];
    const off = graph(tagged, { inject: true });
    const untagged = graph([check(9)], { inject: true, operations: true });
    for (const g of [off, untagged]) {
      expect(g.nodes.some((n) => n.nodeType === 'aggregate')).toBe(false);
      expect(edgesOf(g)).toEqual([
        'svc:demo:sa-logic>vapp:demo:sa-logic:v1',
        'vapp:demo:sa-webapp:v1>svc:demo:sa-logic',
      ]);
      expect(g.edges.every((e) => e.rps === 9)).toBe(true);
    }
  });

  it("counts each request once: the caller's operations when its proxy tagged them, else the server's", () => {
    // The Telemetry tags only the server's metrics (mode SERVER): the caller's series have no operation.
    const g = graph(
      [
        sample({ reporter: 'source', from: webapp, to: logicV1, service: logicSvc, rps: 5 }),
        sample({ reporter: 'destination', from: webapp, to: logicV1, service: logicSvc, operation: '/A', rps: 3 }),
        sample({ reporter: 'destination', from: webapp, to: logicV1, service: logicSvc, operation: '/B', rps: 2 }),
      ],
      { inject: true, operations: true },
    );
    const byOp = Object.fromEntries(
      g.nodes.filter((n) => n.nodeType === 'aggregate').map((n) => [n.aggregateValue, n.traffic.inbound.rps]),
    );
    expect(byOp).toEqual({ '/A': 3, '/B': 2 });
    expect(g.edges.some((e) => e.source === 'vapp:demo:sa-webapp:v1' && e.target === 'svc:demo:sa-logic')).toBe(false);
    expect(g.edges.find((e) => e.source === 'svc:demo:sa-logic')!.rps).toBe(5);
  });

  it('keeps operations of two services apart, and goes straight to the workload without service nodes', () => {
    const g = graph(
      [
        check(2, '/health'),
        sample({
          reporter: 'source',
          from: gateway,
          to: webapp,
          service: { ns: 'demo', name: 'sa-webapp' },
          operation: '/health',
          rps: 1,
        }),
      ],
      { operations: true },
    );
    const ops = g.nodes.filter((n) => n.nodeType === 'aggregate');
    expect(ops.map((n) => n.service).sort()).toEqual(['sa-logic', 'sa-webapp']);
    const logicOp = ops.find((n) => n.service === 'sa-logic')!;
    expect(g.edges.find((e) => e.source === logicOp.id)!.target).toBe('vapp:demo:sa-logic:v1');
  });

  it('keeps operation nodes in the service graph, between the calling service and the called one', () => {
    const g = graph(
      [
        sample({ reporter: 'source', from: gateway, to: webapp, service: { ns: 'demo', name: 'sa-webapp' }, rps: 5 }),
        check(4, '/Analyse'),
      ],
      { graphType: 'service', operations: true },
    );
    const op = g.nodes.find((n) => n.nodeType === 'aggregate')!;
    expect(edgesOf(g)).toEqual(
      [
        `${op.id}>svc:demo:sa-logic`,
        `svc:demo:sa-webapp>${op.id}`,
        'wl:istio-system:istio-ingressgateway>svc:demo:sa-webapp',
      ].sort(),
    );
  });
});
