// Istio security enforced by the traffic model, and what each refusal leaves in the telemetry a real mesh produces:
// the proxies' istio_* metrics, access logs, spans and Envoy stats.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TraceStore } from '../../../src/jaeger/trace-store.js';
import type { Scenario } from '../../../src/scenarios/scenario.js';
import { SecurityStats } from '../../../src/security/security-stats.js';
import type { KubeObject } from '../../../src/store/kube-object.js';
import { AccessLogBook } from '../../../src/telemetry/access-log-book.js';
import { meshLookups } from '../../../src/telemetry/access-log-mesh-lookups.js';
import { IstioMetrics } from '../../../src/telemetry/istio-metrics.js';
import type { ClientTraffic } from '../../../src/traffic/behaviour.js';
import type { Hop } from '../../../src/traffic/hop.js';
import type { MeshIndex } from '../../../src/traffic/mesh-index.js';
import { TrafficModel } from '../../../src/traffic/traffic-model.js';
import { WIRE } from '../../helpers/fixtures.js';
import { namespace, pod, service, storeWith } from '../../helpers/mesh-objects.js';
import { ISSUER, makeIssuer, type Issuer } from '../security/jwt-helpers.js';

const quick = { latencyMs: { median: 5, p95: 10 }, errorRatio: 0, responseBytes: { mean: 100 } };

function mesh(extra: KubeObject[] = []) {
  return storeWith([
    namespace('demo', { 'istio-injection': 'enabled' }),
    namespace('legacy'),
    namespace('istio-system'),
    pod({ namespace: 'demo', workload: 'sa-webapp', labels: { app: 'sa-webapp', version: 'v1' } }),
    pod({ namespace: 'demo', workload: 'sa-logic', labels: { app: 'sa-logic', version: 'v1' } }),
    pod({ namespace: 'legacy', workload: 'legacy-reports', labels: { app: 'legacy-reports' }, sidecar: false }),
    pod({
      namespace: 'istio-system',
      workload: 'istio-ingressgateway',
      labels: { app: 'istio-ingressgateway', istio: 'ingressgateway' },
    }),
    service('demo', 'sa-webapp', 80, 8080),
    service('demo', 'sa-logic', 80, 5000),
    service('istio-system', 'istio-ingressgateway', 80, 8080, 'http2'),
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
          { match: [{ uri: { prefix: '/' } }], route: [{ destination: { host: 'sa-webapp', port: { number: 80 } } }] },
        ],
      },
    },
    ...extra,
  ]);
}

const security = (kind: string, ns: string, name: string, spec: object): KubeObject => ({
  apiVersion: 'security.istio.io/v1',
  kind,
  metadata: { name, namespace: ns, creationTimestamp: '2026-01-01T00:00:00Z' },
  spec,
});

function run(store: ReturnType<typeof mesh>, clients: ClientTraffic[], seconds = 5) {
  const hops: Hop[] = [];
  const metrics = new IstioMetrics();
  // The sinks read container ports from the model's index, as the mesh in a box wires them.
  const logs: AccessLogBook = new AccessLogBook(meshLookups((): MeshIndex => model.mesh));
  const traces = new TraceStore();
  const stats = new SecurityStats();
  const scenario: Scenario = {
    name: 'test',
    description: 'test',
    objects: [],
    clients,
    behaviourFor: (p) =>
      p.metadata.labels?.['app'] === 'sa-webapp'
        ? {
            ...quick,
            calls: [{ host: 'sa-logic', port: 80, protocol: 'http', method: 'POST', path: '/analyse/sentiment' }],
          }
        : { ...quick, calls: [] },
  };
  const start = 1_700_000_000_000;
  const model: TrafficModel = new TrafficModel({
    store,
    scenario,
    sinks: [(h) => hops.push(h), (h) => metrics.record(h), (h) => logs.record(h, 'TEXT'), (h) => traces.record(h)],
    securityStats: stats,
    seed: 3,
    nowMs: start,
  });
  for (let s = 1; s <= seconds; s++) model.tick(start + s * 1000);
  model.flush(start + (seconds + 60) * 1000);
  const index = model.mesh;
  const lines = (workload: string, container = 'istio-proxy') => {
    const p = index.podsByWorkload.get(workload)![0]!;
    return logs.entries(p.ref.namespace, p.ref.pod, container).map((l) => l.line);
  };
  const statsOf = (workload: string) => {
    const p = index.podsByWorkload.get(workload)![0]!;
    return Object.fromEntries(stats.statsOf(p.ref.namespace, p.ref.pod).map((r) => [r.name, r.value]));
  };
  return { hops, metrics: metrics.render(), lines, statsOf, traces };
}

const browsers = (path: string, method = 'GET', headers?: Record<string, string>): ClientTraffic => ({
  name: 'browsers',
  from: 'outside',
  host: 'istio-ingressgateway.istio-system.svc.cluster.local',
  port: 80,
  rps: 20,
  requests: [{ method, path, weight: 1, ...(headers ? { headers } : {}) }],
});
const webappToLogic: ClientTraffic = {
  name: 'webapp',
  from: 'demo/sa-webapp',
  host: 'sa-logic',
  port: 80,
  rps: 20,
  requests: [{ method: 'POST', path: '/analyse/sentiment', weight: 1 }],
};
const legacyToLogic: ClientTraffic = {
  ...webappToLogic,
  name: 'legacy',
  from: 'legacy/legacy-reports',
  host: 'sa-logic.demo',
};

describe('AuthorizationPolicy at the ingress gateway', () => {
  const allowView = security('AuthorizationPolicy', 'istio-system', 'allow-view', {
    selector: { matchLabels: { app: 'istio-ingressgateway' } },
    rules: [{ to: [{ operation: { paths: ['/', '/static*'] } }] }],
  });

  it('answers 403 itself before routing, so nothing reaches sa-webapp', () => {
    const { hops } = run(mesh([allowView]), [browsers('/sentiment', 'POST')]);
    expect(hops.length).toBeGreaterThan(50);
    expect(hops.every((h) => h.source?.workload === 'istio-ingressgateway')).toBe(true);
    expect(hops.every((h) => h.responseCode === 403 && h.attempts.length === 0 && h.localReply === 'rbac')).toBe(true);
    expect(hops[0]!.responseCodeDetails).toBe('rbac_access_denied_matched_policy[none]');
    expect(hops[0]!.responseBytes).toBe('RBAC: access denied'.length);
    expect(run(mesh(), [browsers('/sentiment', 'POST')]).hops.some((h) => h.source?.workload === 'sa-webapp')).toBe(
      true,
    );
  });

  it("reports the denial from the gateway only: response_code 403, no flag, the route's service, destination unknown", () => {
    const { metrics } = run(mesh([allowView]), [browsers('/sentiment', 'POST')]);
    const series = metrics.split('\n').filter((l) => l.startsWith('istio_requests_total{'));
    expect(series).toHaveLength(1);
    expect(series[0]).toContain('reporter="source",source_workload="istio-ingressgateway"');
    expect(series[0]).toContain('destination_workload="unknown"');
    expect(series[0]).toContain('destination_service_name="sa-webapp"');
    expect(series[0]).toContain('response_code="403",grpc_response_status="",response_flags="-"');
  });

  it("logs Envoy's line for the local reply: no upstream host, the route's cluster, and a client span with 403", () => {
    const { lines, hops, traces } = run(mesh([allowView]), [browsers('/sentiment', 'POST')]);
    const line = lines('istio-system/istio-ingressgateway')[0]!;
    // As in a real gateway's log: `403 - rbac_access_denied_matched_policy[...] - "-" 0 19 ... "-" outbound|…`.
    expect(line).toMatch(/"POST \/sentiment HTTP\/1\.1" 403 - rbac_access_denied_matched_policy\[none\] - "-" 0 19 /);
    expect(line).toContain('"-" outbound|80||sa-webapp.demo.svc.cluster.local - ');
    const spans = traces.trace(hops[0]!.traceId)!.spans;
    expect(spans).toHaveLength(1);
    expect(spans[0]!.tags).toContainEqual({ key: 'http.status_code', type: 'string', value: '403' });
    // Envoy marks a span as an error only for a 5xx or no response.
    expect(spans[0]!.tags.some((t) => t.key === 'error')).toBe(false);
  });

  it("counts the denials in the gateway connection manager's rbac stats", () => {
    const { statsOf, hops } = run(mesh([allowView]), [browsers('/sentiment', 'POST')]);
    expect(statsOf('istio-system/istio-ingressgateway')['http.outbound_0.0.0.0_8080.rbac.denied']).toBe(hops.length);
  });
});

describe('AuthorizationPolicy on a server sidecar', () => {
  const onlyFrontend = security('AuthorizationPolicy', 'demo', 'logic-from-frontend', {
    selector: { matchLabels: { app: 'sa-logic' } },
    rules: [{ from: [{ source: { principals: ['cluster.local/ns/demo/sa/sa-frontend'] } }] }],
  });

  it('refuses on the inbound side: the app does no work, the server reports 403 over mutual TLS', () => {
    const { hops, metrics, lines, statsOf } = run(mesh([onlyFrontend]), [webappToLogic]);
    expect(hops.length).toBeGreaterThan(50);
    expect(hops.every((h) => h.responseCode === 403 && h.attempts[0]?.localReply === 'rbac')).toBe(true);
    expect(metrics).toMatch(
      /reporter="destination",source_workload="sa-webapp".*response_code="403",grpc_response_status="",response_flags="-",connection_security_policy="mutual_tls"/,
    );
    const inbound = lines('demo/sa-logic')[0]!;
    expect(inbound).toContain('403 - rbac_access_denied_matched_policy[none]');
    expect(inbound).toContain('"-" inbound|5000|| - ');
    expect(lines('demo/sa-logic', 'sa-logic')).toEqual([]); // the app never saw a request
    expect(statsOf('demo/sa-logic')['http.inbound_0.0.0.0_5000.rbac.denied']).toBe(hops.length);
  });

  it('names the DENY rule that matched in the details', () => {
    const denyPost = security('AuthorizationPolicy', 'demo', 'no-post', {
      action: 'DENY',
      rules: [{ to: [{ operation: { methods: ['GET'] } }] }, { to: [{ operation: { methods: ['POST'] } }] }],
    });
    const { hops } = run(mesh([denyPost]), [webappToLogic]);
    expect(hops[0]!.attempts[0]!.responseCodeDetails).toBe(
      'rbac_access_denied_matched_policy[ns[demo]-policy[no-post]-rule[1]]',
    );
  });

  it('cannot match a principal on plaintext: a sidecar-less caller is refused by an ALLOW on principals', () => {
    const anyMeshPeer = security('AuthorizationPolicy', 'demo', 'mesh-only', {
      rules: [{ from: [{ source: { principals: ['*'] } }] }],
    });
    const { hops, metrics } = run(mesh([anyMeshPeer]), [legacyToLogic]);
    expect(hops.every((h) => h.responseCode === 403)).toBe(true);
    expect(metrics).toMatch(
      /reporter="destination",source_workload="unknown".*response_code="403".*connection_security_policy="none"/,
    );
  });
});

describe('PeerAuthentication STRICT against plaintext', () => {
  const strict = security('PeerAuthentication', 'demo', 'default', { mtls: { mode: 'STRICT' } });

  it("closes a sidecar-less caller's connections before any HTTP exchange: no request metric, one NR line each", () => {
    const { hops, metrics, lines, statsOf } = run(mesh([strict]), [legacyToLogic]);
    expect(hops.every((h) => h.responseCode === 0 && h.responseCodeDetails === 'connection_reset')).toBe(true);
    expect(metrics).not.toContain('istio_requests_total{');
    const logged = lines('demo/sa-logic');
    expect(logged).toHaveLength(hops.length);
    expect(logged[0]).toMatch(
      /"- - -" 0 NR filter_chain_not_found - "-" 0 0 0 - "-" "-" "-" "-" "-" - - 10\.1\.0\.\d+:5000 /,
    );
    expect(statsOf('demo/sa-logic')).toMatchObject({
      'listener.0.0.0.0_15006.no_filter_chain_match': hops.length,
      'listener.0.0.0.0_15006.downstream_cx_total': hops.length,
    });
  });

  it('gives a sidecar caller whose DestinationRule turns TLS off 503 UC, and the server reports nothing', () => {
    const plaintextDr: KubeObject = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'sa-logic', namespace: 'demo' },
      spec: { host: 'sa-logic', trafficPolicy: { tls: { mode: 'DISABLE' } } },
    };
    const { hops, metrics } = run(mesh([strict, plaintextDr]), [webappToLogic]);
    expect(hops.every((h) => h.responseCode === 503 && h.responseFlags === 'UC')).toBe(true);
    expect(hops[0]!.responseCodeDetails).toBe('upstream_reset_before_response_started{connection_termination}');
    expect(metrics).toContain('reporter="source"');
    expect(metrics).not.toContain('reporter="destination"');
  });

  it('keys portLevelMtls by the container port: PERMISSIVE on 5000 lets plaintext in, on the Service port 80 does not', () => {
    const portLevel = (port: string) =>
      security('PeerAuthentication', 'demo', 'logic', {
        selector: { matchLabels: { app: 'sa-logic' } },
        mtls: { mode: 'STRICT' },
        portLevelMtls: { [port]: { mode: 'PERMISSIVE' } },
      });
    expect(run(mesh([portLevel('5000')]), [legacyToLogic]).hops.every((h) => h.responseCode === 200)).toBe(true);
    expect(run(mesh([portLevel('80')]), [legacyToLogic]).hops.every((h) => h.responseCode === 0)).toBe(true);
  });

  it('lets plaintext through PERMISSIVE, labelled connection_security_policy="none"', () => {
    const permissive = security('PeerAuthentication', 'demo', 'default', { mtls: { mode: 'PERMISSIVE' } });
    const { metrics } = run(mesh([permissive]), [legacyToLogic]);
    expect(metrics).toMatch(
      /reporter="destination",source_workload="unknown".*response_code="200".*connection_security_policy="none"/,
    );
  });
});

describe('RequestAuthentication at the ingress gateway', () => {
  let keycloak: Issuer;
  let forger: Issuer;
  beforeAll(async () => {
    keycloak = await makeIssuer();
    forger = await makeIssuer(); // the same kid, another key
  });
  const requestAuthn = () =>
    security('RequestAuthentication', 'istio-system', 'keycloak', {
      selector: { matchLabels: { app: 'istio-ingressgateway' } },
      jwtRules: [{ issuer: ISSUER, jwks: JSON.stringify(keycloak.jwks) }],
    });

  it("answers a forged token 401 itself, logged as Istio's gateway logs it, and reported with response_code 401", async () => {
    const token = await forger.sign({ sub: 'mallory' }, { expiresInSeconds: 10 ** 9 });
    const { hops, lines, metrics, statsOf } = run(mesh([requestAuthn()]), [
      browsers('/hello', 'GET', { authorization: `Bearer ${token}` }),
    ]);
    expect(hops.every((h) => h.responseCode === 401 && h.localReply === 'jwt' && h.attempts.length === 0)).toBe(true);
    // shared/fixtures/wire/access-log-text-jwt-401.txt: `401 - jwt_authn_access_denied{Jwt_verification_fails} - "-"
    // 0 22 0 - …`, upstream host "-" and the route's cluster.
    const real = readFileSync(`${WIRE}/access-log-text-jwt-401.txt`, 'utf8');
    const shape = / 401 - jwt_authn_access_denied\{Jwt_verification_fails\} - "-" 0 22 \d+ - /;
    expect(real).toMatch(shape);
    expect(lines('istio-system/istio-ingressgateway')[0]).toMatch(shape);
    expect(lines('istio-system/istio-ingressgateway')[0]).toContain(
      '"-" outbound|80||sa-webapp.demo.svc.cluster.local - ',
    );
    expect(metrics).toContain('response_code="401",grpc_response_status="",response_flags="-"');
    expect(statsOf('istio-system/istio-ingressgateway')['http.outbound_0.0.0.0_8080.jwt_authn.denied']).toBe(
      hops.length,
    );
  });

  it('lets a valid token and no token through to sa-webapp', async () => {
    const token = await keycloak.sign({ sub: 'alice' }, { expiresInSeconds: 10 ** 9 });
    for (const headers of [{ authorization: `Bearer ${token}` }, undefined]) {
      const { hops } = run(mesh([requestAuthn()]), [browsers('/sentiment', 'POST', headers)]);
      const fromGateway = hops.filter((h) => h.source?.workload === 'istio-ingressgateway');
      expect(fromGateway.length).toBeGreaterThan(50);
      expect(fromGateway.every((h) => h.responseCode === 200)).toBe(true);
    }
  });
});
