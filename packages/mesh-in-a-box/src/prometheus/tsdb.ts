// The built-in TSDB: scrapes as columns over the series index (see tsdb-column.ts: about a byte or half a byte per
// series, plus exact values for the rest), and every KEYFRAME_EVERY columns a full copy of the running values so a
// read starts close to where it needs. A mesh of 1.1M sample streams costs ~0.6-1.1 MB a scrape, against 8.8 MB as
// plain float64.
import type { LabelMatcher } from './label-matcher.js';
import type { SeriesLabels } from './labels.js';
import { SeriesIndex } from './series-index.js';
import {
  ABSENT,
  type Column,
  ESCAPE,
  MAX_DELTA,
  STALE,
  advance,
  codeAt,
  columnBytes,
  encodeColumn,
  encodeKeyframe,
  escapeValue,
  keyframeValue,
} from './tsdb-column.js';

const KEYFRAME_EVERY = 32;

/** The samples of one series in a time range; stale[i] marks a staleness marker (its value is NaN). */
export interface SeriesSamples {
  readonly id: number;
  readonly labels: SeriesLabels;
  readonly t: Float64Array;
  readonly v: Float64Array;
  readonly stale: Uint8Array;
}

export class Tsdb {
  readonly index = new SeriesIndex();
  private columns: Column[] = [];
  private nextSeq = 0;
  private last = new Float64Array(1024); // running value per series
  private present = new Uint8Array(1024); // had a sample in the latest column
  // A committed writer's working arrays (a byte a series each), lent to the next: at 5,000 workloads a scrape
  // otherwise allocated and dropped 2.4 MB of them.
  private scratch: { codes: Uint8Array; touched: Uint8Array } | undefined;
  readonly retentionMs: number;

  constructor(options: { retentionMs: number }) {
    this.retentionMs = options.retentionMs;
  }

  get oldestMs(): number | undefined {
    return this.columns[0]?.tMs;
  }

  get newestMs(): number | undefined {
    return this.columns[this.columns.length - 1]?.tMs;
  }

  get columnCount(): number {
    return this.columns.length;
  }

  /** Bytes held by sample data, for the memory budget. */
  get sampleBytes(): number {
    let n = 0;
    for (const c of this.columns) n += columnBytes(c);
    return n;
  }

  /**
   * Starts the column of one scrape (or of one timestamp of loaded data). With `markStale`, series that were present
   * in the previous column and are missing from this one get a staleness marker, as a Prometheus scrape does.
   */
  openColumn(tMs: number, options: { markStale: boolean }): ColumnWriter {
    const newest = this.newestMs;
    if (newest !== undefined && tMs <= newest) throw new RangeError(`out of order: ${tMs} ≤ ${newest}`);
    return new ColumnWriter(this, tMs, options.markStale);
  }

  /** The samples of the series that match, between mintMs and maxtMs inclusive (series with none are left out). */
  select(matchers: readonly LabelMatcher[], mintMs: number, maxtMs: number): SeriesSamples[] {
    const ids = this.index.select(matchers);
    const [from, to] = this.columnRange(mintMs, maxtMs);
    const out: SeriesSamples[] = [];
    if (from > to) return out;
    const start = this.keyframeColumnOf(from);
    const key = this.columns[start]!.keyframe!;
    const n = to - from + 1;
    // Most series have a sample in every column: they share one array of timestamps and one of "not stale", and
    // their values are views into one buffer, so a query over 300k series allocates a few objects per series.
    const allT = new Float64Array(n);
    for (let c = from; c <= to; c++) allT[c - from] = this.columns[c]!.tMs;
    const noneStale = new Uint8Array(n);
    const values = new Float64Array(n * ids.length);
    const t = new Float64Array(n);
    const stale = new Uint8Array(n);
    let used = 0;
    for (const id of ids) {
      let value = keyframeValue(key, id);
      let k = 0;
      let anyStale = false;
      for (let c = start; c <= to; c++) {
        const col = this.columns[c]!;
        const code = codeAt(col, id);
        if (code === ABSENT) continue;
        if (c > start) {
          if (code <= MAX_DELTA) value += code;
          else if (code === ESCAPE) value = escapeValue(col, id);
        }
        if (c < from) continue;
        t[k] = col.tMs;
        values[used + k] = code === STALE ? NaN : value;
        stale[k] = code === STALE ? 1 : 0;
        if (code === STALE) anyStale = true;
        k++;
      }
      if (k === 0) continue;
      out.push({
        id,
        labels: this.index.labelsOf(id),
        t: k === n ? allT : t.slice(0, k),
        v: values.subarray(used, used + k),
        stale: anyStale ? stale.slice(0, k) : noneStale.subarray(0, k),
      });
      used += k;
    }
    return out;
  }

  /**
   * Drops the columns older than the retention, relative to the newest column. The first column kept always has a
   * keyframe: when its group's keyframe goes, the dropped keyframe is carried forward to it (in place). Dropping
   * whole groups of KEYFRAME_EVERY columns instead kept up to half an hour more at 5,000 workloads (~45 MB).
   */
  private applyRetention(): void {
    const newest = this.newestMs;
    if (newest === undefined) return;
    let drop = 0;
    while (drop < this.columns.length - 1 && this.columns[drop]!.tMs < newest - this.retentionMs) drop++;
    if (drop === 0) return;
    const first = this.columns[drop]!;
    if (!first.keyframe) {
      const k = this.keyframeColumnOf(drop);
      let key = this.columns[k]!.keyframe!;
      for (let c = k + 1; c <= drop; c++) key = advance(key, this.columns[c]!);
      first.keyframe = key;
    }
    this.columns = this.columns.slice(drop);
  }

  /** The index of the column whose keyframe a read of column `c` starts from. */
  private keyframeColumnOf(c: number): number {
    return Math.max(0, c - (this.columns[c]!.seq % KEYFRAME_EVERY));
  }

  private columnRange(mintMs: number, maxtMs: number): [number, number] {
    return [lowerBound(this.columns, mintMs), lowerBound(this.columns, maxtMs + 1) - 1];
  }

  /** Used by ColumnWriter: `codes` has one byte per series, escapes are in ascending id order. */
  commit(
    column: { tMs: number; codes: Uint8Array; escIds: Int32Array; escValues: Float64Array },
    touched: Uint8Array,
    markStale: boolean,
  ): void {
    const seq = this.nextSeq++;
    const n = this.index.size;
    const codes = column.codes;
    for (let id = 0; id < n; id++) {
      if (touched[id]) continue;
      if (markStale && this.present[id]) codes[id] = STALE;
    }
    for (let id = 0; id < n; id++) this.present[id] = touched[id]!;
    // The column's own codes and escapes are the new values: a second array of running values for the open column
    // cost 8 bytes a series (~12 MB at 5,000 workloads) for nothing.
    advanceTouched(this.last, codes, column.escIds, column.escValues);
    const full = encodeColumn({ seq, ...column, last: this.last });
    if (seq % KEYFRAME_EVERY === 0) full.keyframe = encodeKeyframe(this.last, n);
    this.columns.push(full);
    this.applyRetention();
  }

  /** Working arrays of at least `size` bytes, codes all ABSENT and touched all 0; used by ColumnWriter. */
  borrowScratch(size: number): { codes: Uint8Array; touched: Uint8Array } {
    const scratch = this.scratch;
    this.scratch = undefined;
    if (!scratch || scratch.codes.length < size)
      return { codes: new Uint8Array(size).fill(ABSENT), touched: new Uint8Array(size) };
    scratch.codes.fill(ABSENT);
    scratch.touched.fill(0);
    return scratch;
  }

  /** Takes back a committed writer's working arrays. */
  returnScratch(scratch: { codes: Uint8Array; touched: Uint8Array }): void {
    this.scratch = scratch;
  }

  /** The running values (and presence), grown to the current series count; used by ColumnWriter. */
  state(): { last: Float64Array } {
    const n = this.index.size;
    if (this.last.length < n) {
      const size = Math.max(n, Math.ceil(this.last.length * 1.5));
      const last = new Float64Array(size);
      last.set(this.last);
      const present = new Uint8Array(size);
      present.set(this.present);
      this.last = last;
      this.present = present;
    }
    return { last: this.last };
  }
}

/** Collects one column's samples; series may be created while it is open. */
export class ColumnWriter {
  private codes: Uint8Array;
  private touched: Uint8Array;
  private escIds: number[] = [];
  private escValues: number[] = [];
  private samples = 0;
  private last: Float64Array;

  constructor(
    private readonly tsdb: Tsdb,
    readonly tMs: number,
    private readonly markStale: boolean,
  ) {
    ({ last: this.last } = tsdb.state());
    // Sized for the series known so far, so a scrape of a million series does not grow its arrays step by step.
    const size = Math.max(1024, tsdb.index.size + (tsdb.index.size >> 4));
    ({ codes: this.codes, touched: this.touched } = tsdb.borrowScratch(size));
  }

  get sampleCount(): number {
    return this.samples;
  }

  /** Sets the value of series `id` (from tsdb.index.seriesFor); a second value for the same series is ignored. */
  set(id: number, value: number): void {
    if (id >= this.codes.length) this.grow(id + 1);
    if (this.touched[id]) return;
    this.touched[id] = 1;
    this.samples++;
    if (id >= this.last.length) ({ last: this.last } = this.tsdb.state());
    // The running value changes only when the column is committed, so an abandoned column leaves no trace.
    const previous = this.last[id]!;
    const delta = value - previous;
    if (delta >= 0 && delta <= MAX_DELTA && Number.isInteger(delta) && previous + delta === value) {
      this.codes[id] = delta;
    } else {
      this.codes[id] = ESCAPE;
      this.escIds.push(id);
      this.escValues.push(value);
    }
  }

  commit(): void {
    const n = this.tsdb.index.size;
    if (this.codes.length < n) this.grow(n);
    const order = this.escIds.map((_, i) => i).sort((a, b) => this.escIds[a]! - this.escIds[b]!);
    this.tsdb.state();
    this.tsdb.commit(
      {
        tMs: this.tMs,
        codes: this.codes.slice(0, n),
        escIds: Int32Array.from(order, (i) => this.escIds[i]!),
        escValues: Float64Array.from(order, (i) => this.escValues[i]!),
      },
      this.touched,
      this.markStale,
    );
    this.tsdb.returnScratch({ codes: this.codes, touched: this.touched });
  }

  private grow(n: number): void {
    const size = Math.max(n, Math.ceil(this.codes.length * 1.5));
    const codes = new Uint8Array(size).fill(ABSENT);
    codes.set(this.codes);
    const touched = new Uint8Array(size);
    touched.set(this.touched);
    this.codes = codes;
    this.touched = touched;
  }
}

/** Applies a column's byte codes and escapes to the running values (stale and absent series keep theirs). */
function advanceTouched(last: Float64Array, codes: Uint8Array, escIds: Int32Array, escValues: Float64Array): void {
  for (let id = 0; id < codes.length; id++) {
    const code = codes[id]!;
    if (code <= MAX_DELTA) last[id]! += code;
  }
  for (let i = 0; i < escIds.length; i++) last[escIds[i]!] = escValues[i]!;
}

function lowerBound(columns: readonly Column[], tMs: number): number {
  let lo = 0;
  let hi = columns.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (columns[mid]!.tMs < tMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
