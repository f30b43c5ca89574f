// Binary operators between scalars and instant vectors: arithmetic, comparisons (filtering or with bool) and the set
// operators, with on/ignoring and group_left/group_right, following Prometheus 2.42's VectorBinop and friends.
import { SeriesLabels, onlyLabels, toPairs, LabelSet, type Labels } from '../labels.js';
import type { BinaryOp, VectorMatching } from './ast.js';
import { goPow } from './instant-functions.js';
import { EvaluationError, seriesKey, type Sample } from './values.js';

const DROPS_NAME = new Set(['+', '-', '*', '/', '%', '^']);

/** lhs op rhs on two numbers; for comparisons, [lhs, whether it holds]. */
export function scalarBinop(op: BinaryOp, lhs: number, rhs: number): [number, boolean] {
  switch (op) {
    case '+':
      return [lhs + rhs, true];
    case '-':
      return [lhs - rhs, true];
    case '*':
      return [lhs * rhs, true];
    case '/':
      return [lhs / rhs, true];
    case '%':
      return [lhs % rhs, true];
    case '^':
      return [goPow(lhs, rhs), true];
    case '==':
      return [lhs, lhs === rhs];
    case '!=':
      return [lhs, lhs !== rhs];
    case '>':
      return [lhs, lhs > rhs];
    case '<':
      return [lhs, lhs < rhs];
    case '>=':
      return [lhs, lhs >= rhs];
    case '<=':
      return [lhs, lhs <= rhs];
    default:
      throw new EvaluationError(`operator "${op}" not allowed between scalars`);
  }
}

/** vector op scalar, or scalar op vector when `scalarLeft`. */
export function vectorScalarBinop(options: {
  op: BinaryOp;
  samples: readonly Sample[];
  scalar: number;
  scalarLeft: boolean;
  bool: boolean;
}): Sample[] {
  const { op, scalar, scalarLeft, bool } = options;
  const comparison = !DROPS_NAME.has(op);
  const out: Sample[] = [];
  for (const s of options.samples) {
    const [l, r] = scalarLeft ? [scalar, s.value] : [s.value, scalar];
    let [value, keep] = scalarBinop(op, l, r);
    // A comparison keeps the vector's value even when the scalar is on the left.
    if (comparison && scalarLeft) value = r;
    if (bool) {
      value = keep ? 1 : 0;
      keep = true;
    }
    if (!keep) continue;
    out.push({ labels: DROPS_NAME.has(op) || bool ? s.labels.dropName() : s.labels, value });
  }
  return out;
}

/** The key two samples must share to match. */
function matchKeyFn(matching: VectorMatching, lhs: readonly Sample[], rhs: readonly Sample[]): (l: Labels) => string {
  if (matching.on) return (l) => matching.labels.map((n) => l.get(n)).join('\xff');
  if (matching.labels.length === 0) {
    // Ignoring nothing: all labels but the name. Stored series compare by identity without building the full key.
    const allSeries = [...lhs, ...rhs].every((s) => s.labels instanceof SeriesLabels);
    if (allSeries) return (l) => seriesKey(l.dropName() as SeriesLabels);
    return (l) => l.dropName().key;
  }
  const ignored = new Set([...matching.labels, '__name__']);
  return (l) => {
    let k = '';
    l.forEach((n, v) => {
      if (!ignored.has(n)) k += `${n}\xff${v}\xff`;
    });
    return k;
  };
}

export function vectorBinop(options: {
  op: BinaryOp;
  lhs: readonly Sample[];
  rhs: readonly Sample[];
  matching: VectorMatching;
  bool: boolean;
}): Sample[] {
  const { op, matching, bool } = options;
  const key = matchKeyFn(matching, options.lhs, options.rhs);
  if (op === 'and' || op === 'or' || op === 'unless') return setBinop(op, options.lhs, options.rhs, key);
  let lhs = options.lhs;
  let rhs = options.rhs;
  const swapped = matching.card === 'one-to-many';
  if (swapped) [lhs, rhs] = [rhs, lhs];
  const right = new Map<string, Sample>();
  for (const rs of rhs) {
    const sig = key(rs.labels);
    const dup = right.get(sig);
    if (dup) {
      const side = swapped ? 'left' : 'right';
      throw new EvaluationError(
        `found duplicate series for the match group ${formatLabels(matchedLabels(rs.labels, matching))} on the ${side} hand-side of the operation: [${formatLabels(rs.labels)}, ${formatLabels(dup.labels)}];many-to-many matching not allowed: matching labels must be unique on one side`,
      );
    }
    right.set(sig, rs);
  }
  const matched = new Map<string, Set<string> | null>();
  const out: Sample[] = [];
  for (const ls of lhs) {
    const sig = key(ls.labels);
    const rs = right.get(sig);
    if (!rs) continue;
    const [vl, vr] = swapped ? [rs.value, ls.value] : [ls.value, rs.value];
    const [result, keep] = scalarBinop(op, vl, vr);
    if (!bool && !keep) continue;
    const value = bool ? (keep ? 1 : 0) : result;
    let labels = resultLabels(ls.labels, rs.labels, op, matching);
    if (bool) labels = labels.dropName();
    if (matching.card === 'one-to-one') {
      if (matched.has(sig)) {
        throw new EvaluationError(
          'multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)',
        );
      }
      matched.set(sig, null);
    } else {
      let inserted = matched.get(sig);
      if (!inserted) matched.set(sig, (inserted = new Set()));
      const lk = labels.key;
      if (inserted.has(lk))
        throw new EvaluationError('multiple matches for labels: grouping labels must ensure unique matches');
      inserted.add(lk);
    }
    out.push({ labels, value });
  }
  return out;
}

function setBinop(
  op: 'and' | 'or' | 'unless',
  lhs: readonly Sample[],
  rhs: readonly Sample[],
  key: (l: Labels) => string,
): Sample[] {
  if (op === 'or') {
    const left = new Set(lhs.map((s) => key(s.labels)));
    return [...lhs, ...rhs.filter((s) => !left.has(key(s.labels)))];
  }
  const right = new Set(rhs.map((s) => key(s.labels)));
  return lhs.filter((s) => right.has(key(s.labels)) === (op === 'and'));
}

function resultLabels(lhs: Labels, rhs: Labels, op: BinaryOp, matching: VectorMatching): Labels {
  let labels: Labels = DROPS_NAME.has(op) ? lhs.dropName() : lhs;
  if (matching.card === 'one-to-one') {
    if (matching.on) labels = onlyLabels(labels, matching.labels);
    else if (matching.labels.length > 0) {
      labels = LabelSet.fromPairs(toPairs(labels).filter(([n]) => !matching.labels.includes(n)));
    }
  }
  if (matching.include.length > 0) {
    // group_left/right(labels): those labels come from the "one" side.
    const pairs = new Map(toPairs(labels));
    for (const n of matching.include) {
      const v = rhs.get(n);
      if (v !== '') pairs.set(n, v);
      else pairs.delete(n);
    }
    labels = LabelSet.fromPairs(pairs);
  }
  return labels;
}

function matchedLabels(l: Labels, matching: VectorMatching): Labels {
  if (matching.on) return onlyLabels(l, matching.labels);
  return LabelSet.fromPairs(toPairs(l).filter(([n]) => n !== '__name__' && !matching.labels.includes(n)));
}

/** Prometheus' Labels.String(): {a="b", c="d"}. */
export function formatLabels(l: Labels): string {
  const parts: string[] = [];
  l.forEach((n, v) => parts.push(`${n}=${JSON.stringify(v)}`));
  return `{${parts.join(', ')}}`;
}
