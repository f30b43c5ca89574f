// The access-log parser on real lines (../shared/fixtures/wire/access-log-*.txt, see its README for where each comes
// from), in Istio's default TEXT format, its JSON encoding, and formats a user writes in MeshConfig accessLogFormat
// (Envoy's format strings: envoyproxy/envoy docs/root/configuration/observability/access_log/usage.rst).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  createAccessLogParser,
  splitKubeletTimestamp,
} from '../../../../server/telemetry/access-log/access-log-parser.js';
import { tokenizeFormat } from '../../../../server/telemetry/access-log/compile-format.js';
import { meshAccessLogConfig } from '../../../../server/telemetry/access-log/mesh-access-log-config.js';
import { WIRE } from '../../../helpers/fixtures.js';

const linesOf = (name: string) =>
  readFileSync(`${WIRE}/${name}`, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
const parser = createAccessLogParser();

describe('the access-log parser, default TEXT format', () => {
  it('reads every line of the waypoint log, after the kubelet timestamp', () => {
    const lines = linesOf('access-log-text.txt');
    expect(lines.length).toBe(16);
    for (const line of lines) {
      const { time, text } = splitKubeletTimestamp(line);
      expect(time).toMatch(/^2025-01-30T\d\d:\d\d:\d\d\.\d{9}Z$/);
      const fields = parser.parse(text);
      expect(fields, text).not.toBeNull();
      expect(fields!.method).toBe('GET');
      expect(fields!.responseCode).toBe(200);
      expect(fields!.responseFlags).toEqual([]);
      expect(fields!.upstreamCluster).toMatch(/^inbound-vip\|\d+\|http\|/);
      expect(fields!.requestId).toMatch(/^[0-9a-f-]{36}$/);
    }
    const first = parser.parse(splitKubeletTimestamp(lines[0]!).text)!;
    expect(first).toMatchObject({
      startTime: '2025-01-30T12:10:13.279Z',
      path: '/details/0',
      protocol: 'HTTP/1.1',
      durationMs: 0,
      upstreamHost: 'envoy://connect_originate/10.244.0.32:9080',
      requestId: 'e7d5b6ce-5f7f-9731-8471-ca5bcd650a72',
      authority: 'details:9080',
      traceId: null,
    });
    // Every field the format names is kept by its command, as written.
    expect(first.all['REQ(USER-AGENT)']).toBe('Go-http-client/1.1');
    expect(first.all['ROUTE_NAME']).toBe('default');
    expect(Object.keys(first.all)).toHaveLength(24);
  });

  it('reads the client and the server side of one request alike, with the same request id', () => {
    const [client, server] = linesOf('access-log-text-sidecar.txt').map((l) => parser.parse(l)!);
    expect(client).toMatchObject({
      responseCode: 418,
      durationMs: 4,
      upstreamCluster: 'outbound|8000||httpbin.foo.svc.cluster.local',
    });
    expect(server).toMatchObject({ responseCode: 418, durationMs: 3, upstreamCluster: 'inbound|8000||' });
    expect(client!.requestId).toBe(server!.requestId);
    expect(server!.all['REQUESTED_SERVER_NAME']).toBe('outbound_.8000_._.httpbin.foo.svc.cluster.local');
  });

  it('reads response flags and missing upstreams, also on lines cut before their start time', () => {
    const [uh, nr, urx] = linesOf('access-log-text-flags.txt').map((l) => parser.parse(l)!);
    expect(uh).toMatchObject({ responseCode: 503, responseFlags: ['UH'], upstreamHost: null, startTime: null });
    expect(nr).toMatchObject({
      responseCode: 404,
      responseFlags: ['NR'],
      upstreamCluster: null,
      path: '/productpages',
    });
    expect(urx).toMatchObject({
      responseCode: 503,
      responseFlags: ['URX'],
      durationMs: 120,
      upstreamHost: '10.42.0.9:8080',
    });
  });

  it('reads TCP lines: no method, code 0, UF and URX together', () => {
    const [passthrough, failed] = linesOf('access-log-text-tcp-uf-urx.txt').map((l) => parser.parse(l)!);
    expect(passthrough).toMatchObject({
      method: null,
      path: null,
      responseCode: 0,
      upstreamCluster: 'PassthroughCluster',
    });
    expect(failed).toMatchObject({
      responseFlags: ['UF', 'URX'],
      durationMs: 2285,
      upstreamCluster: 'inbound|12950||',
    });
  });

  it('keeps a value holding spaces and braces whole (response code details)', () => {
    const [line] = linesOf('access-log-text-jwt-401.txt').map((l) => parser.parse(l)!);
    expect(line).toMatchObject({ responseCode: 401, protocol: 'HTTP/2', authority: 'my-service.example.com' });
    expect(line!.all['RESPONSE_CODE_DETAILS']).toBe('jwt_authn_access_denied{Jwt_verification_fails}');
  });
});

describe('the access-log parser, JSON encoding', () => {
  it("reads Istio 1.3's all-string JSON lines by key, in any key order", () => {
    const [keycloak, passthrough] = linesOf('access-log-json.txt').map((l) => parser.parse(l)!);
    expect(keycloak).toMatchObject({
      startTime: '2019-09-17T09:21:42.869Z',
      responseCode: 0,
      responseFlags: ['UF', 'URX'],
      durationMs: 10002,
      upstreamCluster: 'outbound|7600||keycloak-headless.our_ns.svc.cluster.local',
      requestId: null,
    });
    expect(passthrough).toMatchObject({ upstreamCluster: 'InboundPassthroughClusterIpv4', durationMs: 288127 });
    // A key the format does not name (Mixer's istio_policy_status) is kept with the rest.
    expect(keycloak!.all['istio_policy_status']).toBe('-');
    const [uo] = linesOf('access-log-json-uo.txt').map((l) => parser.parse(l)!);
    expect(uo).toMatchObject({ responseFlags: ['UO'], responseCode: 0, method: null });
  });

  it('reads typed JSON (numbers and null), as current Istio writes it', () => {
    const line = JSON.stringify({
      start_time: '2026-01-31T12:00:00.123Z',
      method: 'POST',
      path: '/sentiment',
      response_code: 503,
      response_flags: 'UF,URX',
      duration: 12,
      upstream_host: null,
      request_id: 'abc-1',
    });
    expect(parser.parse(line)).toMatchObject({
      responseCode: 503,
      durationMs: 12,
      responseFlags: ['UF', 'URX'],
      upstreamHost: null,
      requestId: 'abc-1',
    });
  });
});

describe('the access-log parser, a format of the mesh (MeshConfig accessLogFormat)', () => {
  it('compiles commands with arguments, start time in seconds, quoted and bare fields', () => {
    const custom = createAccessLogParser({
      encoding: 'TEXT',
      format:
        '%START_TIME(%s)% %REQ(:METHOD)% "%REQ(:PATH)%" %RESPONSE_CODE% flags=%RESPONSE_FLAGS% %DURATION%ms ' +
        'id=%REQ(X-REQUEST-ID)% trace=%REQ(TRACEPARENT)% "%REQ(USER-AGENT):20%" %UPSTREAM_CLUSTER%\n',
    });
    const fields = custom.parse(
      '1769860800 GET "/a b?c" 504 flags=UT 15000ms id=r-1 trace=00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 "curl 8.0 (x86)" outbound|80||sa-logic.demo.svc.cluster.local',
    );
    expect(fields).toMatchObject({
      startTime: '2026-01-31T12:00:00.000Z',
      method: 'GET',
      path: '/a b?c',
      responseCode: 504,
      responseFlags: ['UT'],
      durationMs: 15000,
      requestId: 'r-1',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      upstreamCluster: 'outbound|80||sa-logic.demo.svc.cluster.local',
    });
    expect(fields!.all['REQ(USER-AGENT)']).toBe('curl 8.0 (x86)');
    // Lines in Istio's default format (written before the format changed) are still read.
    expect(custom.parse(linesOf('access-log-text-sidecar.txt')[0]!)?.responseCode).toBe(418);
  });

  it('reads a JSON format of the mesh by its own keys', () => {
    const custom = createAccessLogParser({
      encoding: 'JSON',
      format:
        '{"when":"%START_TIME%","code":"%RESPONSE_CODE%","rid":"%REQ(X-REQUEST-ID)%","flags":"%RESPONSE_FLAGS_LONG%"}',
    });
    expect(
      custom.parse('{"when":"2026-01-31T12:00:00Z","code":502,"rid":"x","flags":"NoHealthyUpstream"}'),
    ).toMatchObject({
      startTime: '2026-01-31T12:00:00Z',
      responseCode: 502,
      requestId: 'x',
      responseFlags: ['UH'],
    });
  });

  it('keeps a % that starts no command as literal text', () => {
    expect(tokenizeFormat('100% %DURATION%')).toEqual([
      { literal: '100% ' },
      { command: { name: 'DURATION', arg: null, key: 'DURATION' } },
    ]);
  });
});

describe('the access-log parser on lines that are not whole access-log lines', () => {
  const text = linesOf('access-log-text-sidecar.txt')[0]!;
  const json = linesOf('access-log-json.txt')[0]!;
  it.each([
    ['a TEXT line cut in the middle', text.slice(0, 120)],
    ['a JSON line cut in the middle', json.slice(0, 200)],
    ['an empty line', ''],
    ['binary garbage', '\u0000\u0001\uFFFD[]"""{'],
    ['an application log line', '2026-01-31 12:00:00 INFO Started SentimentApplication in 3.2 seconds'],
    ['a ztunnel line (another format)', linesOf('access-log-ztunnel.txt')[0]!],
    ['JSON that is not an object', '[1,2,3]'],
    ['an application JSON line', '{"level":"info","msg":"hello"}'],
  ])('answers null for %s, never throws', (_what, line) => {
    expect(parser.parse(line)).toBeNull();
  });
});

describe("the mesh's access-log settings (the istio ConfigMap's mesh key)", () => {
  it('reads the encoding and the format from the YAML', () => {
    expect(meshAccessLogConfig('accessLogFile: /dev/stdout\naccessLogEncoding: JSON\n')).toEqual({
      encoding: 'JSON',
      format: null,
    });
    expect(
      meshAccessLogConfig('accessLogFile: /dev/stdout\naccessLogFormat: "[%START_TIME%] %REQ(X-REQUEST-ID)%\\n"\n'),
    ).toEqual({ encoding: 'TEXT', format: '[%START_TIME%] %REQ(X-REQUEST-ID)%\n' });
  });

  it("falls back to Istio's defaults when the ConfigMap is missing or unreadable", () => {
    expect(meshAccessLogConfig(null)).toEqual({ encoding: 'TEXT', format: null });
    expect(meshAccessLogConfig('{ not: yaml: at all')).toEqual({ encoding: 'TEXT', format: null });
  });
});
