// MeshConfig accessLogFormat in the mesh in a box, as Envoy's substitution formatter applies it
// (envoyproxy/envoy docs/root/configuration/observability/access_log/usage.rst: "Format Strings", "Command Operators",
// `%REQ(X?Y):Z%` falls back to header Y and truncates to Z characters, `-` for a value that is absent; with JSON the
// format is a dictionary and a command alone as a value keeps its type).
import { describe, expect, it } from 'vitest';
import type { AccessLogEntry } from '../../../src/telemetry/access-log-entry.js';
import { customFormatOf, formatAccessLog } from '../../../src/telemetry/access-log-format.js';

const entry: AccessLogEntry = {
  startMs: Date.parse('2026-01-31T12:00:00.123Z'),
  method: 'POST',
  path: '/analyse/sentiment',
  protocol: 'HTTP/1.1',
  responseCode: 503,
  responseFlags: 'UF,URX',
  bytesReceived: 20,
  bytesSent: 91,
  durationMs: 12,
  requestId: '84961386-6d84-929d-98bd-c5aee93b5c88',
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
  upstreamCluster: 'outbound|80|v2|sa-logic.demo.svc.cluster.local',
};

describe('a custom accessLogFormat', () => {
  it('substitutes each command, a dash when absent, header fallback and max length', () => {
    const format =
      '%START_TIME(%s)% %REQ(:METHOD)% "%REQ(X-ENVOY-ORIGINAL-PATH?:PATH)%" %RESPONSE_CODE% %RESPONSE_FLAGS% ' +
      '%DURATION%ms id=%REQ(X-REQUEST-ID)% host=%UPSTREAM_HOST% ua="%REQ(USER-AGENT):11%" %UPSTREAM_CLUSTER%\n';
    expect(formatAccessLog(entry, 'TEXT', customFormatOf('TEXT', format))).toBe(
      '1769860800 POST "/analyse/sentiment" 503 UF,URX 12ms id=84961386-6d84-929d-98bd-c5aee93b5c88 host=- ' +
        'ua="Mozilla/5.0" outbound|80|v2|sa-logic.demo.svc.cluster.local',
    );
  });

  it('writes a JSON format by its keys, numbers as numbers and absent values as null', () => {
    const custom = customFormatOf('JSON', '{"when":"%START_TIME%","code":"%RESPONSE_CODE%","host":"%UPSTREAM_HOST%"}');
    expect(JSON.parse(formatAccessLog(entry, 'JSON', custom))).toEqual({
      when: '2026-01-31T12:00:00.123Z',
      code: 503,
      host: null,
    });
  });

  it("keeps Istio's default when the format is empty or a JSON format does not parse", () => {
    expect(customFormatOf('TEXT', '')).toBeNull();
    expect(customFormatOf('JSON', 'not json')).toBeNull();
    expect(formatAccessLog(entry, 'TEXT', null)).toMatch(/^\[2026-01-31T12:00:00\.123Z\] "POST \/analyse\/sentiment/);
  });
});
