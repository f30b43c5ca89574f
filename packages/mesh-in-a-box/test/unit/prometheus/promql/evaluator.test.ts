import { describe, expect, it } from 'vitest';
import { toRecord } from '../../../../src/prometheus/labels.js';
import { loadExposition } from '../../../../src/prometheus/load-exposition.js';
import { Evaluator } from '../../../../src/prometheus/promql/evaluator.js';
import { parsePromql } from '../../../../src/prometheus/promql/parse-promql.js';
import { Tsdb } from '../../../../src/prometheus/tsdb.js';

function db(lines: string[]): Tsdb {
  const tsdb = new Tsdb({ retentionMs: 1e12 });
  loadExposition(tsdb, `${lines.join('\n')}\n`, { timestampUnit: 's' });
  return tsdb;
}

function instant(tsdb: Tsdb, query: string, atSeconds: number): [Record<string, string>, number][] {
  const r = new Evaluator(tsdb, { startMs: atSeconds * 1000, endMs: atSeconds * 1000, stepMs: 1 }).run(
    parsePromql(query),
  );
  if (r.resultType !== 'vector') throw new Error(r.resultType);
  return r.samples.map((s) => [toRecord(s.labels), s.value]);
}

describe('the PromQL evaluator', () => {
  it('extrapolates rate to the range boundaries as Prometheus does', () => {
    // Samples 15 s apart from t=100 to t=160 counting 0,15,30,45,60. Over [110, 170] the first sample inside is at
    // 115 (15), the last at 160 (60): 45 over 45 s, extended by 5 s and 10 s (both under 1.1 × 15 s) → 60, 1/s.
    // Over [115, 170] the start needs no extension: 45 × 55/45.
    const tsdb = db([100, 115, 130, 145, 160].map((t, i) => `c_total ${i * 15} ${t}`));
    expect(instant(tsdb, 'increase(c_total[55s])', 170)[0]![1]).toBeCloseTo(55, 10);
    expect(instant(tsdb, 'rate(c_total[1m])', 170)).toEqual([[{}, 1]]);
  });

  it('adds the value before a counter reset', () => {
    const tsdb = db(['c_total 10 0', 'c_total 20 10', 'c_total 5 20', 'c_total 15 30']);
    // 10 + 5 (reset: +20) + 10 = 25 over 30 s, extrapolated by 5 s at each end (half the spacing): 25 × 40/30.
    expect(instant(tsdb, 'increase(c_total[40s])', 35)[0]![1]).toBeCloseTo((25 * 40) / 30, 10);
  });

  it('looks back five minutes for an instant selector, no further', () => {
    const tsdb = db(['g 1 100']);
    expect(instant(tsdb, 'g', 400)).toEqual([[{ __name__: 'g' }, 1]]);
    expect(instant(tsdb, 'g', 400.001)).toEqual([]);
  });

  it('computes histogram_quantile by interpolating inside the bucket', () => {
    const tsdb = db(['h_bucket{le="10"} 50 100', 'h_bucket{le="20"} 90 100', 'h_bucket{le="+Inf"} 100 100']);
    // rank 75 falls in (10, 20] holding 40: 10 + 10 × (25/40).
    expect(instant(tsdb, 'histogram_quantile(0.75, h_bucket)', 100)).toEqual([[{}, 16.25]]);
    expect(instant(tsdb, 'histogram_quantile(0.99, h_bucket)', 100)).toEqual([[{}, 20]]);
  });

  it('expands label_replace templates as Go does: $1x names a group called 1x', () => {
    const tsdb = db(['m{a="abc"} 1 100']);
    expect(instant(tsdb, 'label_replace(m, "b", "${1}x-$1x", "a", "(a)(.*)")', 100)).toEqual([
      [{ __name__: 'm', a: 'abc', b: 'ax-' }, 1],
    ]);
  });

  it('refuses two series with the same labels after the name is dropped', () => {
    const tsdb = db(['a{k="v"} 1 100', 'b{k="v"} 2 100']);
    expect(() => instant(tsdb, 'abs({k="v"})', 100)).toThrow('vector cannot contain metrics with the same labelset');
  });

  it('matches one-to-one on all labels but the name, and refuses many-to-many', () => {
    const tsdb = db([
      'a{k="1"} 6 100',
      'a{k="2"} 8 100',
      'b{k="1"} 2 100',
      'b{k="2"} 4 100',
      'c{j="x"} 1 100',
      'c{j="y"} 1 100',
    ]);
    expect(instant(tsdb, 'a / b', 100)).toEqual([
      [{ k: '1' }, 3],
      [{ k: '2' }, 2],
    ]);
    expect(() => instant(tsdb, 'a + on() c', 100)).toThrow(/many-to-many matching not allowed/);
  });

  it('evaluates a range query step by step and a subquery on steps aligned to the epoch', () => {
    const tsdb = db([0, 60, 120, 180].map((t) => `g ${t / 60} ${t}`));
    const r = new Evaluator(tsdb, { startMs: 120_000, endMs: 180_000, stepMs: 60_000 }).run(
      parsePromql('max_over_time(g[2m:1m])'),
    );
    expect(r.resultType === 'matrix' && r.series.map((s) => Array.from(s.v))).toEqual([[2, 3]]);
  });
});
