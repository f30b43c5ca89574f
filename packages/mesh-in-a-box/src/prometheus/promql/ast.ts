// The PromQL syntax tree the evaluator walks, with the value types Prometheus' parser checks.
import type { LabelMatcher } from '../label-matcher.js';

export type ValueType = 'scalar' | 'vector' | 'matrix' | 'string';

/** `@ <time>`, `@ start()` or `@ end()`. */
export type At = { kind: 'time'; ms: number } | { kind: 'start' } | { kind: 'end' };

export interface VectorSelector {
  kind: 'vectorSelector';
  name: string | undefined;
  matchers: LabelMatcher[];
  offsetMs: number;
  at: At | undefined;
}

export interface MatrixSelector {
  kind: 'matrixSelector';
  selector: VectorSelector;
  rangeMs: number;
}

export interface Subquery {
  kind: 'subquery';
  expr: Expr;
  rangeMs: number;
  stepMs: number | undefined; // undefined: the default evaluation interval (the query's step)
  offsetMs: number;
  at: At | undefined;
}

export interface Call {
  kind: 'call';
  name: string;
  args: Expr[];
}

export type AggregateOp =
  | 'sum'
  | 'avg'
  | 'min'
  | 'max'
  | 'count'
  | 'group'
  | 'stddev'
  | 'stdvar'
  | 'topk'
  | 'bottomk'
  | 'quantile'
  | 'count_values';

export interface Aggregate {
  kind: 'aggregate';
  op: AggregateOp;
  expr: Expr;
  param: Expr | undefined;
  grouping: string[];
  without: boolean;
}

export type ArithmeticOp = '+' | '-' | '*' | '/' | '%' | '^';
export type ComparisonOp = '==' | '!=' | '>' | '<' | '>=' | '<=';
export type SetOp = 'and' | 'or' | 'unless';
export type BinaryOp = ArithmeticOp | ComparisonOp | SetOp;

export interface VectorMatching {
  card: 'one-to-one' | 'many-to-one' | 'one-to-many' | 'many-to-many';
  on: boolean;
  labels: string[];
  include: string[];
}

export interface Binary {
  kind: 'binary';
  op: BinaryOp;
  lhs: Expr;
  rhs: Expr;
  bool: boolean;
  matching: VectorMatching | undefined; // only between two vectors
}

export interface Unary {
  kind: 'unary';
  op: '-' | '+';
  expr: Expr;
}

export type Expr =
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'paren'; expr: Expr }
  | VectorSelector
  | MatrixSelector
  | Subquery
  | Call
  | Aggregate
  | Binary
  | Unary;

export function typeOf(e: Expr): ValueType {
  switch (e.kind) {
    case 'number':
      return 'scalar';
    case 'string':
      return 'string';
    case 'paren':
      return typeOf(e.expr);
    case 'vectorSelector':
    case 'aggregate':
      return 'vector';
    case 'matrixSelector':
    case 'subquery':
      return 'matrix';
    case 'call':
      return FUNCTION_TYPES[e.name]?.returns ?? 'vector';
    case 'unary':
      return typeOf(e.expr);
    case 'binary':
      return typeOf(e.lhs) === 'scalar' && typeOf(e.rhs) === 'scalar' ? 'scalar' : 'vector';
  }
}

export const ARITHMETIC_OPS: readonly string[] = ['+', '-', '*', '/', '%', '^'];
export const COMPARISON_OPS: readonly string[] = ['==', '!=', '>', '<', '>=', '<='];
export const SET_OPS: readonly string[] = ['and', 'or', 'unless'];

interface Signature {
  args: ValueType[];
  /** As Prometheus' Variadic: 0 fixed, n the last argument is optional and may repeat up to n times, -1 without limit. */
  variadic?: number;
  returns: ValueType;
}

const v: ValueType = 'vector';
const m: ValueType = 'matrix';
const s: ValueType = 'scalar';
const str: ValueType = 'string';

/** Every function the evaluator implements, with Prometheus' argument types. */
export const FUNCTION_TYPES: Record<string, Signature> = {
  abs: { args: [v], returns: v },
  absent: { args: [v], returns: v },
  absent_over_time: { args: [m], returns: v },
  avg_over_time: { args: [m], returns: v },
  ceil: { args: [v], returns: v },
  changes: { args: [m], returns: v },
  clamp: { args: [v, s, s], returns: v },
  clamp_max: { args: [v, s], returns: v },
  clamp_min: { args: [v, s], returns: v },
  count_over_time: { args: [m], returns: v },
  delta: { args: [m], returns: v },
  exp: { args: [v], returns: v },
  floor: { args: [v], returns: v },
  histogram_quantile: { args: [s, v], returns: v },
  idelta: { args: [m], returns: v },
  increase: { args: [m], returns: v },
  irate: { args: [m], returns: v },
  label_join: { args: [v, str, str, str], variadic: -1, returns: v },
  label_replace: { args: [v, str, str, str, str], returns: v },
  last_over_time: { args: [m], returns: v },
  ln: { args: [v], returns: v },
  log10: { args: [v], returns: v },
  log2: { args: [v], returns: v },
  max_over_time: { args: [m], returns: v },
  min_over_time: { args: [m], returns: v },
  present_over_time: { args: [m], returns: v },
  quantile_over_time: { args: [s, m], returns: v },
  rate: { args: [m], returns: v },
  resets: { args: [m], returns: v },
  round: { args: [v, s], variadic: 1, returns: v },
  scalar: { args: [v], returns: s },
  sgn: { args: [v], returns: v },
  sort: { args: [v], returns: v },
  sort_desc: { args: [v], returns: v },
  sqrt: { args: [v], returns: v },
  stddev_over_time: { args: [m], returns: v },
  stdvar_over_time: { args: [m], returns: v },
  sum_over_time: { args: [m], returns: v },
  time: { args: [], returns: s },
  timestamp: { args: [v], returns: v },
  vector: { args: [s], returns: v },
};
