import { describe, expect, it } from 'vitest';
import { labelMatcher } from '../../../src/prometheus/label-matcher.js';
import { LabelSet } from '../../../src/prometheus/labels.js';
import { NO_SYMBOL } from '../../../src/prometheus/series-index.js';
import { Tsdb } from '../../../src/prometheus/tsdb.js';

function seriesOf(tsdb: Tsdb, name: string, labels: Record<string, string> = {}): number {
  return tsdb.index.seriesFor(
    tsdb.index.base(LabelSet.fromRecord(labels)),
    tsdb.index.symbol(name),
    NO_SYMBOL,
    Math.random(),
  );
}

const byName = (name: string) => [labelMatcher('__name__', '=', name)];

describe('the built-in TSDB', () => {
  it('gives back exactly the values written: small and large steps, resets, fractions, NaN and infinities', () => {
    const tsdb = new Tsdb({ retentionMs: 10 * 3_600_000 });
    const values = [0, 1, 1, 251, 100_000, 3, 3.25, -7, NaN, 5, Infinity, 2 ** 53 - 1, 0.1 + 0.2];
    for (let round = 0; round < 3; round++) {
      for (const [i, v] of values.entries()) {
        const w = tsdb.openColumn((round * values.length + i + 1) * 1000, { markStale: false });
        w.set(seriesOf(tsdb, 'm'), v);
        w.commit();
      }
    }
    const [s] = tsdb.select(byName('m'), 0, Infinity);
    expect(Array.from(s!.v)).toEqual([...values, ...values, ...values]);
    expect(Array.from(s!.t.slice(0, 3))).toEqual([1000, 2000, 3000]);
  });

  it('marks a series stale at the first scrape that misses it, and keeps no sample after', () => {
    const tsdb = new Tsdb({ retentionMs: 3_600_000 });
    const a = seriesOf(tsdb, 'a');
    const b = seriesOf(tsdb, 'b');
    for (let t = 1; t <= 4; t++) {
      const w = tsdb.openColumn(t * 1000, { markStale: true });
      w.set(a, t);
      if (t <= 2) w.set(b, t * 10);
      w.commit();
    }
    const [sb] = tsdb.select(byName('b'), 0, Infinity);
    expect(Array.from(sb!.t)).toEqual([1000, 2000, 3000]);
    expect(Array.from(sb!.stale)).toEqual([0, 0, 1]);
  });

  it('leaves a missing sample of loaded data absent, with no staleness marker', () => {
    const tsdb = new Tsdb({ retentionMs: 3_600_000 });
    const a = seriesOf(tsdb, 'a');
    for (const t of [1, 2, 3]) {
      const w = tsdb.openColumn(t * 1000, { markStale: false });
      if (t !== 2) w.set(a, t);
      w.commit();
    }
    const [s] = tsdb.select(byName('a'), 0, Infinity);
    expect({ t: Array.from(s!.t), stale: Array.from(s!.stale) }).toEqual({ t: [1000, 3000], stale: [0, 0] });
  });

  it('keeps at least its retention and reads correctly across many keyframes', () => {
    const tsdb = new Tsdb({ retentionMs: 100_000 });
    const id = seriesOf(tsdb, 'c', { k: 'v' });
    for (let t = 1; t <= 500; t++) {
      const w = tsdb.openColumn(t * 1000, { markStale: true });
      w.set(id, t * 3 + (t % 7 === 0 ? 0.5 : 0));
      w.commit();
    }
    expect(tsdb.oldestMs).toBeLessThanOrEqual(400_000);
    expect(tsdb.oldestMs).toBeGreaterThan(300_000);
    const [s] = tsdb.select(byName('c'), 450_000, 455_000);
    expect(Array.from(s!.v)).toEqual([450, 451, 452, 453, 454, 455].map((t) => t * 3 + (t % 7 === 0 ? 0.5 : 0)));
  });

  it('drops columns one by one past its retention and still reads every value kept, across keyframes', () => {
    const tsdb = new Tsdb({ retentionMs: 10_000 });
    const counter = seriesOf(tsdb, 'c');
    const written: { t: number; v: number }[] = [];
    let late: number | undefined;
    for (let t = 1; t <= 100; t++) {
      const w = tsdb.openColumn(t * 1000, { markStale: true });
      // small steps, a fraction every 5th (an escape), and a series that appears at 40
      const v = t * 2 + (t % 5 === 0 ? 0.25 : 0);
      w.set(counter, v);
      written.push({ t: t * 1000, v });
      if (t === 40) late = seriesOf(tsdb, 'late');
      if (late !== undefined) w.set(late, t);
      w.commit();
      const [s] = tsdb.select(byName('c'), 0, Infinity);
      const kept = written.filter((x) => x.t >= t * 1000 - 10_000);
      expect({ t: Array.from(s!.t), v: Array.from(s!.v) }).toEqual({
        t: kept.map((x) => x.t),
        v: kept.map((x) => x.v),
      });
    }
    expect(tsdb.columnCount).toBe(11);
    const [l] = tsdb.select(byName('late'), 95_000, 100_000);
    expect(Array.from(l!.v)).toEqual([95, 96, 97, 98, 99, 100]);
  });

  it('gives back every value of a mesh-like scrape, whose columns are kept at half a byte a series', () => {
    const tsdb = new Tsdb({ retentionMs: 40_000 });
    const ids = Array.from({ length: 1001 }, (_, i) => seriesOf(tsdb, 'm', { i: String(i) }));
    const written = new Map<number, { t: number; v: number }[]>(ids.map((id) => [id, []]));
    const value = new Map<number, number>(ids.map((id) => [id, 0]));
    for (let t = 1; t <= 80; t++) {
      const w = tsdb.openColumn(t * 1000, { markStale: true });
      for (const [i, id] of ids.entries()) {
        // Mostly small steps; every 100th series a big one (12..250, an escape when packed), a fraction or a reset,
        // every 97th is missing now and then (a staleness marker).
        if (i % 97 === 0 && t % 9 === 0) continue;
        const step =
          i % 100 === 0
            ? 12 + ((i + t) % 239)
            : i % 100 === 1
              ? 0.5
              : i % 100 === 2 && t % 10 === 0
                ? -1
                : (i + t) % 12;
        const v = step < 0 ? 0 : value.get(id)! + step;
        value.set(id, v);
        w.set(id, v);
        written.get(id)!.push({ t: t * 1000, v });
      }
      w.commit();
    }
    // Whole bytes would take a byte a series a column (plus the escapes); half a byte and ~20 escapes take ~75%.
    const keyframeBytes = 3 * ids.length * 8;
    expect(tsdb.sampleBytes - keyframeBytes).toBeLessThan(tsdb.columnCount * ids.length * 0.8);
    const got = new Map(tsdb.select(byName('m'), 0, Infinity).map((s) => [s.id, s]));
    for (const id of ids) {
      const s = got.get(id)!;
      const kept = written.get(id)!.filter((x) => x.t >= tsdb.oldestMs!);
      const live = Array.from(s.t).flatMap((t, k) => (s.stale[k] ? [] : [{ t, v: s.v[k]! }]));
      expect(live).toEqual(kept);
    }
  });

  it('reads values that are not small whole numbers exactly from keyframes carried past the retention', () => {
    // Keyframes keep whole numbers under 2^32 in 4 bytes and every other value exactly: each series below holds one
    // such value while its keyframe is carried forward column by column.
    const tsdb = new Tsdb({ retentionMs: 5_000 });
    const kinds = [2 ** 32, 2 ** 32 - 1, -3, 0.5, NaN, 7 * 2 ** 40 + 0.25, Infinity];
    const ids = kinds.map((_, i) => seriesOf(tsdb, 'k', { i: String(i) }));
    for (let t = 1; t <= 100; t++) {
      const w = tsdb.openColumn(t * 1000, { markStale: false });
      // Unchanged most of the time (a delta of 0), so the value is read from the keyframe and not from an escape.
      for (const [i, id] of ids.entries()) w.set(id, t % 40 === 0 ? kinds[i]! + 1 : kinds[i]!);
      w.commit();
    }
    const read = new Map(tsdb.select(byName('k'), 97_000, 99_000).map((s) => [s.id, Array.from(s.v)]));
    for (const [i, id] of ids.entries()) {
      for (const v of read.get(id)!)
        expect(Object.is(v, kinds[i]) || (Number.isNaN(v) && Number.isNaN(kinds[i]!))).toBe(true);
    }
  });

  it('refuses a column older than the newest', () => {
    const tsdb = new Tsdb({ retentionMs: 1000 });
    tsdb.openColumn(5, { markStale: false }).commit();
    expect(() => tsdb.openColumn(5, { markStale: false })).toThrow(/out of order/);
  });
});
