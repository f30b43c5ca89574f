// Functions over range vectors, with Prometheus 2.42's arithmetic (engine.go / functions.go of that release),
// including rate's extrapolation towards the range boundaries and towards a counter's zero point.
import type { RangeSeries } from './values.js';

export interface RangeWindow {
  /** The range's boundaries after offset and @ (ms), and its length. */
  startMs: number;
  endMs: number;
  rangeMs: number;
}

type RangeFn = (s: RangeSeries, w: RangeWindow, param: number) => number | undefined;

function extrapolatedRate(s: RangeSeries, w: RangeWindow, isCounter: boolean, isRate: boolean): number | undefined {
  const n = s.v.length;
  if (n < 2) return undefined;
  const firstT = s.t[0]!;
  const lastT = s.t[n - 1]!;
  let result = s.v[n - 1]! - s.v[0]!;
  if (isCounter) {
    let last = 0;
    for (let i = 0; i < n; i++) {
      const x = s.v[i]!;
      if (x < last) result += last;
      last = x;
    }
  }
  let durationToStart = (firstT - w.startMs) / 1000;
  const durationToEnd = (w.endMs - lastT) / 1000;
  const sampledInterval = (lastT - firstT) / 1000;
  const averageDurationBetweenSamples = sampledInterval / (n - 1);
  if (isCounter && result > 0 && s.v[0]! >= 0) {
    const durationToZero = sampledInterval * (s.v[0]! / result);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }
  // "Close enough" to a boundary is up to 10% more than the average spacing; otherwise extrapolate half a spacing.
  const threshold = averageDurationBetweenSamples * 1.1;
  let extrapolateTo = sampledInterval;
  extrapolateTo += durationToStart < threshold ? durationToStart : averageDurationBetweenSamples / 2;
  extrapolateTo += durationToEnd < threshold ? durationToEnd : averageDurationBetweenSamples / 2;
  result = result * (extrapolateTo / sampledInterval);
  if (isRate) result = result / (w.rangeMs / 1000);
  return result;
}

function instantValue(s: RangeSeries, isRate: boolean): number | undefined {
  const n = s.v.length;
  if (n < 2) return undefined;
  const last = s.v[n - 1]!;
  const previous = s.v[n - 2]!;
  let result = isRate && last < previous ? last : last - previous;
  const intervalMs = s.t[n - 1]! - s.t[n - 2]!;
  if (intervalMs === 0) return undefined;
  if (isRate) result /= intervalMs / 1000;
  return result;
}

/** φ-quantile of values, as Prometheus' quantile() (sorts a copy). */
export function quantile(q: number, values: number[]): number {
  if (values.length === 0 || Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const sorted = [...values].sort((a, b) => (Number.isNaN(a) ? -1 : Number.isNaN(b) ? 1 : a - b));
  const n = sorted.length;
  const rank = q * (n - 1);
  const lower = Math.max(0, Math.floor(rank));
  const upper = Math.min(n - 1, lower + 1);
  const weight = rank - Math.floor(rank);
  return sorted[lower]! * (1 - weight) + sorted[upper]! * weight;
}

function over(s: RangeSeries, fn: (values: ArrayLike<number>) => number): number | undefined {
  return s.v.length === 0 ? undefined : fn(s.v);
}

export const RANGE_FUNCTIONS: Record<string, RangeFn> = {
  rate: (s, w) => extrapolatedRate(s, w, true, true),
  increase: (s, w) => extrapolatedRate(s, w, true, false),
  delta: (s, w) => extrapolatedRate(s, w, false, false),
  irate: (s) => instantValue(s, true),
  idelta: (s) => instantValue(s, false),
  avg_over_time: (s) =>
    over(s, (vs) => {
      let mean = 0;
      for (let i = 0; i < vs.length; i++) {
        const count = i + 1;
        const x = vs[i]!;
        if (!Number.isFinite(mean) && !Number.isNaN(mean)) {
          if (!Number.isFinite(x) && !Number.isNaN(x) && mean > 0 === x > 0) continue;
          if (Number.isFinite(x)) continue;
        }
        mean += x / count - mean / count;
      }
      return mean;
    }),
  sum_over_time: (s) =>
    over(s, (vs) => {
      let sum = 0;
      for (let i = 0; i < vs.length; i++) sum += vs[i]!;
      return sum;
    }),
  count_over_time: (s) => over(s, (vs) => vs.length),
  min_over_time: (s) =>
    over(s, (vs) => {
      let min = vs[0]!;
      for (let i = 0; i < vs.length; i++) if (vs[i]! < min || Number.isNaN(min)) min = vs[i]!;
      return min;
    }),
  max_over_time: (s) =>
    over(s, (vs) => {
      let max = vs[0]!;
      for (let i = 0; i < vs.length; i++) if (vs[i]! > max || Number.isNaN(max)) max = vs[i]!;
      return max;
    }),
  last_over_time: (s) => over(s, (vs) => vs[vs.length - 1]!),
  present_over_time: (s) => over(s, () => 1),
  stddev_over_time: (s) => over(s, (vs) => Math.sqrt(variance(vs))),
  stdvar_over_time: (s) => over(s, (vs) => variance(vs)),
  quantile_over_time: (s, _w, q) => over(s, (vs) => quantile(q, Array.from(vs))),
  changes: (s) =>
    over(s, (vs) => {
      let changes = 0;
      for (let i = 1; i < vs.length; i++) {
        const cur = vs[i]!;
        const prev = vs[i - 1]!;
        if (cur !== prev && !(Number.isNaN(cur) && Number.isNaN(prev))) changes++;
      }
      return changes;
    }),
  resets: (s) =>
    over(s, (vs) => {
      let resets = 0;
      for (let i = 1; i < vs.length; i++) if (vs[i]! < vs[i - 1]!) resets++;
      return resets;
    }),
};

function variance(vs: ArrayLike<number>): number {
  let count = 0;
  let mean = 0;
  let aux = 0;
  for (let i = 0; i < vs.length; i++) {
    count++;
    const x = vs[i]!;
    const delta = x - mean;
    mean += delta / count;
    aux += delta * (x - mean);
  }
  return aux / count;
}
