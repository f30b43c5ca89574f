// One column of the built-in TSDB: a code per series (the delta from the series' previous value when that is a small
// whole number, as counters mostly are between scrapes; else an escape to the exact value, a staleness marker or
// absence) plus the exact values of the escapes. Codes take a byte each, or half a byte when nearly all deltas are
// under 12: between the bench's scrapes 96% are (a 5,000-workload column shrinks from 1.1 MB to 0.6 MB); a column of a
// busier interval, where packing would push many deltas out to 12-byte escapes, keeps whole bytes.

export const MAX_DELTA = 250;
export const ESCAPE = 251; // the exact value is in the column's escape list
export const STALE = 252; // Prometheus' staleness marker: the series went away at this scrape
export const ABSENT = 253;

// Half-byte codes: 0..NIBBLE_MAX_DELTA are deltas, then these three.
const NIBBLE_MAX_DELTA = 11;
const NIBBLE_ESCAPE = 12;
const NIBBLE_STALE = 13;
const NIBBLE_ABSENT = 14;
const FROM_NIBBLE = Uint8Array.from({ length: 16 }, (_, n) =>
  n <= NIBBLE_MAX_DELTA ? n : n === NIBBLE_ESCAPE ? ESCAPE : n === NIBBLE_STALE ? STALE : ABSENT,
);

export interface Column {
  readonly seq: number;
  readonly tMs: number;
  /** Series ids below this have a code; the rest are absent. */
  readonly seriesCount: number;
  /** One byte per series, or two codes per byte (low half first) when `packed`. */
  readonly codes: Uint8Array;
  readonly packed: boolean;
  readonly escIds: Int32Array; // ascending
  readonly escValues: Float64Array;
  keyframe?: Keyframe; // running values after this column, every KEYFRAME_EVERY columns
}

/**
 * The running value of every series after a column. Nearly all are whole numbers under 2^32 (counters, bucket
 * counts), kept in 4 bytes; the rest (sums, NaN, -0, larger numbers) exactly, as escapes. At 5,000 workloads a
 * keyframe of 1.2M series took 9.7 MB as float64, and the TSDB holds three or four of them.
 */
export interface Keyframe {
  readonly length: number;
  readonly whole: Uint32Array; // KEY_ESCAPE: the value is among the escapes
  readonly escIds: Int32Array; // ascending
  readonly escValues: Float64Array;
}

const KEY_ESCAPE = 0xffffffff;
const isWhole = (v: number) => v >= 0 && v < KEY_ESCAPE && Number.isInteger(v) && !Object.is(v, -0);

/** The keyframe of the first `n` running values. */
export function encodeKeyframe(values: Float64Array, n: number): Keyframe {
  const whole = new Uint32Array(n);
  const ids: number[] = [];
  const escapes: number[] = [];
  for (let id = 0; id < n; id++) {
    const v = values[id]!;
    if (isWhole(v)) whole[id] = v;
    else {
      whole[id] = KEY_ESCAPE;
      ids.push(id);
      escapes.push(v);
    }
  }
  return { length: n, whole, escIds: Int32Array.from(ids), escValues: Float64Array.from(escapes) };
}

/** The running value of series `id` in the keyframe (0 for a series it does not reach). */
export function keyframeValue(key: Keyframe, id: number): number {
  if (id >= key.length) return 0;
  const w = key.whole[id]!;
  return w !== KEY_ESCAPE ? w : escapeValue(key, id);
}

/** The code of series `id` in the column (a delta up to MAX_DELTA, ESCAPE, STALE or ABSENT). */
export function codeAt(col: Column, id: number): number {
  if (id >= col.seriesCount) return ABSENT;
  if (!col.packed) return col.codes[id]!;
  const byte = col.codes[id >> 1]!;
  return FROM_NIBBLE[id & 1 ? byte >> 4 : byte & 15]!;
}

/**
 * The column to keep for byte codes and escapes (ascending ids), packed when that is smaller. `last` holds the
 * series' values after this column, for deltas that half a byte cannot hold and that become escapes.
 */
export function encodeColumn(options: {
  seq: number;
  tMs: number;
  codes: Uint8Array;
  escIds: Int32Array;
  escValues: Float64Array;
  last: Float64Array;
}): Column {
  const { codes, escIds, escValues } = options;
  const n = codes.length;
  let bigDeltas = 0;
  for (let id = 0; id < n; id++) {
    const code = codes[id]!;
    if (code > NIBBLE_MAX_DELTA && code <= MAX_DELTA) bigDeltas++;
  }
  const whole = { seq: options.seq, tMs: options.tMs, seriesCount: n, codes, packed: false, escIds, escValues };
  if ((n + 1) / 2 + bigDeltas * 12 >= n * 0.9) return whole;
  const packed = new Uint8Array((n + 1) >> 1);
  const ids = new Int32Array(escIds.length + bigDeltas);
  const values = new Float64Array(escIds.length + bigDeltas);
  let e = 0; // next of the given escapes
  let out = 0;
  for (let id = 0; id < n; id++) {
    const code = codes[id]!;
    let nibble: number;
    if (code <= NIBBLE_MAX_DELTA) nibble = code;
    else if (code <= MAX_DELTA || code === ESCAPE) {
      nibble = NIBBLE_ESCAPE;
      ids[out] = id;
      // A big delta's value is exact: the writer checked previous + delta === value.
      values[out++] = code === ESCAPE ? escValues[e++]! : options.last[id]!;
    } else nibble = code === STALE ? NIBBLE_STALE : NIBBLE_ABSENT;
    packed[id >> 1]! |= id & 1 ? nibble << 4 : nibble;
  }
  return { ...whole, codes: packed, packed: true, escIds: ids, escValues: values };
}

/** The exact value of an escaped series in the column (or keyframe). */
export function escapeValue(
  col: { readonly escIds: Int32Array; readonly escValues: Float64Array },
  id: number,
): number {
  let lo = 0;
  let hi = col.escIds.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const x = col.escIds[mid]!;
    if (x === id) return col.escValues[mid]!;
    if (x < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return NaN;
}

/**
 * The keyframe after `col`, from the one before it: its whole numbers are advanced in place (when long enough), so
 * carrying a keyframe forward makes no float64 copy of every series.
 */
export function advance(key: Keyframe, col: Column): Keyframe {
  const n = Math.max(key.length, col.seriesCount);
  let whole = key.whole;
  if (whole.length < n) {
    whole = new Uint32Array(n);
    whole.set(key.whole);
  }
  const ids: number[] = [];
  const escapes: number[] = [];
  let e = 0; // the keyframe's next escape
  let c = 0; // the column's next escape
  for (let id = 0; id < n; id++) {
    let value = 0;
    if (id < key.length) {
      const w = key.whole[id]!;
      value = w === KEY_ESCAPE ? key.escValues[e++]! : w;
    }
    const code = codeAt(col, id);
    if (code <= MAX_DELTA) value += code;
    else if (code === ESCAPE) value = col.escIds[c] === id ? col.escValues[c++]! : escapeValue(col, id);
    if (isWhole(value)) whole[id] = value;
    else {
      whole[id] = KEY_ESCAPE;
      ids.push(id);
      escapes.push(value);
    }
  }
  return { length: n, whole, escIds: Int32Array.from(ids), escValues: Float64Array.from(escapes) };
}

/** Bytes the column holds, for the memory budget. */
export function columnBytes(col: Column): number {
  const key = col.keyframe;
  return col.codes.length + col.escIds.length * 12 + (key ? key.whole.length * 4 + key.escIds.length * 12 : 0);
}
