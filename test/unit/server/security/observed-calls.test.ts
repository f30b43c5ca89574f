// The window's calls: Istio's metric alone cannot tell the proxy's 403 from the app's (Envoy's RBAC filter sets no
// response flag: envoyproxy/envoy source/extensions/filters/http/rbac/rbac_filter.cc), the access log's
// RESPONSE_CODE_DETAILS can (rbac_access_denied_matched_policy[ns[<ns>]-policy[<name>]-rule[<i>]] as Istio names
// its policies, pilot/pkg/security/authz/builder; jwt_authn_access_denied{…} from the JWT filter).
import { describe, expect, it } from 'vitest';
import { createAccessLogParser } from '../../../../server/telemetry/access-log/access-log-parser.js';
import { logCalls, type PodIdentity } from '../../../../server/security/log-calls.js';
import { callsFromSamples, splitCalls } from '../../../../server/security/observed-calls.js';
import { evaluableCalls } from '../../../../server/security/evaluable-calls.js';
import { gatewayCallsQuery, observedCallsQuery } from '../../../../server/security/io/load-observed-calls.js';
import type { AccessLogFields } from '../../../../lib/api/logs.js';

const sample = (labels: Record<string, string>, value: number) => ({
  metric: {
    destination_workload: 'sa-webapp',
    destination_workload_namespace: 'demo',
    source_workload: 'unknown',
    source_workload_namespace: 'unknown',
    source_principal: 'unknown',
    connection_security_policy: 'none',
    response_code: '200',
    response_flags: '-',
    ...labels,
  },
  value,
});
const gateway = {
  source_workload: 'istio-ingressgateway',
  source_workload_namespace: 'istio-system',
  source_principal: 'spiffe://cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account',
  connection_security_policy: 'mutual_tls',
};

// Lines as Istio's default TEXT format writes them on sa-webapp's sidecar (shared/reference/access-logs.md §2).
const line = (code: number, details: string, remote: string, sni: string, path = '/sentiment') =>
  `[2026-12-06T16:00:00.000Z] "POST ${path}?lang=en HTTP/1.1" ${code} - ${details} - "-" 20 19 3 - "-" "curl/8" "id-1" "sa-webapp" "10.244.0.9:8080" inbound|8080|| 127.0.0.6:41000 10.244.0.9:8080 ${remote}:40000 ${sni} default`;
const parser = createAccessLogParser();
const parsed = (...lines: string[]) =>
  lines.map((l) => parser.parse(l)).filter((f): f is AccessLogFields => f !== null);
const pods = new Map<string, PodIdentity>([
  ['10.244.0.20', { namespace: 'legacy', workload: 'legacy-reports', serviceAccount: 'default', hasSidecar: false }],
  [
    '10.244.0.5',
    {
      namespace: 'istio-system',
      workload: 'istio-ingressgateway',
      serviceAccount: 'istio-ingressgateway-service-account',
      hasSidecar: true,
    },
  ],
]);
const destination = { workload: 'sa-webapp', namespace: 'demo' };

describe('calls from the metrics', () => {
  it('reads callers, principals without spiffe:// and mTLS, dropping "unknown"', () => {
    const [call] = callsFromSamples([sample(gateway, 99.6)]);
    expect(call).toMatchObject({
      source: {
        workload: 'istio-ingressgateway',
        namespace: 'istio-system',
        principal: 'cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account',
      },
      mtls: true,
      requests: 100,
    });
    expect(callsFromSamples([sample({}, 3)])[0]!.source).toEqual({ workload: null, namespace: null, principal: null });
  });

  it('calls a 403 with no flag unconfirmed when no access-log line said who answered it', () => {
    const { allowed, denied } = splitCalls(
      callsFromSamples([sample(gateway, 10), sample({ ...gateway, response_code: '403' }, 4)]),
      [],
    );
    expect(allowed).toHaveLength(1);
    expect(denied).toMatchObject([{ by: 'unconfirmed', responseCode: '403', requests: 4 }]);
    expect(denied[0]!.because).toMatch(/Istio's metrics do not tell the proxy's RBAC denial from the app's own 403/);
  });

  it("tells the RBAC filter's denial, the JWT filter's refusal and the app's own 403 apart with the access log", () => {
    const calls = callsFromSamples([
      sample({ ...gateway, response_code: '403' }, 4),
      sample({ ...gateway, response_code: '401' }, 2),
    ]);
    const source = 'istio-system/istio-ingressgateway';
    const rbac = splitCalls(calls, [
      {
        source,
        responseCode: '403',
        details: 'rbac_access_denied_matched_policy[ns[demo]-policy[deny-gw]-rule[0]]',
        count: 4,
      },
      { source, responseCode: '401', details: 'jwt_authn_access_denied{Jwt_is_expired}', count: 2 },
    ]);
    expect(rbac.denied.map((d) => [d.responseCode, d.by, d.policy?.name ?? null])).toEqual([
      ['403', 'authorization', 'deny-gw'],
      ['401', 'authentication', null],
    ]);
    const app = splitCalls(calls.slice(0, 1), [{ source, responseCode: '403', details: 'via_upstream', count: 4 }]);
    expect(app).toMatchObject({ allowed: [{ responseCode: '403' }], denied: [] });
  });
});

describe('calls from the access log', () => {
  it('names a caller without a sidecar by its pod IP, and reads the operation, the port and mTLS from the SNI', () => {
    const { calls, evidence } = logCalls({
      destination,
      lines: parsed(
        line(200, 'via_upstream', '10.244.0.20', '-'),
        line(200, 'via_upstream', '10.244.0.20', '-'),
        line(
          403,
          'rbac_access_denied_matched_policy[none]',
          '10.244.0.5',
          'outbound_.80_._.sa-webapp.demo.svc.cluster.local',
        ),
      ),
      podsByIp: pods,
      trustDomain: 'cluster.local',
    });
    expect(calls).toEqual([
      expect.objectContaining({
        source: { workload: 'legacy-reports', namespace: 'legacy', principal: null },
        mtls: false,
        method: 'POST',
        path: '/sentiment',
        port: 8080,
        requests: 2,
      }),
      expect.objectContaining({
        source: {
          workload: 'istio-ingressgateway',
          namespace: 'istio-system',
          principal: 'cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account',
        },
        mtls: true,
        responseCode: '403',
      }),
    ]);
    expect(evidence).toEqual([
      {
        source: 'istio-system/istio-ingressgateway',
        responseCode: '403',
        details: 'rbac_access_denied_matched_policy[none]',
        count: 1,
      },
    ]);
  });

  it("keeps the log's calls for a destination and adds only the metric's callers the log never saw", () => {
    const logged = logCalls({
      destination,
      lines: parsed(line(200, 'via_upstream', '10.244.0.20', '-')),
      podsByIp: pods,
      trustDomain: 'cluster.local',
    }).calls;
    const metric = callsFromSamples([sample({}, 60), sample(gateway, 900)]);
    const merged = evaluableCalls(metric, logged);
    expect(merged.map((c) => [c.source.workload, c.operation.path, c.requests])).toEqual([
      ['legacy-reports', '/sentiment', 1],
      ['istio-ingressgateway', null, 900],
    ]);
  });
});

describe('the query behind the calls', () => {
  it('asks once for all the workloads, as a union in the selector, from the server side only', () => {
    expect(observedCallsQuery('demo', ['sa-webapp', 'sa-logic'], 3600)).toBe(
      'sum by (destination_workload_namespace,destination_workload,source_workload,source_workload_namespace,' +
        'source_principal,connection_security_policy,response_code,response_flags) (increase(istio_requests_total' +
        '{reporter="destination",destination_workload_namespace="demo",destination_workload=~"sa-webapp|sa-logic"}[3600s]))',
    );
  });

  it("asks a gateway's calls as the source of what it forwarded: it has no server side", () => {
    expect(gatewayCallsQuery('istio-system', ['istio-ingressgateway'], 600)).toContain(
      '{reporter="source",source_workload_namespace="istio-system",source_workload=~"istio-ingressgateway"}[600s]',
    );
  });
});
