// Runs PromQL queries and the metadata look-ups of the HTTP API against the TSDB, and renders the answers in
// Prometheus' JSON shapes. Throws ApiError with Prometheus' error types; no HTTP here.
import { compareLabels, toRecord, type Labels } from './labels.js';
import type { MetricMetadata } from './exposition-parser.js';
import { labelMatcher } from './label-matcher.js';
import { parsePromql, PromqlParseError } from './promql/parse-promql.js';
import type { VectorSelector } from './promql/ast.js';
import { Evaluator } from './promql/evaluator.js';
import { EvaluationError, formatFloat, QueryTimeoutError, type RangeSeries } from './promql/values.js';
import type { Tsdb } from './tsdb.js';

export type ErrorType = 'bad_data' | 'execution' | 'timeout' | 'canceled' | 'internal' | 'not_found';

export class ApiError extends Error {
  constructor(
    readonly errorType: ErrorType,
    message: string,
  ) {
    super(message);
  }
}

const MAX_POINTS = 11_000;

export interface EngineOptions {
  tsdb: Tsdb;
  metadata: Map<string, MetricMetadata>;
  lookbackMs?: number;
  defaultSubqueryStepMs?: number;
}

export class QueryEngine {
  constructor(private readonly options: EngineOptions) {}

  /** How far back the TSDB keeps samples. */
  get retentionMs(): number {
    return this.options.tsdb.retentionMs;
  }

  /** /api/v1/query: the `data` of the answer, as a JSON string (large answers are built once, not re-serialised). */
  instant(query: string, timeMs: number, deadlineMs: number): string {
    const expr = parse(query);
    const result = this.evaluate(() =>
      new Evaluator(this.options.tsdb, { ...this.common(deadlineMs), startMs: timeMs, endMs: timeMs, stepMs: 1 }).run(
        expr,
      ),
    );
    const ts = timeMs / 1000;
    switch (result.resultType) {
      case 'scalar':
      case 'string': {
        const v = result.value as { value: number | string };
        const text = typeof v.value === 'number' ? formatFloat(v.value) : v.value;
        return `{"resultType":"${result.resultType}","result":[${ts},${JSON.stringify(text)}]}`;
      }
      case 'vector': {
        const parts = result.samples.map(
          (s) => `{"metric":${metricJson(s.labels)},"value":[${ts},"${formatFloat(s.value)}"]}`,
        );
        return `{"resultType":"vector","result":[${parts.join(',')}]}`;
      }
      case 'matrix':
        return matrixJson(result.series);
    }
  }

  /** /api/v1/query_range. */
  range(query: string, startMs: number, endMs: number, stepMs: number, deadlineMs: number): string {
    if (endMs < startMs)
      throw new ApiError('bad_data', 'invalid parameter "end": end timestamp must not be before start time');
    if (stepMs <= 0) {
      throw new ApiError(
        'bad_data',
        'invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer',
      );
    }
    if ((endMs - startMs) / stepMs > MAX_POINTS) {
      throw new ApiError(
        'bad_data',
        'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)',
      );
    }
    const expr = parse(query);
    const result = this.evaluate(() =>
      new Evaluator(this.options.tsdb, { ...this.common(deadlineMs), startMs, endMs, stepMs }).run(expr),
    );
    if (result.resultType !== 'matrix') throw new ApiError('internal', 'a range query must evaluate to a matrix');
    return matrixJson(result.series);
  }

  /** /api/v1/series: the label sets of the series that match any selector and have samples in the range. */
  series(matches: string[], startMs: number, endMs: number): Record<string, string>[] {
    const out = new Map<string, Labels>();
    for (const s of this.matching(matches, startMs, endMs)) out.set(s.labels.key, s.labels);
    return [...out.values()].sort(compareLabels).map(toRecord);
  }

  labelNames(matches: string[], startMs: number, endMs: number): string[] {
    const names = new Set<string>();
    for (const s of this.matching(matches, startMs, endMs)) s.labels.forEach((n) => names.add(n));
    return [...names].sort();
  }

  labelValues(name: string, matches: string[], startMs: number, endMs: number): string[] {
    const values = new Set<string>();
    for (const s of this.matching(matches, startMs, endMs)) {
      const v = s.labels.get(name);
      if (v !== '') values.add(v);
    }
    return [...values].sort();
  }

  metadata(metric: string | undefined, limit: number | undefined): Record<string, MetricMetadata[]> {
    const out: Record<string, MetricMetadata[]> = {};
    let n = 0;
    for (const [name, m] of [...this.options.metadata].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (metric !== undefined && name !== metric) continue;
      if (limit !== undefined && limit >= 0 && n >= limit) break;
      out[name] = [{ type: m.type, help: m.help, unit: m.unit }];
      n++;
    }
    return out;
  }

  private matching(matches: string[], startMs: number, endMs: number) {
    const selectors = matches.length > 0 ? matches.map(parseSelector) : [[labelMatcher('__name__', '=~', '.+')]];
    return selectors.flatMap((m) =>
      this.options.tsdb.select(m, startMs, endMs).filter((s) => s.stale.some((x) => x === 0)),
    );
  }

  private common(deadlineMs: number) {
    return {
      lookbackMs: this.options.lookbackMs,
      defaultSubqueryStepMs: this.options.defaultSubqueryStepMs,
      deadlineMs,
    };
  }

  private evaluate<T>(run: () => T): T {
    try {
      return run();
    } catch (err) {
      if (err instanceof QueryTimeoutError) throw new ApiError('timeout', err.message);
      if (err instanceof EvaluationError) throw new ApiError('execution', err.message);
      throw err;
    }
  }
}

function parse(query: string) {
  try {
    return parsePromql(query);
  } catch (err) {
    if (err instanceof PromqlParseError) throw new ApiError('bad_data', `invalid parameter "query": ${err.message}`);
    throw err;
  }
}

function parseSelector(text: string) {
  try {
    const e = parsePromql(text);
    if (e.kind !== 'vectorSelector')
      throw new PromqlParseError('1:1: parse error: expected type instant vector selector');
    return (e as VectorSelector).matchers;
  } catch (err) {
    if (err instanceof PromqlParseError) throw new ApiError('bad_data', `invalid parameter "match[]": ${err.message}`);
    throw err;
  }
}

// Label names never need escaping; most values don't either, and quoting them directly is much faster.
function needsEscape(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return true;
  }
  return false;
}
const quote = (s: string) => (needsEscape(s) ? JSON.stringify(s) : `"${s}"`);

function metricJson(labels: Labels): string {
  let out = '{';
  let first = true;
  labels.forEach((n, v) => {
    out += `${first ? '' : ','}"${n}":${quote(v)}`;
    first = false;
  });
  return out + '}';
}

function matrixJson(series: RangeSeries[]): string {
  const sorted = [...series].sort((a, b) => compareLabels(a.labels, b.labels));
  const parts = sorted.map((s) => {
    const points: string[] = [];
    for (let i = 0; i < s.t.length; i++) points.push(`[${s.t[i]! / 1000},"${formatFloat(s.v[i]!)}"]`);
    return `{"metric":${metricJson(s.labels)},"values":[${points.join(',')}]}`;
  });
  return `{"resultType":"matrix","result":[${parts.join(',')}]}`;
}
