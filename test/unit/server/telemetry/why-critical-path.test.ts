// The critical path as Jaeger UI computes it (jaeger-ui: packages/jaeger-ui/src/components/TracePage/CriticalPath/
// index.tsx, "computeCriticalPath"): walking back from the root's end, the last-finishing child before the cursor is
// on the path; overlapping children count once; a child that outlives its parent counts only up to the parent's end.
import { describe, expect, it } from 'vitest';
import type { JaegerSpan, JaegerTrace } from '../../../../server/sources/jaeger.js';
import { criticalPath, criticalTimeByService } from '../../../../server/telemetry/why-critical-path.js';

function span(id: string, parent: string | null, service: string, startTime: number, duration: number): JaegerSpan {
  return {
    traceID: 't1',
    spanID: id,
    operationName: id,
    references: parent ? [{ refType: 'CHILD_OF', traceID: 't1', spanID: parent }] : [],
    startTime,
    duration,
    tags: [],
    processID: service,
  };
}

function trace(spans: JaegerSpan[]): JaegerTrace {
  const processes = Object.fromEntries(spans.map((s) => [s.processID, { serviceName: `${s.processID}.demo` }]));
  return { traceID: 't1', spans, processes };
}

const selfOf = (t: JaegerTrace) => Object.fromEntries(criticalPath(t).map((s) => [s.spanId, s.selfUs]));

describe('the critical path of a trace', () => {
  it('gives sequential children their whole time and the parent the gaps', () => {
    // root 0..100; a 10..40; b 50..90.
    const t = trace([
      span('root', null, 'web', 0, 100),
      span('a', 'root', 'logic', 10, 30),
      span('b', 'root', 'db', 50, 40),
    ]);
    expect(selfOf(t)).toEqual({ root: 30, a: 30, b: 40 });
  });

  it('counts overlapping children once: the one that finished last, then what ran before it started', () => {
    // root 0..100; a 10..60 overlaps b 30..80: b is on the path from 80 back to 30, then a from 30 back to 10.
    const t = trace([
      span('root', null, 'web', 0, 100),
      span('a', 'root', 'logic', 10, 50),
      span('b', 'root', 'db', 30, 50),
    ]);
    expect(selfOf(t)).toEqual({ root: 30, b: 50, a: 20 });
    const total = criticalPath(t).reduce((s, x) => s + x.selfUs, 0);
    expect(total).toBe(100);
  });

  it('cuts an async child that outlives its parent at the parent’s end', () => {
    // root 0..50; async child 20..200 (fire and forget).
    const t = trace([span('root', null, 'web', 0, 50), span('async', 'root', 'queue', 20, 180)]);
    expect(selfOf(t)).toEqual({ root: 20, async: 30 });
  });

  it('leaves out a child entirely overlapped by a later one', () => {
    // root 0..100; long 10..90 contains short 20..30: short is not on the path.
    const t = trace([
      span('root', null, 'web', 0, 100),
      span('long', 'root', 'logic', 10, 80),
      span('short', 'root', 'db', 20, 10),
    ]);
    expect(selfOf(t)).toEqual({ root: 20, long: 80 });
  });

  it('leaves a FOLLOWS_FROM span (and what hangs under it) off the path, as Jaeger UI does', () => {
    const follows = {
      ...span('later', null, 'queue', 60, 200),
      references: [{ refType: 'FOLLOWS_FROM', traceID: 't1', spanID: 'root' }],
    };
    const t = trace([
      span('root', null, 'web', 0, 100),
      span('a', 'root', 'logic', 10, 30),
      follows,
      span('under', 'later', 'db', 70, 10),
    ]);
    expect(selfOf(t)).toEqual({ root: 70, a: 30 });
  });

  it('adds the time up per service over traces, the largest first', () => {
    const t = trace([span('root', null, 'web', 0, 100), span('a', 'root', 'logic', 10, 80)]);
    const byService = criticalTimeByService([t, t]);
    expect(byService).toEqual([
      { service: 'logic.demo', totalUs: 160, share: 0.8, traces: 2 },
      { service: 'web.demo', totalUs: 40, share: 0.2, traces: 2 },
    ]);
  });
});
