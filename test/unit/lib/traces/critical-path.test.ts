// The critical path as Jaeger UI defines it (jaegertracing/jaeger-ui packages/jaeger-ui/src/components/TracePage/
// CriticalPath/index.ts and utils/sanitizeOverFlowingChildren.ts): the last-finishing child chain, walking back to
// the child that finished before the next one started; children cut to their parent's time.
import { describe, expect, it } from 'vitest';
import type { Span } from '../../../../lib/api/traces.js';
import { criticalPath, criticalSpanIds } from '../../../../lib/traces/critical-path.js';
import { testSpan } from './test-span.js';

const span = (spanId: string, parentId: string | null, startTime: number, duration: number): Span =>
  testSpan({ spanId, parentId, startTime, duration });

describe('the critical path of a trace', () => {
  it('follows the last finishing child, then walks back to the sibling that ended before it started', () => {
    // Jaeger UI's own example: |-----A-----| with B and C one after the other; C is A's last finishing child.
    const spans = [span('A', null, 0, 100), span('B', 'A', 10, 20), span('C', 'A', 50, 30)];
    expect(criticalPath(spans)).toEqual([
      { spanId: 'A', start: 80, end: 100 },
      { spanId: 'C', start: 50, end: 80 },
      { spanId: 'A', start: 30, end: 50 },
      { spanId: 'B', start: 10, end: 30 },
      { spanId: 'A', start: 0, end: 10 },
    ]);
  });

  it('with overlapping children keeps only the one finishing last and what ended before it began', () => {
    // B (10-70) and C (20-60) overlap; B ends last, C ended after B began, so C is off the path; D ended before B.
    const spans = [span('A', null, 0, 100), span('D', 'A', 1, 5), span('B', 'A', 10, 60), span('C', 'A', 20, 40)];
    const path = criticalPath(spans);
    expect(criticalSpanIds(path)).toEqual(new Set(['A', 'B', 'D']));
    // The sections tile the root's time exactly: the path bounds the end-to-end time.
    expect(path.reduce((sum, s) => sum + s.end - s.start, 0)).toBe(100);
  });

  it('cuts an async child that outlives its parent at the parent end, and drops one that starts after it', () => {
    // B is fire-and-forget: it runs past A's end; E starts after A ended.
    const spans = [span('A', null, 0, 50), span('B', 'A', 30, 100), span('E', 'A', 60, 10)];
    expect(criticalPath(spans)).toEqual([
      { spanId: 'B', start: 30, end: 50 },
      { spanId: 'A', start: 0, end: 30 },
    ]);
  });

  it('descends through grandchildren', () => {
    const spans = [span('A', null, 0, 100), span('B', 'A', 10, 80), span('C', 'B', 20, 50)];
    expect(criticalPath(spans)).toEqual([
      { spanId: 'A', start: 90, end: 100 },
      { spanId: 'B', start: 70, end: 90 },
      { spanId: 'C', start: 20, end: 70 },
      { spanId: 'B', start: 10, end: 20 },
      { spanId: 'A', start: 0, end: 10 },
    ]);
  });

  it('treats a span whose parent is missing as a root, and runs on 500 spans without recursion trouble', () => {
    const chain = [span('s0', 'gone', 0, 1000)];
    for (let i = 1; i < 500; i++) chain.push(span(`s${i}`, `s${i - 1}`, i, 1000 - 2 * i));
    expect(criticalSpanIds(criticalPath(chain)).size).toBe(500);
  });
  // Cases carried over from the why summary's former walk (server/telemetry/why-critical-path.ts), now on this one.
  const selfOf = (spans: Span[]) => {
    const self: Record<string, number> = {};
    for (const s of criticalPath(spans)) self[s.spanId] = (self[s.spanId] ?? 0) + s.end - s.start;
    return self;
  };

  it('gives sequential children their whole time and the parent the gaps', () => {
    const spans = [span('root', null, 0, 100), span('a', 'root', 10, 30), span('b', 'root', 50, 40)];
    expect(selfOf(spans)).toEqual({ root: 30, a: 30, b: 40 });
  });

  it('leaves off a child still running when the last-finishing one started, as Jaeger UI does', () => {
    // root 0..100; a 10..60 overlaps b 30..80: b is on the path from 80 back to 30; a ended after 30, so Jaeger UI's
    // findLastFinishingChildSpan (end < the returning child's start) skips it and the root holds 0..30.
    const spans = [span('root', null, 0, 100), span('a', 'root', 10, 50), span('b', 'root', 30, 50)];
    expect(selfOf(spans)).toEqual({ root: 50, b: 50 });
  });

  it('leaves out a child entirely overlapped by a later one', () => {
    const spans = [span('root', null, 0, 100), span('long', 'root', 10, 80), span('short', 'root', 20, 10)];
    expect(selfOf(spans)).toEqual({ root: 20, long: 80 });
  });
});
