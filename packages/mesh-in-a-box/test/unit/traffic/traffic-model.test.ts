import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/store/kube-object.js';
import type { Scenario } from '../../../src/scenarios/scenario.js';
import type { Behaviour, ClientTraffic } from '../../../src/traffic/behaviour.js';
import type { Hop } from '../../../src/traffic/hop.js';
import { TrafficModel } from '../../../src/traffic/traffic-model.js';
import { IstioMetrics } from '../../../src/telemetry/istio-metrics.js';
import { GroundTruth } from '../../../src/telemetry/ground-truth.js';
import { namespace, pod, service, storeWith } from '../../helpers/mesh-objects.js';

const logic: Behaviour = { latencyMs: { median: 20, p95: 40 }, errorRatio: 0, calls: [], responseBytes: { mean: 100 } };

function sentimentMesh(extra: KubeObject[] = []) {
  return storeWith([
    namespace('demo', { 'istio-injection': 'enabled' }),
    namespace('legacy'),
    pod({ namespace: 'demo', workload: 'sa-webapp', labels: { app: 'sa-webapp', version: 'v1' } }),
    pod({ namespace: 'demo', workload: 'sa-logic', labels: { app: 'sa-logic', version: 'v1' }, index: 0 }),
    pod({ namespace: 'demo', workload: 'sa-logic', labels: { app: 'sa-logic', version: 'v1' }, index: 1 }),
    pod({
      namespace: 'demo',
      workload: 'sa-logic-v2',
      labels: { app: 'sa-logic', version: 'v2' },
      env: { FAIL_RANDOMLY: 'true' },
    }),
    pod({ namespace: 'legacy', workload: 'legacy-reports', labels: { app: 'legacy-reports' }, sidecar: false }),
    service('demo', 'sa-webapp', 80, 8080),
    service('demo', 'sa-logic', 80, 5000),
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'sa-logic', namespace: 'demo' },
      spec: {
        host: 'sa-logic',
        subsets: [
          { name: 'v1', labels: { version: 'v1' } },
          { name: 'v2', labels: { version: 'v2' } },
        ],
      },
    },
    ...extra,
  ]);
}

/** The ingress gateway's pod and Service (80 → 8080), as istio-system holds them. */
function ingressGateway(): KubeObject[] {
  return [
    namespace('istio-system'),
    pod({
      namespace: 'istio-system',
      workload: 'istio-ingressgateway',
      labels: { app: 'istio-ingressgateway', istio: 'ingressgateway' },
    }),
    service('istio-system', 'istio-ingressgateway', 80, 8080, 'http2'),
  ];
}

function scenarioOf(clients: ClientTraffic[]): Scenario {
  return {
    name: 'test',
    description: 'test',
    objects: [],
    clients,
    behaviourFor: (p) =>
      p.metadata.labels?.['app'] === 'sa-logic'
        ? { ...logic, failRandomly: JSON.stringify(p.spec.containers).includes('"FAIL_RANDOMLY","value":"true"') }
        : {
            ...logic,
            calls: [{ host: 'sa-logic', port: 80, protocol: 'http', method: 'POST', path: '/analyse/sentiment' }],
          },
  };
}

const webappCallsLogic: ClientTraffic = {
  name: 'webapp',
  from: 'demo/sa-logic-caller' as const,
  host: 'sa-logic',
  port: 80,
  rps: 0,
  requests: [{ method: 'POST', path: '/analyse/sentiment', weight: 1 }],
};

function run(store: ReturnType<typeof sentimentMesh>, clients: ClientTraffic[], seconds: number) {
  const hops: Hop[] = [];
  const metrics = new IstioMetrics();
  const truth = new GroundTruth(3600);
  const start = 1_700_000_000_000;
  const model = new TrafficModel({
    store,
    scenario: scenarioOf(clients),
    sinks: [(h) => hops.push(h), (h) => metrics.record(h), (h) => truth.record(h)],
    seed: 7,
    nowMs: start,
  });
  for (let s = 1; s <= seconds; s++) model.tick(start + s * 1000);
  model.flush(start + (seconds + 60) * 1000);
  return { hops, metrics, truth, endMs: start + (seconds + 60) * 1000 };
}

const vs = (http: unknown[]): KubeObject => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'sa-logic', namespace: 'demo' },
  spec: { hosts: ['sa-logic'], http },
});

const fromWebapp = { ...webappCallsLogic, from: 'demo/sa-webapp' as const, rps: 50 };

describe('the traffic model', () => {
  it('splits sa-logic traffic 90/10 by the canary VirtualService and fails two thirds of v2 requests', () => {
    const store = sentimentMesh([
      vs([
        {
          route: [
            { destination: { host: 'sa-logic', subset: 'v1' }, weight: 90 },
            { destination: { host: 'sa-logic', subset: 'v2' }, weight: 10 },
          ],
        },
      ]),
    ]);
    const { hops } = run(store, [fromWebapp], 120);
    const toV2 = hops.filter((h) => h.attempts.at(-1)?.destination.version === 'v2');
    const share = toV2.length / hops.length;
    expect(hops.length).toBeGreaterThan(5000);
    expect(share).toBeGreaterThan(0.08);
    expect(share).toBeLessThan(0.12);
    const failed = toV2.filter((h) => h.responseCode === 500);
    expect(failed.length / toV2.length).toBeGreaterThan(0.58);
    expect(failed.length / toV2.length).toBeLessThan(0.75);
    const slow = failed.filter((h) => h.durationMs >= 30_000);
    expect(slow.length / toV2.length).toBeGreaterThan(0.25);
    expect(hops.every((h) => h.mtls)).toBe(true);
    expect(new Set(hops.map((h) => h.upstreamCluster))).toEqual(
      new Set(['outbound|80|v1|sa-logic.demo.svc.cluster.local', 'outbound|80|v2|sa-logic.demo.svc.cluster.local']),
    );
  });

  it('sends everything to v1 after the VirtualService changes to 100/0', () => {
    const store = sentimentMesh([vs([{ route: [{ destination: { host: 'sa-logic', subset: 'v1' }, weight: 100 }] }])]);
    const { hops } = run(store, [fromWebapp], 20);
    expect(hops.length).toBeGreaterThan(500);
    expect(hops.filter((h) => h.attempts.at(-1)?.destination.version !== 'v1')).toEqual([]);
  });

  it('answers a route to an undefined subset with 503 NC', () => {
    const store = sentimentMesh([vs([{ route: [{ destination: { host: 'sa-logic', subset: 'v3' } }] }])]);
    const { hops } = run(store, [fromWebapp], 5);
    expect(hops.length).toBeGreaterThan(50);
    expect(new Set(hops.map((h) => `${h.responseCode} ${h.responseFlags}`))).toEqual(new Set(['503 NC']));
  });

  it('injects aborts and delays at the caller', () => {
    const store = sentimentMesh([
      vs([
        {
          fault: {
            abort: { httpStatus: 418, percentage: { value: 50 } },
            delay: { fixedDelay: '2s', percentage: { value: 100 } },
          },
          route: [{ destination: { host: 'sa-logic', subset: 'v1' } }],
        },
      ]),
    ]);
    const { hops } = run(store, [fromWebapp], 20);
    const aborted = hops.filter((h) => h.responseCode === 418);
    expect(aborted.length / hops.length).toBeGreaterThan(0.4);
    expect(aborted.length / hops.length).toBeLessThan(0.6);
    expect(aborted.every((h) => h.responseFlags === 'DI,FI' && h.attempts.length === 0)).toBe(true);
    expect(hops.every((h) => h.durationMs >= 2000)).toBe(true);
  });

  it('times out slow v2 requests with 504 UT when the route has a timeout', () => {
    const store = sentimentMesh([
      vs([{ timeout: '1s', route: [{ destination: { host: 'sa-logic', subset: 'v2' } }] }]),
    ]);
    const { hops } = run(store, [fromWebapp], 20);
    const timedOut = hops.filter((h) => h.responseCode === 504);
    expect(timedOut.length / hops.length).toBeGreaterThan(0.25);
    expect(timedOut.every((h) => h.responseFlags === 'UT' && Math.abs(h.durationMs - 1000) < 1)).toBe(true);
    expect(timedOut.every((h) => h.attempts[0]!.responseFlags === 'DC')).toBe(true);
  });

  it('retries 503s as Istio does by default, and mirrors when asked', () => {
    const store = sentimentMesh([
      vs([
        { route: [{ destination: { host: 'sa-logic', subset: 'v1' } }], mirror: { host: 'sa-logic', subset: 'v2' } },
      ]),
    ]);
    const { hops } = run(store, [fromWebapp], 10);
    const mirrored = hops.filter((h) => h.mirrored);
    const real = hops.filter((h) => !h.mirrored);
    expect(mirrored.length).toBe(real.length);
    expect(mirrored.every((h) => h.attempts[0]!.destination.version === 'v2' && h.authority.endsWith('-shadow'))).toBe(
      true,
    );
    expect(real.every((h) => h.responseCode === 200)).toBe(true);
  });

  it('reports plaintext from a workload without a sidecar, and resets it under STRICT mTLS', () => {
    const legacy: ClientTraffic = {
      ...webappCallsLogic,
      from: 'legacy/legacy-reports',
      host: 'sa-logic.demo',
      rps: 20,
    };
    const open = run(sentimentMesh(), [legacy], 10);
    expect(open.hops.length).toBeGreaterThan(100);
    expect(open.hops.every((h) => !h.mtls && h.responseCode !== 0)).toBe(true);
    const text = open.metrics.render();
    expect(text).toMatch(
      /istio_requests_total\{reporter="destination",source_workload="unknown",.*connection_security_policy="none"/,
    );
    expect(text).not.toContain('reporter="source"');

    const store = sentimentMesh([
      {
        apiVersion: 'security.istio.io/v1',
        kind: 'PeerAuthentication',
        metadata: { name: 'default', namespace: 'demo' },
        spec: { mtls: { mode: 'STRICT' } },
      },
    ]);
    const strict = run(store, [legacy], 10);
    expect(strict.hops.length).toBeGreaterThan(100);
    expect(strict.hops.every((h) => h.responseCode === 0 && h.attempts.length === 0)).toBe(true);
    expect(strict.metrics.render()).not.toContain('istio_requests_total{');
  });

  it('exposes both reporters with mutual TLS between sidecars, and the truth agrees with the hops', () => {
    const store = sentimentMesh([vs([{ route: [{ destination: { host: 'sa-logic', subset: 'v1' }, weight: 100 }] }])]);
    const { hops, metrics, truth, endMs } = run(store, [fromWebapp], 30);
    const text = metrics.render();
    const destination = [
      ...text.matchAll(
        /^istio_requests_total\{reporter="destination",[^}]*connection_security_policy="mutual_tls"[^}]*\} (\d+)$/gm,
      ),
    ];
    const total = destination.reduce((a, m) => a + Number(m[1]), 0);
    expect(total).toBe(hops.length);
    expect(text).toContain('source_principal="spiffe://cluster.local/ns/demo/sa/sa-webapp"');
    const edges = truth.edgesOver(3_600_000, endMs);
    expect(edges).toHaveLength(1);
    expect(edges[0]!.requests).toBe(hops.length);
    expect(edges[0]!.destination?.workload).toBe('sa-logic');
    expect(edges[0]!.mtlsRatio).toBe(1);
  });

  it('routes gateway traffic by the VirtualService bound to the Gateway', () => {
    const store = sentimentMesh([
      ...ingressGateway(),
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'Gateway',
        metadata: { name: 'http-gateway', namespace: 'demo' },
        spec: {
          selector: { istio: 'ingressgateway' },
          servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }],
        },
      },
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name: 'ingress', namespace: 'demo' },
        spec: {
          hosts: ['*'],
          gateways: ['http-gateway'],
          http: [
            {
              match: [{ uri: { prefix: '/sentiment' } }],
              route: [{ destination: { host: 'sa-webapp', port: { number: 80 } } }],
            },
          ],
        },
      },
    ]);
    const outside: ClientTraffic = {
      name: 'browser',
      from: 'outside',
      host: 'istio-ingressgateway.istio-system.svc.cluster.local',
      port: 80,
      rps: 20,
      requests: [
        { method: 'POST', path: '/sentiment', weight: 1 },
        { method: 'GET', path: '/nothing-here', weight: 1 },
      ],
    };
    const { hops } = run(store, [outside], 10);
    const fromGateway = hops.filter((h) => h.source?.workload === 'istio-ingressgateway');
    const toWebapp = fromGateway.filter((h) => h.service.name === 'sa-webapp');
    const notFound = fromGateway.filter((h) => h.responseCode === 404);
    expect(toWebapp.length).toBeGreaterThan(50);
    expect(notFound.length).toBeGreaterThan(50);
    expect(notFound.every((h) => h.responseFlags === 'NR')).toBe(true);
    // sa-webapp called sa-logic inside the same trace, with the same request id.
    const child = hops.find((h) => h.source?.workload === 'sa-webapp' && h.requestId === toWebapp[0]!.requestId);
    expect(child?.traceId).toBe(toWebapp[0]!.traceId);
    expect(child?.parentSpanId).toBe(toWebapp[0]!.attempts[0]!.serverSpanId);
  });

  it("matches a Gateway server on the gateway pod's target port too, as Bookinfo's Gateway (8080) does", () => {
    const store = sentimentMesh([
      ...ingressGateway(),
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'Gateway',
        metadata: { name: 'gw', namespace: 'demo' },
        spec: {
          selector: { istio: 'ingressgateway' },
          servers: [{ port: { number: 8080, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }],
        },
      },
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name: 'in', namespace: 'demo' },
        spec: {
          hosts: ['*'],
          gateways: ['gw'],
          http: [{ route: [{ destination: { host: 'sa-webapp', port: { number: 80 } } }] }],
        },
      },
    ]);
    const outside: ClientTraffic = {
      name: 'b',
      from: 'outside',
      host: 'istio-ingressgateway.istio-system.svc.cluster.local',
      port: 80,
      rps: 20,
      requests: [{ method: 'GET', path: '/', weight: 1 }],
    };
    const { hops } = run(store, [outside], 5);
    const fromGateway = hops.filter((h) => h.source?.workload === 'istio-ingressgateway');
    expect(fromGateway.length).toBeGreaterThan(40);
    expect(fromGateway.every((h) => h.service.name === 'sa-webapp' && h.responseFlags !== 'NR')).toBe(true);
  });

  it('does not count a finished TCP connection as a failure of the app that opened it', () => {
    const store = sentimentMesh([
      pod({ namespace: 'demo', workload: 'db', labels: { app: 'db' } }),
      service('demo', 'db', 5432, 5432, 'tcp-postgres'),
    ]);
    const scenario = scenarioOf([fromWebapp]);
    const base = scenario.behaviourFor;
    scenario.behaviourFor = (p) =>
      p.metadata.labels?.['app'] === 'sa-logic' && p.metadata.labels['version'] === 'v1'
        ? { ...logic, calls: [{ host: 'db', port: 5432, protocol: 'tcp', method: '-', path: '-' }] }
        : base(p);
    const hops: Hop[] = [];
    const start = 1_700_000_000_000;
    const model = new TrafficModel({ store, scenario, sinks: [(h) => hops.push(h)], seed: 3, nowMs: start });
    for (let s = 1; s <= 5; s++) model.tick(start + s * 1000);
    model.flush(start + 60_000);
    const tcp = hops.filter((h) => h.protocol === 'tcp');
    expect(tcp.length).toBeGreaterThan(20);
    expect(tcp.every((h) => h.responseCode === 0 && h.responseFlags === '-')).toBe(true);
    const toV1 = hops.filter((h) => h.protocol === 'http' && h.attempts.at(-1)?.destination.version === 'v1');
    expect(toV1.length).toBeGreaterThan(20);
    expect(toV1.every((h) => h.responseCode === 200)).toBe(true);
  });
});
