// The fact reader reads a TEXT line's few needed values by their place in the compiled format: its facts must be
// those of the general parser (logFact(parser.parse(line))) for every line, whatever the format, and JSON lines still
// go through the general parser. Real lines from shared/fixtures/wire (see its README for where each comes from).
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WIRE } from '../../../helpers/fixtures.js';
import { createIntern, logFact } from '../../../../server/security/log-calls.js';
import { createFactReader } from '../../../../server/security/log-fact-reader.js';
import {
  createAccessLogParser,
  type AccessLogFormatConfig,
} from '../../../../server/telemetry/access-log/access-log-parser.js';

const wireLines = readdirSync(WIRE)
  .filter((name) => name.startsWith('access-log-'))
  .flatMap((name) => readFileSync(`${WIRE}/${name}`, 'utf8').split('\n'))
  .filter((line) => line.trim() !== '');
const sidecar = (code: string, remote: string, sni: string) =>
  `[2026-12-06T16:00:00.000Z] "POST /sentiment?lang=en HTTP/1.1" ${code} - via_upstream - "-" 20 19 3 - "-" "curl 8 (x86)" "id-1" "sa-webapp" "10.244.0.9:8080" inbound|8080|| 127.0.0.6:41000 10.244.0.9:8080 ${remote} ${sni} default`;
const lines = [
  ...wireLines,
  sidecar('200', '10.244.0.20:40000', 'outbound_.80_._.sa-webapp.demo.svc.cluster.local'),
  sidecar('0', '[fd00::5]:40000', '-'),
  sidecar('-', '-', '-'),
  `${sidecar('403', '10.244.0.5:1', '-')}\r`,
  'not an access-log line',
  '{"app":"its own JSON"}',
];

function same(config: AccessLogFormatConfig, extra: string[] = []) {
  const parser = createAccessLogParser(config);
  const read = createFactReader(parser);
  for (const line of [...lines, ...extra])
    for (const gateway of [false, true]) {
      const fields = parser.parse(line);
      const expected = fields ? logFact(fields, 7, gateway) : null;
      expect(read(line, 7, gateway, createIntern()), line).toEqual(expected);
    }
}

describe('the fact reader', () => {
  it("gives the general parser's facts for Istio's TEXT and JSON lines", () => {
    expect(wireLines.length).toBeGreaterThan(20);
    same({ encoding: 'TEXT' });
  });

  it("gives the general parser's facts for a mesh's own TEXT format, and for Istio's lines under it", () => {
    same(
      {
        encoding: 'TEXT',
        format:
          '%REQ(:METHOD)% "%REQ(X-ENVOY-ORIGINAL-PATH?:PATH)%" %RESPONSE_CODE% %RESPONSE_CODE_DETAILS% ' +
          '%UPSTREAM_CLUSTER% from=%DOWNSTREAM_REMOTE_ADDRESS% to=%DOWNSTREAM_LOCAL_ADDRESS% sni=%REQUESTED_SERVER_NAME%\n',
      },
      [
        'GET "/a b?c" 403 rbac_access_denied_matched_policy[none] inbound|9080|| from=10.0.0.1:5 to=10.0.0.2:9080 sni=outbound_.9080_._.x',
        'GET "/" 200 via_upstream inbound|9080|| from=- to=- sni=-',
      ],
    );
  });

  it("gives the general parser's facts for a mesh's own JSON format", () => {
    same({ encoding: 'JSON', format: '{"m":"%REQ(:METHOD)%","c":"%RESPONSE_CODE%","u":"%UPSTREAM_CLUSTER%"}' }, [
      '{"m":"GET","c":401,"u":"inbound|80||"}',
    ]);
  });
});

describe("a line's fact", () => {
  // Envoy writes an address by its friendly name (envoyproxy/envoy source/common/network/address_impl.cc): `ip:port`
  // for IPv4, `[ip]:port` for IPv6, the path alone for a pipe (a Unix socket).
  it('reads the caller by the host of its address and the port it arrived on, IPv4 or IPv6', () => {
    const fact = (remote: string, local: string) =>
      logFact(
        {
          upstreamCluster: 'inbound|8080||',
          method: 'GET',
          path: '/a?b',
          responseCode: 200,
          all: { DOWNSTREAM_REMOTE_ADDRESS: remote, DOWNSTREAM_LOCAL_ADDRESS: local },
        } as never,
        0,
        false,
      )!;
    expect(fact('10.244.0.20:40000', '10.244.0.9:8080')).toMatchObject({ remoteIp: '10.244.0.20', port: 8080 });
    expect(fact('[fd00::5]:40000', '[fd00::9]:9080')).toMatchObject({ remoteIp: 'fd00::5', port: 9080 });
    expect(fact('/var/run/sock', '-')).toMatchObject({ remoteIp: '/var/run/sock', port: null, path: '/a' });
  });
});
