// Envoy keeps its histograms in circllhist: log-linear bins of two significant digits (2.0–2.1, 35000–36000, …), and
// prints quantiles interpolated inside a bin, hence figures such as P25(nan,2.06878) in /stats. It merges the worker
// histograms once per stats flush (Istio: every 5 s), so the "interval" half of each figure covers the last flush.

/** The quantiles /stats prints (Envoy's HistogramOptionsImpl::defaultQuantiles). */
export const SUPPORTED_QUANTILES = [0, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.995, 0.999, 1];

/** Istio's default stats flush interval (pilot-agent's statsFlushInterval). */
export const FLUSH_INTERVAL_MS = 5_000;

const ZERO_BIN = -1;

/** A bin key for a non-negative value: -1 for zero, else exponent × 128 + the two leading digits (10–99). */
function binOf(value: number): number {
  if (value <= 0) return ZERO_BIN;
  const exponent = Math.floor(Math.log10(value));
  let digits = Math.floor(value / 10 ** (exponent - 1));
  if (digits >= 100) digits = 99; // rounding at a power of ten
  if (digits < 10) digits = 10;
  return (exponent + 64) * 128 + digits;
}

// Durations are whole milliseconds, nearly all under 10 s: those fall in 280 bins (zero, then 9 + 90 + 90 + 90 over
// the four decades), counted in a dense array indexed through a lookup table; other values in a map.
const SMALL_LIMIT = 10_000;
const SMALL_BIN_OF = Array.from({ length: SMALL_LIMIT }, (_, value) => binOf(value));
const SMALL_KEYS = [...new Set(SMALL_BIN_OF)].sort((a, b) => a - b);
const SLOT_OF_KEY = new Map(SMALL_KEYS.map((key, slot) => [key, slot]));
const SMALL_SLOT = Int16Array.from(SMALL_BIN_OF, (key) => SLOT_OF_KEY.get(key)!);
const slotOf = (value: number) =>
  Number.isInteger(value) && value >= 0 && value < SMALL_LIMIT ? SMALL_SLOT[value]! : -1;

function binBounds(key: number): { left: number; width: number } {
  if (key === ZERO_BIN) return { left: 0, width: 0 };
  const exponent = Math.floor(key / 128) - 64;
  const digits = key % 128;
  const width = 10 ** (exponent - 1);
  return { left: digits * width, width };
}

function quantiles(bins: [number, number][]): number[] {
  let total = 0;
  for (const [, count] of bins) total += count;
  if (total === 0) return SUPPORTED_QUANTILES.map(() => Number.NaN);
  const sorted = bins.filter(([, count]) => count > 0).sort((a, b) => a[0] - b[0]);
  return SUPPORTED_QUANTILES.map((q) => {
    const rank = q * total;
    let before = 0;
    for (const [key, count] of sorted) {
      if (before + count >= rank) {
        const { left, width } = binBounds(key);
        return left + (width * (rank - before)) / count;
      }
      before += count;
    }
    const { left, width } = binBounds(sorted[sorted.length - 1]![0]);
    return left + width;
  });
}

/** The values of one flush interval: few (a cluster sees a handful of requests in 5 s), kept as pairs of bin and count. */
interface Window {
  index: number;
  keys: number[];
  counts: number[];
}

const NO_WINDOW: Window = Object.freeze({ index: -1, keys: [], counts: [] }) as Window;

function countIn(window: Window, key: number): void {
  const at = window.keys.indexOf(key);
  if (at >= 0) window.counts[at]!++;
  else {
    window.keys.push(key);
    window.counts.push(1);
  }
}

/**
 * One Envoy histogram: every value since start (cumulative) and the values of the last flush intervals. Thousands of
 * clusters each keep one, so the cumulative counts are a dense array of the 280 bins under 10 s (1.1 KB, where a map
 * of a busy cluster's ~150 bins took ~7 KB), and a flush interval's few values short arrays reused from one interval to
 * the next.
 */
export class LogLinearHistogram {
  private readonly small = new Uint32Array(SMALL_KEYS.length);
  private large: Map<number, number> | undefined;
  private current: Window = NO_WINDOW;
  private previous: Window = NO_WINDOW;
  count = 0;

  /** Records one value (ms, as Envoy records durations: whole milliseconds) measured at `atMs`. */
  record(value: number, atMs: number): void {
    const slot = slotOf(value);
    const key = slot >= 0 ? SMALL_KEYS[slot]! : binOf(value);
    this.count++;
    if (slot >= 0) this.small[slot]!++;
    else (this.large ??= new Map()).set(key, (this.large.get(key) ?? 0) + 1);
    const index = Math.floor(atMs / FLUSH_INTERVAL_MS);
    if (index > this.current.index) this.advance(index);
    // A value of an older interval than the last two only counts since start.
    const window = index === this.current.index ? this.current : index === this.previous.index ? this.previous : null;
    if (window) countIn(window, key);
  }

  /** Every bin that counted a value since start, with its count. */
  private bins(): [number, number][] {
    const out: [number, number][] = [];
    for (let slot = 0; slot < SMALL_KEYS.length; slot++)
      if (this.small[slot]! > 0) out.push([SMALL_KEYS[slot]!, this.small[slot]!]);
    for (const entry of this.large ?? []) out.push(entry);
    return out;
  }

  /** A new flush interval begins; the two windows' arrays are reused, so an interval makes no garbage. */
  private advance(index: number): void {
    const spare = this.previous === NO_WINDOW ? { index: -1, keys: [], counts: [] } : this.previous;
    if (this.current.index === index - 1) this.previous = this.current;
    else if (this.current !== NO_WINDOW) {
      this.current.index = -1; // too old to be read: it ends as the spare of the next interval
      this.current.keys.length = this.current.counts.length = 0;
      this.previous = this.current;
    } else this.previous = NO_WINDOW;
    spare.index = index;
    spare.keys.length = spare.counts.length = 0;
    this.current = spare;
  }

  /**
   * Cumulative counts at each bound, as /stats/prometheus prints them: a bin counts below a bound only when it lies
   * wholly at or under it (circllhist's hist_approx_count_below); the sum takes each bin's middle.
   */
  buckets(bounds: readonly number[]): { counts: number[]; sum: number; count: number } {
    const counts = bounds.map(() => 0);
    let sum = 0;
    for (const [key, count] of this.bins()) {
      const { left, width } = binBounds(key);
      sum += (left + width / 2) * count;
      for (let i = 0; i < bounds.length; i++) if (left + width <= bounds[i]!) counts[i]! += count;
    }
    return { counts, sum, count: this.count };
  }

  /** Quantiles of the last complete flush interval before `nowMs` (NaN when it saw no value) and since start. */
  summary(nowMs: number): { interval: number[]; cumulative: number[] } {
    const last = Math.floor(nowMs / FLUSH_INTERVAL_MS) - 1;
    const window = this.current.index === last ? this.current : this.previous.index === last ? this.previous : null;
    const pairs = window ? window.keys.map((key, i): [number, number] => [key, window.counts[i]!]) : [];
    return { interval: quantiles(pairs), cumulative: quantiles(this.bins()) };
  }
}
