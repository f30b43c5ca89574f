import { trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { otlpSettings, startOtlpTracing } from '../../../../server/observability/otlp.js';

describe('the OTLP exporter settings', () => {
  it('are absent, so that nothing is registered, when no endpoint is set', () => {
    expect(otlpSettings({ OTEL_SERVICE_NAME: 'console' })).toBeNull();
  });

  it('append v1/traces to OTEL_EXPORTER_OTLP_ENDPOINT, with or without its trailing slash', () => {
    expect(otlpSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })?.tracesUrl).toBe(
      'http://collector:4318/v1/traces',
    );
    expect(otlpSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://gw.example/otlp/' })?.tracesUrl).toBe(
      'https://gw.example/otlp/v1/traces',
    );
  });

  it('take OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as it is, over the general endpoint', () => {
    expect(
      otlpSettings({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://tempo:4318/custom/traces',
      })?.tracesUrl,
    ).toBe('http://tempo:4318/custom/traces');
  });

  it('name the service sextant unless OTEL_SERVICE_NAME says otherwise, and batch every 5 s by default', () => {
    expect(otlpSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' })).toEqual({
      tracesUrl: 'http://c:4318/v1/traces',
      serviceName: 'sextant',
      scheduleDelayMs: 5000,
    });
    expect(
      otlpSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SERVICE_NAME: 'sextant-east' })?.serviceName,
    ).toBe('sextant-east');
  });

  it('are absent when the SDK is disabled or the traces exporter is none', () => {
    expect(otlpSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' })).toBeNull();
    expect(otlpSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_EXPORTER: 'none' })).toBeNull();
  });

  it('refuse gRPC and a value that is not a URL, naming the setting', () => {
    expect(() =>
      otlpSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }),
    ).toThrow(/OTEL_EXPORTER_OTLP_PROTOCOL is grpc/);
    expect(() => otlpSettings({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'collector:4318' })).toThrow(
      /OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is "collector:4318"/,
    );
  });
});

describe('tracing without an endpoint', () => {
  it('registers nothing, so that spans stay no-ops that record nothing', async () => {
    expect(await startOtlpTracing({ OTEL_SERVICE_NAME: 'sextant' })).toBeNull();
    const span = trace.getTracer('sextant').startSpan('GET /api/graph');
    expect(span.isRecording()).toBe(false);
    span.end();
  });
});
