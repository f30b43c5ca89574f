// Function calls of PromQL: range functions over a matrix selector or a subquery, and the instant functions.
import { LabelSet } from '../labels.js';
import type { Expr, MatrixSelector } from './ast.js';
import type { Evaluator } from './evaluator.js';
import {
  absentLabels,
  applyMath,
  clamp,
  histogramQuantile,
  labelJoin,
  labelReplace,
  MATH_FUNCTIONS,
  round,
} from './instant-functions.js';
import { RANGE_FUNCTIONS } from './range-functions.js';
import { assertUniqueLabels, EvaluationError, type Sample, type Value } from './values.js';

export function evaluateCall(ev: Evaluator, e: Extract<Expr, { kind: 'call' }>, t: number): Value {
  const { name, args } = e;
  const rangeFn = RANGE_FUNCTIONS[name];
  if (rangeFn || name === 'absent_over_time') {
    const arg = args[args.length - 1]!;
    const param = args.length > 1 ? ev.scalarArg(args[0]!, t) : NaN;
    const { series, window } = arg.kind === 'subquery' ? ev.subquery(arg, t) : ev.range(arg as MatrixSelector, t);
    if (name === 'absent_over_time') {
      return { type: 'vector', samples: series.length > 0 ? [] : [{ labels: absentLabels(arg), value: 1 }] };
    }
    const out: Sample[] = [];
    for (const s of series) {
      const value = rangeFn!(s, window, param);
      // last_over_time is the one range function that keeps the metric name in Prometheus 2.42.
      if (value !== undefined) out.push({ labels: name === 'last_over_time' ? s.labels : s.labels.dropName(), value });
    }
    assertUniqueLabels(out);
    return { type: 'vector', samples: out };
  }
  if (MATH_FUNCTIONS[name]) return checked(applyMath(name, ev.vectorArg(args[0]!, t)));
  switch (name) {
    case 'time':
      return { type: 'scalar', value: t / 1000 };
    case 'vector':
      return { type: 'vector', samples: [{ labels: LabelSet.EMPTY, value: ev.scalarArg(args[0]!, t) }] };
    case 'scalar': {
      const v = ev.vectorArg(args[0]!, t);
      return { type: 'scalar', value: v.length === 1 ? v[0]!.value : NaN };
    }
    case 'absent': {
      const v = ev.vectorArg(args[0]!, t);
      return { type: 'vector', samples: v.length > 0 ? [] : [{ labels: absentLabels(args[0]!), value: 1 }] };
    }
    case 'round':
      return checked(round(ev.vectorArg(args[0]!, t), args[1] ? ev.scalarArg(args[1], t) : 1));
    case 'clamp':
      return checked(clamp(ev.vectorArg(args[0]!, t), ev.scalarArg(args[1]!, t), ev.scalarArg(args[2]!, t)));
    case 'clamp_min':
      return checked(clamp(ev.vectorArg(args[0]!, t), ev.scalarArg(args[1]!, t), Infinity));
    case 'clamp_max':
      return checked(clamp(ev.vectorArg(args[0]!, t), -Infinity, ev.scalarArg(args[1]!, t)));
    case 'timestamp': {
      const v = ev.vectorArg(args[0]!, t);
      const direct = unwrap(args[0]!).kind === 'vectorSelector';
      return checked(v.map((s) => ({ labels: s.labels.dropName(), value: (direct ? (s.sampleMs ?? t) : t) / 1000 })));
    }
    case 'histogram_quantile':
      return checked(histogramQuantile(ev.scalarArg(args[0]!, t), ev.vectorArg(args[1]!, t)));
    case 'label_replace': {
      const [dst, replacement, src, regex] = args.slice(1).map((a) => (ev.eval(a, t) as { value: string }).value);
      return checked(labelReplace(ev.vectorArg(args[0]!, t), dst!, replacement!, src!, regex!));
    }
    case 'label_join': {
      const [dst, sep, ...src] = args.slice(1).map((a) => (ev.eval(a, t) as { value: string }).value);
      return checked(labelJoin(ev.vectorArg(args[0]!, t), dst!, sep!, src));
    }
    case 'sort':
    case 'sort_desc': {
      const v = [...ev.vectorArg(args[0]!, t)];
      const sign = name === 'sort' ? 1 : -1;
      v.sort((a, b) => (Number.isNaN(a.value) ? 1 : Number.isNaN(b.value) ? -1 : sign * (a.value - b.value)));
      return { type: 'vector', samples: v };
    }
    default:
      throw new EvaluationError(`function "${name}" is not supported by the built-in Prometheus`);
  }
}

function checked(samples: Sample[]): Value {
  assertUniqueLabels(samples);
  return { type: 'vector', samples };
}

function unwrap(e: Expr): Expr {
  return e.kind === 'paren' ? unwrap(e.expr) : e;
}
