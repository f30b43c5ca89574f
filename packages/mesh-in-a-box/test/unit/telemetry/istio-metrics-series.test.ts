// Each distinct set of labels is its own series, however the metrics find a request's series (istio-metrics.ts keys
// them by the hop's refs and one number for the labels that vary).
import { describe, expect, it } from 'vitest';
import { IstioMetrics } from '../../../src/telemetry/istio-metrics.js';
import type { Hop } from '../../../src/traffic/hop.js';
import { attempt, hop, saLogicA, saLogicService, saWebapp } from '../jaeger/sentiment-journey.js';

function call(overrides: Partial<Hop>): Hop {
  const code = overrides.responseCode ?? 200;
  return hop({
    source: saWebapp,
    service: saLogicService,
    clientSpanId: '1'.padEnd(16, '0'),
    responseCode: code,
    attempts: [
      attempt({
        destination: saLogicA,
        serverSpanId: '2'.padEnd(16, '0'),
        responseCode: code,
        grpcStatus: overrides.grpcStatus,
        responseFlags: overrides.responseFlags ?? '-',
      }),
    ],
    ...overrides,
  });
}

/** `istio_requests_total` lines of the client's reporter: labels that vary, and the count. */
function clientRequests(metrics: IstioMetrics): string[] {
  return metrics
    .render()
    .split('\n')
    .filter((l) => l.startsWith('istio_requests_total{reporter="source"'))
    .map((l) => {
      const pick = (label: string) => new RegExp(`${label}="([^"]*)"`).exec(l)?.[1];
      return `${pick('request_protocol')} ${pick('response_code')} ${pick('grpc_response_status')} ${pick('response_flags')} ${pick('connection_security_policy')} ${l.split(' ').pop()}`;
    })
    .sort();
}

describe('the Istio metrics of one pair of workloads', () => {
  it('keep a series for each response code, gRPC status, response flag and protocol, and count each once', () => {
    const metrics = new IstioMetrics();
    const calls = [
      call({}),
      call({}),
      call({ responseCode: 503 }),
      call({ responseCode: 503, responseFlags: 'URX' }),
      call({ protocol: 'grpc', grpcStatus: 0 }),
      call({ protocol: 'grpc', grpcStatus: 14 }),
      call({ protocol: 'grpc', grpcStatus: 14 }),
    ];
    for (const c of calls) metrics.record(c);
    expect(clientRequests(metrics)).toEqual([
      'grpc 200 0 - unknown 1',
      'grpc 200 14 - unknown 2',
      'http 200  - unknown 2',
      'http 503  - unknown 1',
      'http 503  URX unknown 1',
    ]);
  });

  it('report the server side apart from the client side, with its own security policy', () => {
    const metrics = new IstioMetrics();
    metrics.record(call({ mtls: true }));
    metrics.record(call({ mtls: false }));
    const server = metrics
      .render()
      .split('\n')
      .filter((l) => l.startsWith('istio_requests_total{reporter="destination"'))
      .map((l) => /connection_security_policy="([^"]*)"/.exec(l)![1]);
    expect(server.sort()).toEqual(['mutual_tls', 'none']);
  });

  it('write a label value beyond ASCII as its UTF-8 bytes, in one series however often it is counted', () => {
    // Prometheus' text format is UTF-8 (expfmt); a Deployment's version label cannot hold such a value, but a
    // destination's canonical revision read from another label, or a Telemetry's value, may.
    const metrics = new IstioMetrics();
    const revised = { ...saLogicA, version: 'v1-é', canonicalRevision: 'v1-é' };
    for (let i = 0; i < 3; i++)
      metrics.record(call({ attempts: [attempt({ destination: revised, serverSpanId: '2'.padEnd(16, '0') })] }));
    const lines = metrics
      .render()
      .split('\n')
      .filter((l) => l.startsWith('istio_requests_total{reporter="destination"'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('destination_version="v1-é"');
    expect(lines[0]!.endsWith(' 3')).toBe(true);
  });
});
