// The Traces tab's filters, applied as Jaeger applies its query (a trace matches when one span of the searched service
// matches operation, tags and duration: jaegertracing/jaeger storage TraceQueryParameters), the same for Tempo, plus
// Go durations as Jaeger's minDuration/maxDuration take them (time.ParseDuration) and the entity's own spans.
import { describe, expect, it } from 'vitest';
import type { Span, Trace } from '../../../../lib/api/traces.js';
import { InputError } from '../../../../server/errors.js';
import { filterTraces } from '../../../../server/traces/filter-traces.js';
import { goDurationMicros } from '../../../../server/traces/go-duration.js';
import { parseTagsParam } from '../../../../server/traces/io/load-entity-traces.js';

function span(over: Partial<Span>): Span {
  return {
    spanId: 'x',
    parentId: null,
    service: 'sa-logic.default',
    operation: 'sa-logic.default.svc.cluster.local:80/*',
    startTime: 0,
    duration: 1000,
    pod: 'sa-logic-1',
    namespace: 'default',
    requestId: 'r',
    error: false,
    tags: {},
    ...over,
  };
}
function trace(traceId: string, spans: Span[]): Trace {
  return { traceId, startTime: 0, duration: 1, error: spans.some((s) => s.error), services: [], spans };
}

const own = (s: Span) => s.service === 'sa-logic.default';
const slowFailing = trace('a', [
  span({ service: 'sa-webapp.default', operation: 'x', duration: 9_000_000 }),
  span({ duration: 2_000_000, error: true, tags: { 'http.status_code': '503', response_flags: 'UF' } }),
]);
const fastOk = trace('b', [span({ duration: 3_000, tags: { 'http.status_code': '200' } })]);
const elsewhere = trace('c', [span({ service: 'sa-webapp.default', duration: 5_000_000, error: true })]);
const all = [slowFailing, fastOk, elsewhere];
const ids = (ts: Trace[]) => ts.map((t) => t.traceId);

describe('the trace filters', () => {
  it('keeps only traces with a span of the entity', () => {
    expect(ids(filterTraces(all, { owns: own }))).toEqual(['a', 'b']);
  });

  it('filters on status: failing or not', () => {
    expect(ids(filterTraces(all, { owns: own, error: true }))).toEqual(['a']);
    expect(ids(filterTraces(all, { owns: own, error: false }))).toEqual(['b']);
  });

  it('judges duration on the entity span, not on another service (Jaeger does the same)', () => {
    // trace a has a 9 s span of sa-webapp, but its sa-logic span is 2 s.
    expect(ids(filterTraces(all, { owns: own, minDurationUs: 1_000_000 }))).toEqual(['a']);
    expect(ids(filterTraces(all, { owns: own, minDurationUs: 3_000_000 }))).toEqual([]);
    expect(ids(filterTraces(all, { owns: own, maxDurationUs: 10_000 }))).toEqual(['b']);
  });

  it('filters on operation and on every tag given', () => {
    expect(ids(filterTraces(all, { owns: own, operation: 'x' }))).toEqual([]);
    expect(ids(filterTraces(all, { owns: own, tags: { 'http.status_code': '503', response_flags: 'UF' } }))).toEqual([
      'a',
    ]);
    expect(ids(filterTraces(all, { owns: own, tags: { 'http.status_code': '503', response_flags: 'UH' } }))).toEqual(
      [],
    );
  });
});

describe('the filter parameters', () => {
  it('reads Go durations in µs', () => {
    expect(goDurationMicros('100ms', 'minDuration')).toBe(100_000);
    expect(goDurationMicros('1.5s', 'minDuration')).toBe(1_500_000);
    expect(goDurationMicros('1m30s', 'maxDuration')).toBe(90_000_000);
    expect(goDurationMicros('250us', 'minDuration')).toBe(250);
  });

  it('refuses a duration without a unit, naming the parameter', () => {
    expect(() => goDurationMicros('100', 'minDuration')).toThrow(InputError);
    expect(() => goDurationMicros('fast', 'maxDuration')).toThrow(/maxDuration: "fast" is not a duration/);
  });

  it('reads tags as a JSON object and says how to write it when it is not one', () => {
    expect(parseTagsParam('{"http.status_code":500}')).toEqual({ 'http.status_code': '500' });
    expect(() => parseTagsParam('status=500')).toThrow(/tags: not JSON/);
    expect(() => parseTagsParam('[1]')).toThrow(/tags: must be a JSON object/);
  });
});
