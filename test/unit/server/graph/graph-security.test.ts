// The graph's security: refusals confirmed by the refusing proxy's access log, told apart from the application's own
// 401/403 and from errors, and how each edge's servers received it (mTLS, accepted plaintext, no sidecar).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { graphResponse, type GraphType } from '../../../../lib/api/graph.js';
import { buildGraph, type GraphTopology } from '../../../../server/graph/build-graph.js';
import {
  denialKey,
  refusingProxies,
  tallyDenialLines,
  type DenialEvidence,
} from '../../../../server/graph/denial-evidence.js';
import type { WorkloadModel } from '../../../../server/mesh/build-workloads.js';
import { compileTolerances } from '../../../../server/mesh/health.js';
import type { Sample } from '../../../../server/sources/prometheus.js';
import { DEFAULT_TOLERANCES } from '../../../../server/config.js';
import { createAccessLogParser } from '../../../../server/telemetry/access-log/access-log-parser.js';
import type { AccessLogFields } from '../../../../lib/api/logs.js';
import { FIXTURES } from '../../../helpers/fixtures.js';
import { sample, type End } from './graph-samples.js';

const gateway: End = { ns: 'istio-system', workload: 'istio-ingressgateway' };
const webapp: End = { ns: 'demo', workload: 'sa-webapp', app: 'sa-webapp', version: 'v1' };
const logic: End = { ns: 'demo', workload: 'sa-logic', app: 'sa-logic', version: 'v1' };
const legacy: End = { ns: 'demo', workload: 'legacy', app: 'legacy', version: 'v1' };
const frontendHost = 'sa-frontend.demo.svc.cluster.local';

function workload(end: End, hasSidecar = true, isGateway = false): WorkloadModel {
  return {
    name: end.workload,
    namespace: end.ns,
    kind: 'Deployment',
    labels: {},
    app: end.app ?? end.workload,
    version: end.version ?? null,
    replicas: { desired: 1, current: 1, available: 1 },
    pods: [],
    hasSidecar,
    ambient: false,
    isGateway,
    createdAt: null,
    annotations: {},
  };
}

const topology: GraphTopology = {
  workloads: new Map([
    ['demo', [workload(webapp), workload(logic), workload(legacy, false)]],
    ['istio-system', [workload(gateway, false, true)]],
  ]),
  services: new Map([['demo', ['sa-webapp', 'sa-logic', 'sa-frontend', 'legacy']]]),
  serviceEntries: [],
  features: new Map(),
};

function graph(requests: Sample[], denials?: DenialEvidence, graphType: GraphType = 'workload', inject = false) {
  const built = buildGraph({
    graphType,
    namespaces: ['demo'],
    injectServiceNodes: inject,
    includeIdle: false,
    answers: { requests, bytes: [], latency: [] },
    topology,
    tolerances: compileTolerances(DEFAULT_TOLERANCES),
    istioNamespace: 'istio-system',
    ...(denials && { denials }),
  });
  graphResponse.parse({ timestamp: 1, duration: '60s', graphType, namespaces: [], queries: 2, ...built });
  return built;
}

// Lines as Istio's default TEXT format writes them (server/telemetry/access-log/istio-formats.ts), the details field
// as Envoy's RBAC filter words it (envoy source/extensions/filters/http/rbac/rbac_filter.cc: the
// "rbac_access_denied_matched_policy" prefix and the policy id in brackets; istio names a policy
// ns[<ns>]-policy[<name>]-rule[<i>], pilot/pkg/security/authz/builder), or via_upstream for the app's own reply.
const line = (code: number, details: string, cluster: string) =>
  `[2026-12-06T17:00:00.000Z] "GET /sentiment HTTP/1.1" ${code} - ${details} - "-" 0 19 1 - "-" "curl/8" "id" "sa-logic" "-" ${cluster} - 10.0.0.2:8080 10.0.0.1:5000 - default`;
const parser = createAccessLogParser();
const parsed = (lines: string[]): AccessLogFields[] => lines.map((l) => parser.parse(l)!);
const inbound = 'inbound|8080||';

describe('refusals told apart from the application’s own 4xx', () => {
  it('reads a real gateway JWT refusal line (Istio 1.24) as the JWT filter’s, for that route’s host only', () => {
    const real = readFileSync(join(FIXTURES, 'wire', 'access-log-text-jwt-401.txt'), 'utf8').trim();
    const host = 'xxxx-xxxx.xxxxx-xxxxxx.svc.cluster.local';
    const tally = tallyDenialLines(parsed([real]), host);
    expect(tally.lines).toEqual({ '401': 1 });
    expect([...tally.causes['401']!.values()]).toEqual([
      { cause: { kind: 'jwt', reason: 'Jwt verification fails' }, count: 1 },
    ]);
    expect(tallyDenialLines(parsed([real]), 'other.demo.svc.cluster.local').lines).toEqual({});
  });

  it('asks the logs of the proxy that refused: the server’s sidecar, or the gateway when no workload answered', () => {
    const proxies = refusingProxies(
      [
        sample({ reporter: 'destination', from: webapp, to: logic, code: '403', rps: 3 }),
        sample({ reporter: 'source', from: webapp, to: logic, code: '403', rps: 3 }), // the same requests
        sample({
          reporter: 'source',
          from: gateway,
          to: null,
          service: { ns: 'demo', name: 'sa-frontend' },
          code: '401',
          rps: 1,
        }),
        sample({ reporter: 'destination', from: webapp, to: logic, code: '503', flags: 'UF', rps: 9 }),
        sample({ reporter: 'destination', from: webapp, to: logic, code: '403', flags: 'UAEX', rps: 9 }),
      ],
      8,
    );
    expect(proxies).toEqual([
      { namespace: 'demo', workload: 'sa-logic', host: null },
      { namespace: 'istio-system', workload: 'istio-ingressgateway', host: frontendHost },
    ]);
  });

  it('counts the share of a sidecar’s 403s its log says RBAC wrote, names the policy, and leaves errors and health alone', () => {
    const requests = [
      sample({ reporter: 'source', from: webapp, to: logic, rps: 7 }),
      sample({ reporter: 'source', from: webapp, to: logic, code: '403', rps: 3 }),
      sample({ reporter: 'destination', from: webapp, to: logic, rps: 7 }),
      sample({ reporter: 'destination', from: webapp, to: logic, code: '403', rps: 3 }),
    ];
    // 4 of the window's 6 lines with 403 are the policy's; 2 are the app's own.
    const deny = 'rbac_access_denied_matched_policy[ns[demo]-policy[deny-webapp]-rule[0]]';
    const evidence = new Map([
      [
        denialKey({ namespace: 'demo', workload: 'sa-logic', host: null }),
        tallyDenialLines(
          parsed([
            ...Array<string>(4).fill(line(403, deny, inbound)),
            ...Array<string>(2).fill(line(403, 'via_upstream', inbound)),
          ]),
          null,
        ),
      ],
    ]);
    const without = graph(requests);
    const g = graph(requests, evidence);
    const [edge] = g.edges;
    expect(edge!.denied).toEqual({
      rbac: 2,
      jwt: 0,
      causes: [{ kind: 'deny-rule', namespace: 'demo', name: 'deny-webapp', rule: 0, rps: 2 }],
    });
    // Kiali's figures do not change: a 403 is a 4xx, not an error.
    expect(edge!.errorRatio).toBe(0);
    expect(edge!.http4xxRatio).toBeCloseTo(0.3, 10);
    expect(g.nodes.map((n) => n.health)).toEqual(without.nodes.map((n) => n.health));
    // Without the log, nothing is called a refusal.
    expect(without.edges[0]!.denied).toBeUndefined();
  });

  it('counts a gateway’s own refusals (only the gateway reports them) by policy and by JWT, on its edge to the service', () => {
    const toFrontend = { from: gateway, to: null, service: { ns: 'demo', name: 'sa-frontend' } } as const;
    const requests = [
      sample({ reporter: 'source', ...toFrontend, code: '403', rps: 2 }),
      sample({ reporter: 'source', ...toFrontend, code: '401', rps: 1 }),
    ];
    const cluster = `outbound|80||${frontendHost}`;
    const evidence = new Map([
      [
        denialKey({ namespace: 'istio-system', workload: 'istio-ingressgateway', host: frontendHost }),
        tallyDenialLines(
          parsed([
            line(403, 'rbac_access_denied_matched_policy[none]', cluster),
            line(401, 'jwt_authn_access_denied{Jwt_issuer_is_not_configured}', cluster),
          ]),
          frontendHost,
        ),
      ],
    ]);
    const g = graph(requests, evidence, 'versionedApp', true);
    const edge = g.edges.find((e) => e.source.includes('istio-ingressgateway'))!;
    expect(edge.denied).toEqual({
      rbac: 2,
      jwt: 1,
      causes: [
        { kind: 'no-allow', rps: 2 },
        { kind: 'jwt', reason: 'Jwt issuer is not configured', rps: 1 },
      ],
    });
    expect(edge.errorRatio).toBe(0);
  });
});

describe('how each edge’s servers received it', () => {
  it('tells mutual TLS, plaintext a sidecar accepted, both, and plaintext to a workload without a sidecar apart', () => {
    const g = graph([
      sample({ reporter: 'destination', from: webapp, to: logic, rps: 1 }),
      sample({ reporter: 'destination', from: null, to: logic, mtls: false, rps: 1 }),
      sample({ reporter: 'destination', from: gateway, to: webapp, rps: 1 }),
      sample({ reporter: 'destination', from: gateway, to: webapp, mtls: false, rps: 1 }),
      // legacy has no sidecar: only the caller reports, and nothing on the server could enforce a mode
      sample({ reporter: 'source', from: webapp, to: legacy, rps: 1 }),
    ]);
    const tls = Object.fromEntries(g.edges.map((e) => [`${e.source}>${e.target}`, [e.tls, e.mtlsRatio]]));
    expect(tls).toEqual({
      'wl:demo:sa-webapp>wl:demo:sa-logic': ['mutual', 1],
      'unknown>wl:demo:sa-logic': ['plaintext', 0],
      'wl:istio-system:istio-ingressgateway>wl:demo:sa-webapp': ['mixed', 0.5],
      'wl:demo:sa-webapp>wl:demo:legacy': ['no-sidecar', null],
    });
  });

  it('says no-sidecar also on the edge into a service node whose workloads have none', () => {
    const g = graph([sample({ reporter: 'source', from: webapp, to: legacy, rps: 1 })], undefined, 'workload', true);
    expect(g.edges.map((e) => e.tls)).toEqual(['no-sidecar', 'no-sidecar']);
  });
});
