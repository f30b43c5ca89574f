// The why summary's time per service: the sections of each trace's critical path (lib/traces/critical-path.ts, Jaeger
// UI's walk) summed by their span's service, over many traces.
import { describe, expect, it } from 'vitest';
import type { Span, Trace } from '../../../../lib/api/traces.js';
import { criticalTimeByService } from '../../../../server/telemetry/why-critical-time.js';
import { testSpan } from '../../lib/traces/test-span.js';

const span = (spanId: string, parentId: string | null, service: string, startTime: number, duration: number): Span =>
  testSpan({ spanId, parentId, service, startTime, duration });

const trace = (spans: Span[]): Trace => ({
  traceId: 't1',
  startTime: 0,
  duration: 100,
  error: false,
  services: [...new Set(spans.map((s) => s.service))],
  spans,
});

describe('critical-path time by service', () => {
  it('adds the time up per service over traces, the largest first', () => {
    const t = trace([span('root', null, 'web.demo', 0, 100), span('a', 'root', 'logic.demo', 10, 80)]);
    expect(criticalTimeByService([t, t])).toEqual([
      { service: 'logic.demo', totalUs: 160, share: 0.8, traces: 2 },
      { service: 'web.demo', totalUs: 40, share: 0.2, traces: 2 },
    ]);
  });

  it('counts a service once per trace however many of its spans are on the path', () => {
    // root 0..100 (web); a 10..40 and b 50..90 both logic: logic holds 70 µs in one trace.
    const t = trace([
      span('root', null, 'web.demo', 0, 100),
      span('a', 'root', 'logic.demo', 10, 30),
      span('b', 'root', 'logic.demo', 50, 40),
    ]);
    expect(criticalTimeByService([t])).toEqual([
      { service: 'logic.demo', totalUs: 70, share: 0.7, traces: 1 },
      { service: 'web.demo', totalUs: 30, share: 0.3, traces: 1 },
    ]);
  });
});
