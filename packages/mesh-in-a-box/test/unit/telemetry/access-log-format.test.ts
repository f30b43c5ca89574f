import { describe, expect, it } from 'vitest';
import {
  inboundAccessLogEntry,
  outboundAccessLogEntry,
  type AccessLogAddressing,
} from '../../../src/telemetry/access-log-entry.js';
import { formatAccessLog } from '../../../src/telemetry/access-log-format.js';
import type { Hop } from '../../../src/traffic/hop.js';
import { attempt, hop, saLogicA, saLogicService, saWebapp, T0_MS, workload } from '../jaeger/sentiment-journey.js';
import { readWireFixture } from '../jaeger/wire-fixture.js';

// Written from the layout in shared/reference/access-logs.md §2: bracketed and quoted fields may hold spaces, the
// rest are single tokens; the first quoted field is "METHOD PATH PROTOCOL".
function tokenize(line: string): string[] {
  const tokens: string[] = [];
  let at = 0;
  while (at < line.length) {
    if (line[at] === ' ') {
      at++;
      continue;
    }
    const close = line[at] === '[' ? ']' : line[at] === '"' ? '"' : ' ';
    const start = close === ' ' ? at : at + 1;
    let end = line.indexOf(close, start);
    if (end < 0) end = line.length;
    tokens.push(line.slice(start, end));
    at = end + 1;
  }
  const [time, request, ...rest] = tokens;
  const method = request!.slice(0, request!.indexOf(' '));
  const protocol = request!.slice(request!.lastIndexOf(' ') + 1);
  const path = request!.slice(method.length + 1, request!.length - protocol.length - 1);
  return [time!, method, path, protocol, ...rest];
}

function kindOf(field: string): string {
  if (field === '-') return 'dash';
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(field)) return 'time';
  if (/^\d+$/.test(field)) return 'integer';
  if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(field)) return 'ip:port';
  if (/^HTTP\/[\d.]+$/.test(field)) return 'protocol';
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(field)) return 'uuid';
  if (/^(inbound|outbound)\|\d+\|/.test(field)) return 'cluster';
  if (field.startsWith('/')) return 'path';
  return 'word';
}

const FIELD = { responseCode: 4, flags: 5, details: 6, transportFailure: 8, ust: 12, requestId: 15 } as const;
const FIELD2 = { upstreamHost: 17, cluster: 18, upstreamLocal: 19, downstreamLocal: 20, downstreamRemote: 21 } as const;
const FIELD3 = { sni: 22, route: 23, userAgent: 14, authority: 16 } as const;

// The istio.io sample (shared/fixtures/wire/access-log-text-sidecar.txt): sleep calls httpbin:8000 → pod port 80.
const sleep = workload({ namespace: 'foo', workload: 'sleep', app: 'sleep', pod: 'sleep-7d8f', podIp: '10.44.1.23' });
const httpbin = workload({
  namespace: 'foo',
  workload: 'httpbin',
  app: 'httpbin',
  pod: 'httpbin-5c9f',
  podIp: '10.44.1.27',
});
const httpbinService = { host: 'httpbin.foo.svc.cluster.local', name: 'httpbin', namespace: 'foo', port: 8000 };
const sampleAddressing: AccessLogAddressing = { targetPortOf: () => 80, clusterIpOf: () => '10.0.45.184' };
const sampleStartMs = Date.parse('2020-11-25T21:26:18.409Z');
const sampleHop = hop({
  requestId: '84961386-6d84-929d-98bd-c5aee93b5c88',
  service: httpbinService,
  clientSpanId: 'd000000000000001',
  source: sleep,
  path: '/status/418',
  authority: 'httpbin:8000',
  userAgent: 'curl/7.73.0-DEV',
  startMs: sampleStartMs,
  durationMs: 4,
  responseCode: 418,
  responseBytes: 135,
  attempts: [
    attempt({
      destination: httpbin,
      serverSpanId: 'd000000000000002',
      startMs: sampleStartMs + 0.4,
      durationMs: 3,
      responseCode: 418,
      responseBytes: 135,
    }),
  ],
});
const sampleAttempt = sampleHop.attempts[0]!;

describe('formatAccessLog TEXT', () => {
  const [fixtureOutbound, fixtureInbound] = readWireFixture('access-log-text-sidecar.txt').trim().split('\n');
  const outbound = formatAccessLog(outboundAccessLogEntry(sampleHop, sampleAddressing), 'TEXT');
  const inbound = formatAccessLog(inboundAccessLogEntry(sampleHop, sampleAttempt, sampleAddressing), 'TEXT');

  it('splits the fixture lines into the 24 fields of the reference layout', () => {
    expect(tokenize(fixtureOutbound!)).toHaveLength(24);
    expect(tokenize(fixtureInbound!)[FIELD3.sni]).toBe('outbound_.8000_._.httpbin.foo.svc.cluster.local');
  });

  it('prints the client side of the istio.io sample exactly, apart from the ephemeral ports', () => {
    const maskPorts = (line: string) => line.replace(/:\d{5}\b/g, ':PORT');
    expect(maskPorts(outbound)).toBe(maskPorts(fixtureOutbound!));
  });

  it('gives both sides the same field kinds as the fixture, field by field', () => {
    expect(tokenize(outbound).map(kindOf)).toEqual(tokenize(fixtureOutbound!).map(kindOf));
    expect(tokenize(inbound).map(kindOf)).toEqual(tokenize(fixtureInbound!).map(kindOf));
  });

  it('logs the server side on the inbound cluster, to the pod port, with the mTLS SNI', () => {
    const fields = tokenize(inbound);
    expect(fields[FIELD2.cluster]).toBe('inbound|80||');
    expect(fields[FIELD2.upstreamHost]).toBe('10.44.1.27:80');
    expect(fields[FIELD2.upstreamLocal]).toMatch(/^127\.0\.0\.6:\d+$/);
    expect(fields[FIELD2.downstreamLocal]).toBe('10.44.1.27:80');
    expect(fields[FIELD3.sni]).toBe('outbound_.8000_._.httpbin.foo.svc.cluster.local');
    expect(fields[FIELD3.route]).toBe('default');
  });

  it("shows the client's connection port as the server's remote port, as in the fixture", () => {
    expect(tokenize(inbound)[FIELD2.downstreamRemote]).toBe(tokenize(outbound)[FIELD2.upstreamLocal]);
    expect(tokenize(fixtureInbound!)[FIELD2.downstreamRemote]).toBe(tokenize(fixtureOutbound!)[FIELD2.upstreamLocal]);
  });

  it('keeps a user agent with spaces inside its quotes', () => {
    const withSpaces: Hop = { ...sampleHop, userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0' };
    const fields = tokenize(formatAccessLog(outboundAccessLogEntry(withSpaces, sampleAddressing), 'TEXT'));
    expect(fields).toHaveLength(24);
    expect(fields[FIELD3.userAgent]).toBe('Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0');
  });

  it('prints a 503 with retry and connect-failure flags and the TLS reason of the failed handshake', () => {
    const failed: Hop = hop({
      service: saLogicService,
      clientSpanId: 'e000000000000001',
      source: saWebapp,
      responseCode: 503,
      responseFlags: 'URX,UF',
      responseCodeDetails:
        'upstream_reset_before_response_started{connection_failure,TLS_error:_268435581:SSL_routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED}',
      responseBytes: 91,
      attempts: [
        attempt({ destination: saLogicA, serverSpanId: 'e000000000000002', responseCode: 0, responseFlags: 'UF' }),
      ],
    });
    const fields = tokenize(formatAccessLog(outboundAccessLogEntry(failed, sampleAddressing), 'TEXT'));
    expect(fields[FIELD.responseCode]).toBe('503');
    expect(fields[FIELD.flags]).toBe('URX,UF');
    expect(fields[FIELD.transportFailure]).toBe(
      'TLS error: 268435581:SSL routines:OPENSSL internal:CERTIFICATE VERIFY FAILED',
    );
    expect(fields[FIELD.ust]).toBe('-');
  });

  it('prints a 503 UH with no upstream host when no endpoint was healthy', () => {
    const noEndpoint: Hop = hop({
      service: saLogicService,
      clientSpanId: 'f000000000000001',
      source: saWebapp,
      responseCode: 503,
      responseFlags: 'UH',
      responseCodeDetails: 'no_healthy_upstream',
      responseBytes: 19,
    });
    const fields = tokenize(formatAccessLog(outboundAccessLogEntry(noEndpoint, sampleAddressing), 'TEXT'));
    expect(fields).toHaveLength(24);
    expect([fields[FIELD.responseCode], fields[FIELD.flags], fields[FIELD.details]]).toEqual([
      '503',
      'UH',
      'no_healthy_upstream',
    ]);
    expect([fields[FIELD2.upstreamHost], fields[FIELD2.upstreamLocal], fields[FIELD.ust]]).toEqual(['-', '-', '-']);
    expect(fields[FIELD2.cluster]).toBe('outbound|80||sa-logic.sentiment.svc.cluster.local');
  });

  it("prints '-' for every HTTP field of a TCP connection", () => {
    const db = workload({ workload: 'mysql', app: 'mysql', pod: 'mysql-0', podIp: '10.244.0.40' });
    const tcp: Hop = hop({
      protocol: 'tcp',
      service: { host: 'mysql.sentiment.svc.cluster.local', name: 'mysql', namespace: 'sentiment', port: 3306 },
      clientSpanId: 'f100000000000001',
      source: saWebapp,
      responseCode: 0,
      responseCodeDetails: '-',
      requestBytes: 512,
      responseBytes: 2048,
      durationMs: 1200,
      attempts: [
        attempt({ destination: db, serverSpanId: 'f100000000000002', responseCode: 0, responseCodeDetails: '-' }),
      ],
    });
    const fields = tokenize(formatAccessLog(outboundAccessLogEntry(tcp, sampleAddressing), 'TEXT'));
    expect(fields).toHaveLength(24);
    expect(fields.slice(1, 4)).toEqual(['-', '-', '-']);
    expect([fields[FIELD.responseCode], fields[FIELD.details], fields[FIELD.ust]]).toEqual(['0', '-', '-']);
    expect([fields[9], fields[10], fields[11]]).toEqual(['512', '2048', '1200']);
    expect([fields[FIELD3.userAgent], fields[FIELD.requestId], fields[FIELD3.authority]]).toEqual(['-', '-', '-']);
    expect(fields[FIELD2.cluster]).toBe('outbound|3306||mysql.sentiment.svc.cluster.local');
    expect(fields[FIELD3.route]).toBe('-');
  });

  it('stamps START_TIME as UTC ISO-8601 with milliseconds', () => {
    const entry = outboundAccessLogEntry({ ...sampleHop, startMs: T0_MS + 7 }, sampleAddressing);
    expect(formatAccessLog(entry, 'TEXT')).toMatch(/^\[2026-01-31T12:00:00\.007Z\] /);
  });
});

describe('formatAccessLog JSON', () => {
  const keys = [
    'start_time',
    'route_name',
    'method',
    'path',
    'protocol',
    'response_code',
    'response_flags',
    'response_code_details',
    'connection_termination_details',
    'bytes_received',
    'bytes_sent',
    'duration',
    'upstream_service_time',
    'x_forwarded_for',
    'user_agent',
    'request_id',
    'authority',
    'upstream_host',
    'upstream_cluster',
    'upstream_local_address',
    'downstream_local_address',
    'downstream_remote_address',
    'requested_server_name',
    'upstream_transport_failure_reason',
  ];

  it("carries the 24 keys of Istio's JSON format, numbers typed and absent values null", () => {
    const line = formatAccessLog(inboundAccessLogEntry(sampleHop, sampleAttempt, sampleAddressing), 'JSON');
    const parsed = JSON.parse(line) as Record<string, unknown>;
    expect(Object.keys(parsed).sort()).toEqual([...keys].sort());
    expect(parsed).toMatchObject({
      start_time: '2020-11-25T21:26:18.409Z',
      method: 'GET',
      path: '/status/418',
      protocol: 'HTTP/1.1',
      response_code: 418,
      response_flags: null,
      response_code_details: 'via_upstream',
      bytes_received: 0,
      bytes_sent: 135,
      duration: 3,
      upstream_service_time: '3',
      request_id: '84961386-6d84-929d-98bd-c5aee93b5c88',
      upstream_cluster: 'inbound|80||',
      requested_server_name: 'outbound_.8000_._.httpbin.foo.svc.cluster.local',
      route_name: 'default',
    });
    expect(line).not.toContain('\n');
  });

  it('prints a TCP connection with null HTTP fields', () => {
    const tcp: Hop = { ...sampleHop, protocol: 'tcp' };
    const parsed = JSON.parse(formatAccessLog(outboundAccessLogEntry(tcp, sampleAddressing), 'JSON')) as Record<
      string,
      unknown
    >;
    expect([parsed.method, parsed.path, parsed.protocol, parsed.request_id, parsed.route_name]).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(parsed.response_code).toBe(0);
  });
});
