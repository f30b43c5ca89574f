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

// Durations are whole milliseconds: their bins, looked up instead of computed, up to 10 s.
const SMALL_BINS = Int32Array.from({ length: 10_000 }, (_, value) => binOf(value));
const binOfValue = (value: number) =>
  Number.isInteger(value) && value >= 0 && value < 10_000 ? SMALL_BINS[value]! : binOf(value);

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

interface Window {
  index: number;
  bins: Map<number, number>;
}

const NO_WINDOW: Window = Object.freeze({ index: -1, bins: new Map<number, number>() }) as Window;

/**
 * One Envoy histogram: every value since start (cumulative) and the values of the last flush intervals. Counts live in
 * maps from bin to count (small integers), about 30 bytes a bin: thousands of clusters each keep one.
 */
export class LogLinearHistogram {
  private readonly bins = new Map<number, number>();
  private current: Window = NO_WINDOW;
  private previous: Window = NO_WINDOW;
  count = 0;

  /** Records one value (ms, as Envoy records durations: whole milliseconds) measured at `atMs`. */
  record(value: number, atMs: number): void {
    const key = binOfValue(value);
    this.count++;
    this.bins.set(key, (this.bins.get(key) ?? 0) + 1);
    const index = Math.floor(atMs / FLUSH_INTERVAL_MS);
    if (index > this.current.index) this.advance(index);
    // A value of an older interval than the last two only counts since start.
    const window = index === this.current.index ? this.current : index === this.previous.index ? this.previous : null;
    if (window) window.bins.set(key, (window.bins.get(key) ?? 0) + 1);
  }

  /**
   * A new flush interval begins. The two windows' maps are reused: a map made at every flush of every cluster would
   * live ~10 s, long enough to be promoted to the old space, and then die there (thousands of them a minute).
   */
  private advance(index: number): void {
    const spare = this.previous === NO_WINDOW ? { index: -1, bins: new Map<number, number>() } : this.previous;
    if (this.current.index === index - 1) this.previous = this.current;
    else if (this.current !== NO_WINDOW) {
      this.current.index = -1; // too old to be read: it ends as the spare of the next interval
      this.current.bins.clear();
      this.previous = this.current;
    } else this.previous = NO_WINDOW;
    spare.index = index;
    spare.bins.clear();
    this.current = spare;
  }

  /**
   * Cumulative counts at each bound, as /stats/prometheus prints them: a bin counts below a bound only when it lies
   * wholly at or under it (circllhist's hist_approx_count_below); the sum takes each bin's middle.
   */
  buckets(bounds: readonly number[]): { counts: number[]; sum: number; count: number } {
    const counts = bounds.map(() => 0);
    let sum = 0;
    for (const [key, count] of this.bins) {
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
    return { interval: quantiles([...(window?.bins ?? [])]), cumulative: quantiles([...this.bins]) };
  }
}
