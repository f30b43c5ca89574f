// Evaluates a PromQL syntax tree over the built-in TSDB at one time or over a range of steps. Each step is evaluated
// on its own, as Prometheus defines the result; the stored samples each selector needs are read once per query.
import { compareLabels, LabelSet, type Labels } from '../labels.js';
import type { SeriesSamples, Tsdb } from '../tsdb.js';
import type { At, Expr, MatrixSelector, Subquery, VectorSelector } from './ast.js';
import { typeOf } from './ast.js';
import { aggregate } from './aggregate.js';
import { scalarBinop, vectorBinop, vectorScalarBinop } from './binary.js';
import { evaluateCall } from './evaluate-call.js';
import {
  assertUniqueLabels,
  EvaluationError,
  QueryTimeoutError,
  type RangeSeries,
  type Sample,
  type Value,
} from './values.js';

const COMPARISONS = new Set(['==', '!=', '>', '<', '>=', '<=']);

export interface QueryOptions {
  startMs: number;
  endMs: number;
  stepMs: number;
  /** 5 minutes in Prometheus. */
  lookbackMs?: number;
  /** The step of a subquery without one: Prometheus' global evaluation_interval, 1 minute by default. */
  defaultSubqueryStepMs?: number;
  deadlineMs?: number;
}

export type QueryResult =
  | { resultType: 'scalar' | 'string'; value: Value }
  | { resultType: 'vector'; samples: Sample[] }
  | { resultType: 'matrix'; series: RangeSeries[] };

interface Window {
  mint: number;
  maxt: number;
}

export class Evaluator {
  private readonly lookbackMs: number;
  private readonly subqueryStepMs: number;
  private readonly windows = new Map<VectorSelector, Window>();
  private readonly selected = new Map<VectorSelector, SeriesSamples[]>();
  private readonly subqueryCache = new Map<Subquery, Map<number, Sample[]>>();
  private readonly invariantCache = new Map<Expr, Value>();
  private checks = 0;
  private ordered = false;

  constructor(
    private readonly tsdb: Tsdb,
    private readonly options: QueryOptions,
  ) {
    this.lookbackMs = options.lookbackMs ?? 300_000;
    this.subqueryStepMs = options.defaultSubqueryStepMs ?? 60_000;
  }

  /** An instant query (startMs === endMs) keeps every result type; a range query returns series of steps. */
  run(expr: Expr): QueryResult {
    const { startMs, endMs, stepMs } = this.options;
    this.plan(expr, startMs, endMs);
    // Which of several equal values topk keeps depends on the order of its input; Prometheus reads series sorted
    // by labels. Sorting costs, so only queries whose answer depends on it pay.
    this.ordered = dependsOnOrder(expr);
    if (startMs === endMs) {
      const value = this.eval(expr, startMs);
      if (value.type === 'vector') return { resultType: 'vector', samples: value.samples };
      if (value.type === 'matrix') return { resultType: 'matrix', series: value.series };
      return { resultType: value.type, value };
    }
    const type = typeOf(expr);
    if (type !== 'scalar' && type !== 'vector') {
      const documented = type === 'matrix' ? 'range vector' : 'string';
      throw new EvaluationError(
        `invalid expression type "${documented}" for range query, must be Scalar or instant Vector`,
      );
    }
    const series = new Map<string, { labels: Labels; t: number[]; v: number[] }>();
    for (let t = startMs; t <= endMs; t += stepMs) {
      const value = this.eval(expr, t);
      const samples =
        value.type === 'scalar'
          ? [{ labels: LabelSet.EMPTY, value: value.value }]
          : (value as { samples: Sample[] }).samples;
      for (const s of samples) {
        const key = s.labels.key;
        let out = series.get(key);
        if (!out) series.set(key, (out = { labels: s.labels, t: [], v: [] }));
        out.t.push(t);
        out.v.push(s.value);
      }
    }
    return { resultType: 'matrix', series: [...series.values()] };
  }

  private tick(): void {
    if (this.options.deadlineMs !== undefined && (++this.checks & 63) === 0 && Date.now() > this.options.deadlineMs) {
      throw new QueryTimeoutError('query timed out in expression evaluation');
    }
  }

  private atMs(at: At | undefined, t: number): number {
    if (!at) return t;
    if (at.kind === 'start') return this.options.startMs;
    if (at.kind === 'end') return this.options.endMs;
    return at.ms;
  }

  /** Records, for every selector, the time window of samples the evaluation from..to will read. */
  private plan(e: Expr, from: number, to: number): void {
    const widen = (sel: VectorSelector, mint: number, maxt: number) => {
      const w = this.windows.get(sel);
      this.windows.set(sel, w ? { mint: Math.min(w.mint, mint), maxt: Math.max(w.maxt, maxt) } : { mint, maxt });
    };
    switch (e.kind) {
      case 'vectorSelector': {
        const a = this.atMs(e.at, from) - e.offsetMs;
        const b = this.atMs(e.at, to) - e.offsetMs;
        return widen(e, a - this.lookbackMs, b);
      }
      case 'matrixSelector': {
        const s = e.selector;
        return widen(s, this.atMs(s.at, from) - s.offsetMs - e.rangeMs, this.atMs(s.at, to) - s.offsetMs);
      }
      case 'subquery': {
        const a = this.atMs(e.at, from) - e.offsetMs;
        const b = this.atMs(e.at, to) - e.offsetMs;
        return this.plan(e.expr, a - e.rangeMs, b);
      }
      case 'paren':
      case 'unary':
        return this.plan(e.expr, from, to);
      case 'call':
        return e.args.forEach((a) => this.plan(a, from, to));
      case 'aggregate':
        if (e.param) this.plan(e.param, from, to);
        return this.plan(e.expr, from, to);
      case 'binary':
        this.plan(e.lhs, from, to);
        return this.plan(e.rhs, from, to);
      default:
        return;
    }
  }

  private series(sel: VectorSelector): SeriesSamples[] {
    let s = this.selected.get(sel);
    if (!s) {
      const w = this.windows.get(sel)!;
      s = this.tsdb.select(sel.matchers, w.mint, w.maxt);
      if (this.ordered) s.sort((a, b) => compareLabels(a.labels, b.labels));
      this.selected.set(sel, s);
    }
    return s;
  }

  eval(e: Expr, t: number): Value {
    this.tick();
    switch (e.kind) {
      case 'number':
        return { type: 'scalar', value: e.value };
      case 'string':
        return { type: 'string', value: e.value };
      case 'paren':
        return this.eval(e.expr, t);
      case 'vectorSelector':
        return { type: 'vector', samples: this.instant(e, t) };
      case 'matrixSelector':
        return { type: 'matrix', series: this.range(e, t).series };
      case 'subquery':
        return { type: 'matrix', series: this.subquery(e, t).series };
      case 'unary': {
        const v = this.eval(e.expr, t);
        if (e.op === '+') return v;
        if (v.type === 'scalar') return { type: 'scalar', value: -v.value };
        const samples = (v as { samples: Sample[] }).samples.map((s) => ({
          labels: s.labels.dropName(),
          value: -s.value,
        }));
        assertUniqueLabels(samples);
        return { type: 'vector', samples };
      }
      case 'binary':
        return this.binary(e, t);
      case 'aggregate':
        return this.aggregate(e, t);
      case 'call':
        return this.call(e, t);
    }
  }

  private instant(sel: VectorSelector, t: number): Sample[] {
    const ref = this.atMs(sel.at, t) - sel.offsetMs;
    const out: Sample[] = [];
    for (const s of this.series(sel)) {
      const i = lastAtOrBefore(s.t, ref);
      if (i < 0 || s.t[i]! < ref - this.lookbackMs || s.stale[i]) continue;
      out.push({ labels: s.labels, value: s.v[i]!, sampleMs: s.t[i]! });
    }
    return out;
  }

  range(
    m: MatrixSelector,
    t: number,
  ): { series: RangeSeries[]; window: { startMs: number; endMs: number; rangeMs: number } } {
    const sel = m.selector;
    const endMs = this.atMs(sel.at, t) - sel.offsetMs;
    const startMs = endMs - m.rangeMs;
    const series: RangeSeries[] = [];
    for (const s of this.series(sel)) {
      const from = firstAtOrAfter(s.t, startMs);
      const to = lastAtOrBefore(s.t, endMs);
      if (from > to) continue;
      let hasStale = false;
      for (let i = from; i <= to; i++) if (s.stale[i]) hasStale = true;
      if (!hasStale) {
        const whole = from === 0 && to === s.t.length - 1;
        series.push({
          labels: s.labels,
          t: whole ? s.t : s.t.subarray(from, to + 1),
          v: whole ? s.v : s.v.subarray(from, to + 1),
        });
        continue;
      }
      const ts: number[] = [];
      const vs: number[] = [];
      for (let i = from; i <= to; i++) {
        if (s.stale[i]) continue;
        ts.push(s.t[i]!);
        vs.push(s.v[i]!);
      }
      if (ts.length > 0) series.push({ labels: s.labels, t: ts, v: vs });
    }
    return { series, window: { startMs, endMs, rangeMs: m.rangeMs } };
  }

  subquery(
    q: Subquery,
    t: number,
  ): { series: RangeSeries[]; window: { startMs: number; endMs: number; rangeMs: number } } {
    const step = q.stepMs ?? this.subqueryStepMs;
    const endMs = this.atMs(q.at, t) - q.offsetMs;
    const startMs = endMs - q.rangeMs;
    let cache = this.subqueryCache.get(q);
    if (!cache) this.subqueryCache.set(q, (cache = new Map()));
    // Inner steps are multiples of the step (from the epoch), from the range's start to its end, both included.
    let first = Math.floor(startMs / step) * step;
    if (first < startMs) first += step;
    const bySeries = new Map<string, { labels: Labels; t: number[]; v: number[] }>();
    for (let ts = first; ts <= endMs; ts += step) {
      let samples = cache.get(ts);
      if (!samples) {
        const v = this.eval(q.expr, ts);
        samples = (v as { samples: Sample[] }).samples;
        cache.set(ts, samples);
      }
      for (const s of samples) {
        const key = s.labels.key;
        let out = bySeries.get(key);
        if (!out) bySeries.set(key, (out = { labels: s.labels, t: [], v: [] }));
        out.t.push(ts);
        out.v.push(s.value);
      }
    }
    return { series: [...bySeries.values()], window: { startMs, endMs, rangeMs: q.rangeMs } };
  }

  scalarArg(e: Expr, t: number): number {
    const v = this.eval(e, t);
    if (v.type !== 'scalar') throw new EvaluationError(`expected a scalar, got ${v.type}`);
    return v.value;
  }

  vectorArg(e: Expr, t: number): Sample[] {
    const v = this.eval(e, t);
    if (v.type !== 'vector') throw new EvaluationError(`expected an instant vector, got ${v.type}`);
    return v.samples;
  }

  private binary(e: Extract<Expr, { kind: 'binary' }>, t: number): Value {
    const l = this.eval(e.lhs, t);
    const r = this.eval(e.rhs, t);
    if (l.type === 'scalar' && r.type === 'scalar') {
      const [value, keep] = scalarBinop(e.op, l.value, r.value);
      return { type: 'scalar', value: e.bool ? (keep ? 1 : 0) : value };
    }
    let samples: Sample[];
    if (l.type === 'vector' && r.type === 'vector') {
      samples = vectorBinop({ op: e.op, lhs: l.samples, rhs: r.samples, matching: e.matching!, bool: e.bool });
    } else {
      const scalarLeft = l.type === 'scalar';
      const vector = (scalarLeft ? r : l) as { samples: Sample[] };
      const scalar = (scalarLeft ? l : r) as { value: number };
      samples = vectorScalarBinop({
        op: e.op,
        samples: vector.samples,
        scalar: scalar.value,
        scalarLeft,
        bool: e.bool,
      });
      // Filtering keeps labels as they were, so they are as unique as the input's: no check needed.
      if (COMPARISONS.has(e.op) && !e.bool) return { type: 'vector', samples };
    }
    assertUniqueLabels(samples);
    return { type: 'vector', samples };
  }

  private aggregate(e: Extract<Expr, { kind: 'aggregate' }>, t: number): Value {
    const param = e.param ? this.eval(e.param, t) : undefined;
    const samples = this.vectorArg(e.expr, t);
    return {
      type: 'vector',
      samples: aggregate({
        op: e.op,
        samples,
        grouping: e.grouping,
        without: e.without,
        param: param?.type === 'scalar' || param?.type === 'string' ? param.value : undefined,
      }),
    };
  }

  private call(e: Extract<Expr, { kind: 'call' }>, t: number): Value {
    return evaluateCall(this, e, t);
  }
}

function dependsOnOrder(e: Expr): boolean {
  switch (e.kind) {
    case 'aggregate':
      return e.op === 'topk' || e.op === 'bottomk' || dependsOnOrder(e.expr);
    case 'call':
      return e.name === 'sort' || e.name === 'sort_desc' || e.args.some(dependsOnOrder);
    case 'binary':
      return dependsOnOrder(e.lhs) || dependsOnOrder(e.rhs);
    case 'paren':
    case 'unary':
    case 'subquery':
      return dependsOnOrder(e.expr);
    default:
      return false;
  }
}

function lastAtOrBefore(t: ArrayLike<number>, ms: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t[mid]! <= ms) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

function firstAtOrAfter(t: ArrayLike<number>, ms: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t[mid]! < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
