import { describe, expect, it } from 'vitest';
import { parseGoDuration, parseLookback } from '../../../src/jaeger/parse-go-duration.js';
import { JaegerParamError, parseTraceQuery } from '../../../src/jaeger/parse-trace-query.js';

const NOW_MS = Date.UTC(2026, 0, 31, 12, 0, 0);
const parse = (search: string) => parseTraceQuery(new URLSearchParams(search), NOW_MS);

function paramOfError(search: string): string {
  try {
    parse(search);
  } catch (err) {
    if (err instanceof JaegerParamError) return err.param;
    throw err;
  }
  throw new Error(`${search} was accepted`);
}

describe('parseGoDuration', () => {
  it("reads Go's duration syntax in microseconds", () => {
    expect(parseGoDuration('100ms')).toBe(100_000);
    expect(parseGoDuration('1.2s')).toBe(1_200_000);
    expect(parseGoDuration('1h30m')).toBe(5_400_000_000);
    expect(parseGoDuration('500us')).toBe(500);
    expect(parseGoDuration('250µs')).toBe(250);
    expect(parseGoDuration('0')).toBe(0);
  });

  it("rejects what Go rejects, with Go's message", () => {
    expect(() => parseGoDuration('10')).toThrow('time: invalid duration "10"');
    expect(() => parseGoDuration('abc')).toThrow('time: invalid duration "abc"');
    expect(() => parseGoDuration('')).toThrow('time: invalid duration ""');
    expect(() => parseGoDuration('1 s')).toThrow();
  });
});

describe('parseLookback', () => {
  it("reads the Jaeger UI's lookback choices, days included", () => {
    expect(parseLookback('1h')).toBe(3_600_000_000);
    expect(parseLookback('2d')).toBe(172_800_000_000);
    expect(() => parseLookback('yesterday')).toThrow();
  });
});

describe('parseTraceQuery', () => {
  it('reads every search parameter', () => {
    const query = parse(
      'service=sa-logic.sentiment&operation=op&tags=%7B%22error%22%3A%22true%22%7D&tag=http.status_code:503' +
        '&minDuration=100ms&maxDuration=1.5s&start=1000&end=2000&limit=7',
    );
    expect(query).toEqual({
      service: 'sa-logic.sentiment',
      operation: 'op',
      tags: { error: 'true', 'http.status_code': '503' },
      minDurationUs: 100_000,
      maxDurationUs: 1_500_000,
      startUs: 1000,
      endUs: 2000,
      limit: 7,
      traceIds: [],
    });
  });

  it("defaults like jaeger-query: the window ends now, 100 traces, no tags; lookback sets the window's start", () => {
    expect(parse('service=a')).toEqual({ service: 'a', endUs: NOW_MS * 1000, limit: 100, traceIds: [] });
    expect(parse('service=a&lookback=1h').startUs).toBe((NOW_MS - 3_600_000) * 1000);
    expect(parse('service=a&lookback=1h&start=5').startUs).toBe(5);
    expect(parse('service=a&lookback=custom').startUs).toBeUndefined();
  });

  it('keeps colons in a tag value after the first', () => {
    expect(parse('service=a&tag=upstream_cluster:inbound|80||').tags).toEqual({ upstream_cluster: 'inbound|80||' });
  });

  it('names the parameter it rejects', () => {
    expect(paramOfError('')).toBe('service');
    expect(paramOfError('service=a&minDuration=abc')).toBe('minDuration');
    expect(paramOfError('service=a&minDuration=2s&maxDuration=1s')).toBe('maxDuration');
    expect(paramOfError('service=a&tags={bad')).toBe('tags');
    expect(paramOfError('service=a&tags=%7B%22error%22%3Atrue%7D')).toBe('tags');
    expect(paramOfError('service=a&tag=novalue')).toBe('tag');
    expect(paramOfError('service=a&limit=ten')).toBe('limit');
    expect(paramOfError('service=a&start=yesterday')).toBe('start');
    expect(paramOfError('service=a&lookback=yesterday')).toBe('lookback');
  });

  it('words errors as jaeger-query does', () => {
    expect(() => parse('service=a&minDuration=abc')).toThrow(
      `unable to parse param 'minDuration': time: invalid duration "abc"`,
    );
    expect(() => parse('')).toThrow("parameter 'service' is required");
    // query_parser.go parseTime and the limit read integers with strconv.ParseInt and pass its error on.
    expect(() => parse('service=a&start=yesterday')).toThrow(
      `unable to parse param 'start': strconv.ParseInt: parsing "yesterday": invalid syntax`,
    );
    expect(() => parse('service=a&limit=ten')).toThrow(
      `unable to parse param 'limit': strconv.ParseInt: parsing "ten": invalid syntax`,
    );
  });
});
