import { context, trace, type Span, type SpanStatus, type Tracer, type TracerProvider } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { jsonRoute } from '../../../../server/http.js';
import { timedSourceCall } from '../../../../server/observability/source-call.js';
import { registry } from '../../../../server/observability/telemetry.js';
import { JaegerError } from '../../../../server/errors.js';

// A tracer that records what the code under test starts and ends, as an SDK would.
interface Recorded {
  name: string;
  attributes: Record<string, unknown>;
  status?: SpanStatus;
  ended: boolean;
  exceptions: number;
}
const recorded: Recorded[] = [];

function recordingSpan(entry: Recorded): Span {
  const span = {
    spanContext: () => ({ traceId: '0'.repeat(31) + '1', spanId: '0'.repeat(15) + '1', traceFlags: 1 }),
    setAttribute: () => span,
    setAttributes: () => span,
    addEvent: () => span,
    addLink: () => span,
    addLinks: () => span,
    setStatus: (status: SpanStatus) => {
      entry.status = status;
      return span;
    },
    updateName: () => span,
    end: () => {
      entry.ended = true;
    },
    isRecording: () => true,
    recordException: () => {
      entry.exceptions += 1;
    },
  } as Span;
  return span;
}

function startSpan(name: string, options?: { attributes?: Record<string, unknown> }): Span {
  const entry: Recorded = { name, attributes: options?.attributes ?? {}, ended: false, exceptions: 0 };
  recorded.push(entry);
  return recordingSpan(entry);
}

const tracer = {
  startSpan,
  startActiveSpan(name: string, options: { attributes?: Record<string, unknown> }, fn: (span: Span) => unknown) {
    const span = startSpan(name, options);
    return context.with(trace.setSpan(context.active(), span), () => fn(span));
  },
} as unknown as Tracer;
const provider: TracerProvider = { getTracer: () => tracer };

beforeAll(() => {
  trace.setGlobalTracerProvider(provider);
});
afterAll(() => trace.disable());

describe("the console's own telemetry", () => {
  it('wraps each route and each source call in a span, marking failures', async () => {
    const GET = jsonRoute({ route: '/api/traced', output: z.array(z.string()) }, async () => {
      await timedSourceCall('prometheus', 'instant', async () => 'ok');
      return timedSourceCall('jaeger', 'services', async () => {
        throw new JaegerError('unreachable', 'Jaeger at http://j is unreachable');
      });
    });
    const res = await GET(new Request('http://console/api/traced'), { params: Promise.resolve({}) });
    expect(res.status).toBe(502);
    expect(recorded.map((r) => [r.name, r.ended, r.status?.code ?? 0])).toEqual([
      ['GET /api/traced', true, 2],
      ['prometheus instant', true, 0],
      ['jaeger services', true, 2],
    ]);
    expect(recorded[2]!.exceptions).toBe(1);
  });

  it('counts route latencies by route and status, and source failures by reason', async () => {
    const text = await registry.metrics();
    expect(text).toMatch(
      /sextant_http_request_duration_seconds_count\{route="\/api\/traced",method="GET",status="502"\} 1/,
    );
    expect(text).toMatch(/sextant_source_errors_total\{source="jaeger",operation="services",reason="unreachable"\} 1/);
    expect(text).toMatch(
      /sextant_source_request_duration_seconds_count\{source="prometheus",operation="instant",outcome="ok"\} 1/,
    );
  });
});
