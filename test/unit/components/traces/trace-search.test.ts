// The Traces tab's URL state turned into the route's parameters: the dragged range (`?from=&to=`, unix seconds) becomes
// Jaeger's µs, tags typed as `key=value` become Jaeger's JSON object, status becomes error=true|false.
import { describe, expect, it } from 'vitest';
import { readFilters, searchParams, tagsJson } from '../../../../components/traces/trace-search.js';
import { rootOperation, spanStatus } from '../../../../components/traces/trace-facts.js';

const search = (q: string) => new URLSearchParams(q);

describe('the trace search', () => {
  it('narrows to the dragged range, in µs', () => {
    const filters = readFilters(search(''));
    expect(searchParams(filters, { from: 1_700_000_000, to: 1_700_000_060 }, 600, 0)).toMatchObject({
      start: 1_700_000_000_000_000,
      end: 1_700_000_060_000_000,
    });
  });

  it("without a range asks for the page's window up to now, its start on a whole minute", () => {
    // 1,700,000,029.999 s rounds down to the minute 1,699,999,980; ten minutes before it is 1,699,999,380.
    const p = searchParams(readFilters(search('')), null, 600, 1_700_000_029_999);
    expect(p.start).toBe(1_699_999_380_000_000);
    expect(p.end).toBeUndefined();
  });

  it('turns status and tags into the route parameters, leaving out what is empty', () => {
    const f = readFilters(
      search('status=error&tags=http.status_code%3D503+response_flags%3DUF&operation=&minDuration=1s'),
    );
    expect(searchParams(f, null, 600, 0)).toMatchObject({
      error: 'true',
      tags: '{"http.status_code":"503","response_flags":"UF"}',
      operation: undefined,
      minDuration: '1s',
    });
    expect(searchParams(readFilters(search('status=ok')), null, 600, 0).error).toBe('false');
    expect(readFilters(search('status=bogus')).status).toBe('');
    expect(tagsJson('  ')).toBeUndefined();
    expect(tagsJson('novalue')).toBeUndefined();
  });
});

describe('what the list says of a trace', () => {
  it("names a trace by its root span and writes a span's code with Envoy's flags", () => {
    const span = {
      spanId: 'b',
      parentId: 'a',
      service: 'sa-logic.demo',
      operation: 'op',
      startTime: 1,
      duration: 1,
      pod: null,
      namespace: null,
      requestId: null,
      error: true,
      tags: { 'http.status_code': '503', response_flags: 'UF' },
    };
    const root = { ...span, spanId: 'a', parentId: null, service: 'istio-ingressgateway.istio-system', startTime: 0 };
    const trace = { traceId: 't', startTime: 0, duration: 2, error: true, services: [], spans: [span, root] };
    expect(rootOperation(trace)).toBe('istio-ingressgateway.istio-system: op');
    expect(spanStatus(span)).toBe('503 UF');
    expect(spanStatus({ ...span, tags: { 'http.status_code': '200', response_flags: '-' } })).toBe('200');
  });
});
