// Envoy keeps its histograms in circllhist: log-linear bins of two significant digits (2.0–2.1, 35000–36000, …), and
// prints quantiles interpolated inside a bin, hence figures such as P25(nan,2.06878) in /stats. It merges the worker
// histograms once per stats flush (Istio: every 5 s), so the "interval" half of each figure covers the last flush.

/** The quantiles /stats prints (Envoy's HistogramOptionsImpl::defaultQuantiles). */
export const SUPPORTED_QUANTILES = [0, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.995, 0.999, 1];

/** Istio's default stats flush interval (pilot-agent's statsFlushInterval). */
export const FLUSH_INTERVAL_MS = 5_000;

interface Window {
  index: number;
  bins: Map<number, number>;
}

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

function binBounds(key: number): { left: number; width: number } {
  if (key === ZERO_BIN) return { left: 0, width: 0 };
  const exponent = Math.floor(key / 128) - 64;
  const digits = key % 128;
  const width = 10 ** (exponent - 1);
  return { left: digits * width, width };
}

function quantiles(bins: Map<number, number>): number[] {
  let total = 0;
  for (const count of bins.values()) total += count;
  if (total === 0) return SUPPORTED_QUANTILES.map(() => Number.NaN);
  const sorted = [...bins.entries()].sort((a, b) => a[0] - b[0]);
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

/** One Envoy histogram: every value since start (cumulative) and the values of the last flush interval. */
export class LogLinearHistogram {
  private readonly cumulative = new Map<number, number>();
  private current: Window = { index: -1, bins: new Map() };
  private previous: Window = { index: -2, bins: new Map() };
  count = 0;

  /** Records one value (ms, as Envoy records durations: whole milliseconds) measured at `atMs`. */
  record(value: number, atMs: number): void {
    const bin = binOf(value);
    this.cumulative.set(bin, (this.cumulative.get(bin) ?? 0) + 1);
    this.count++;
    const index = Math.floor(atMs / FLUSH_INTERVAL_MS);
    if (index > this.current.index) {
      this.previous = this.current.index === index - 1 ? this.current : { index: index - 1, bins: new Map() };
      this.current = { index, bins: new Map() };
    }
    const window = index === this.current.index ? this.current : index === this.previous.index ? this.previous : null;
    if (window) window.bins.set(bin, (window.bins.get(bin) ?? 0) + 1);
  }

  /** Quantiles of the last complete flush interval before `nowMs` (NaN when it saw no value) and since start. */
  summary(nowMs: number): { interval: number[]; cumulative: number[] } {
    const last = Math.floor(nowMs / FLUSH_INTERVAL_MS) - 1;
    const window = this.current.index === last ? this.current : this.previous.index === last ? this.previous : null;
    return { interval: quantiles(window?.bins ?? new Map()), cumulative: quantiles(this.cumulative) };
  }
}
