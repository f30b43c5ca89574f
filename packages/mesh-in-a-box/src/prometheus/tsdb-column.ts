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
  keyframe?: Float64Array; // running values after this column, every KEYFRAME_EVERY columns
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

/** The exact value of an escaped series in the column. */
export function escapeValue(col: Column, id: number): number {
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

/** The running values after `col`, from those before it (`key` is reused when it is long enough). */
export function advance(key: Float64Array, col: Column): Float64Array {
  if (key.length < col.seriesCount) {
    const longer = new Float64Array(col.seriesCount);
    longer.set(key);
    key = longer;
  }
  for (let id = 0; id < col.seriesCount; id++) {
    const code = codeAt(col, id);
    if (code <= MAX_DELTA) key[id]! += code;
  }
  for (let i = 0; i < col.escIds.length; i++) key[col.escIds[i]!] = col.escValues[i]!;
  return key;
}

/** Bytes the column holds, for the memory budget. */
export function columnBytes(col: Column): number {
  return col.codes.length + col.escIds.length * 12 + (col.keyframe?.length ?? 0) * 8;
}
