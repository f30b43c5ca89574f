// What PromQL expressions evaluate to at one evaluation time, and the errors evaluation can raise.
import { SeriesLabels, type Labels } from '../labels.js';

export interface Sample {
  labels: Labels;
  value: number;
  /** The stored sample's own time, for timestamp(); set by instant vector selectors only. */
  sampleMs?: number;
}

/** The points of one series inside a range (staleness markers already dropped). */
export interface RangeSeries {
  labels: Labels;
  t: ArrayLike<number>;
  v: ArrayLike<number>;
}

export type Value =
  | { type: 'scalar'; value: number }
  | { type: 'string'; value: string }
  | { type: 'vector'; samples: Sample[] }
  | { type: 'matrix'; series: RangeSeries[] };

/** An error of evaluation (Prometheus' "execution" error type). */
export class EvaluationError extends Error {}

/** The query ran past its deadline (Prometheus' "timeout" error type). */
export class QueryTimeoutError extends Error {}

/** Throws when two samples carry the same labels, as Prometheus does after every step of an operation. */
export function assertUniqueLabels(samples: readonly Sample[]): void {
  if (samples.length < 2) return;
  const seen = new Set<string>();
  const allSeries = samples.every((s) => s.labels instanceof SeriesLabels);
  for (const s of samples) {
    // Labels straight from the store are equal only if base, name and le are: no need to build the full key.
    const key = allSeries ? seriesKey(s.labels as SeriesLabels) : s.labels.key;
    if (seen.has(key)) throw new EvaluationError('vector cannot contain metrics with the same labelset');
    seen.add(key);
  }
}

const baseIds = new WeakMap<object, number>();
let nextBaseId = 0;

/** A cheap identity of stored-series labels: the base object, the name and le. */
export function seriesKey(l: SeriesLabels): string {
  let id = baseIds.get(l.base);
  if (id === undefined) baseIds.set(l.base, (id = nextBaseId++));
  return `${id}\xff${l.name}\xff${l.le}`;
}

/** Go's strconv.FormatFloat(v, 'f', -1, 64): the shortest exact digits, never an exponent. */
export function formatFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  const s = String(v);
  const e = s.indexOf('e');
  if (e < 0) return s;
  const negative = s.startsWith('-');
  const mantissa = s.slice(negative ? 1 : 0, e);
  const exponent = Number(s.slice(e + 1));
  const [intPart, fracPart = ''] = mantissa.split('.');
  const digits = intPart! + fracPart;
  const point = intPart!.length + exponent;
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${out}` : out;
}
