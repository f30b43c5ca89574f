// Functions over instant vectors and scalars, as Prometheus 2.42 computes them.
import { LabelSet, toPairs, withLabel, withoutLabels, type Labels } from '../labels.js';
import { compileAnchored, InvalidRegexError } from '../label-matcher.js';
import type { Expr } from './ast.js';
import { EvaluationError, type Sample } from './values.js';

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function mapValues(samples: readonly Sample[], fn: (v: number) => number): Sample[] {
  return samples.map((s) => ({ labels: s.labels.dropName(), value: fn(s.value) }));
}

/** Go's math.Pow where it differs from JavaScript's. */
export function goPow(x: number, y: number): number {
  if (x === 1 || y === 0) return 1;
  if (x === -1 && !Number.isFinite(y) && !Number.isNaN(y)) return 1;
  return x ** y;
}

export const MATH_FUNCTIONS: Record<string, (v: number) => number> = {
  abs: Math.abs,
  ceil: Math.ceil,
  floor: Math.floor,
  exp: Math.exp,
  sqrt: Math.sqrt,
  ln: Math.log,
  log2: Math.log2,
  log10: Math.log10,
  sgn: (v) => (v > 0 ? 1 : v < 0 ? -1 : v),
};

export function applyMath(name: string, samples: readonly Sample[]): Sample[] {
  return mapValues(samples, MATH_FUNCTIONS[name]!);
}

export function round(samples: readonly Sample[], toNearest: number): Sample[] {
  // Division by the inverse avoids float artifacts, as Prometheus notes for e.g. round(1.2345, 0.01).
  const inverse = 1 / toNearest;
  return mapValues(samples, (v) => Math.floor(v * inverse + 0.5) / inverse);
}

export function clamp(samples: readonly Sample[], min: number, max: number): Sample[] {
  if (max < min) return [];
  return mapValues(samples, (v) => goMax(min, goMin(max, v)));
}

export function goMax(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  return Math.max(a, b);
}

export function goMin(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  return Math.min(a, b);
}

export function labelReplace(
  samples: readonly Sample[],
  dst: string,
  replacement: string,
  src: string,
  regex: string,
): Sample[] {
  let re: RegExp;
  try {
    re = compileAnchored(regex);
  } catch (err) {
    if (err instanceof InvalidRegexError)
      throw new EvaluationError(`invalid regular expression in label_replace(): ${regex}`);
    throw err;
  }
  if (!LABEL_NAME.test(dst)) throw new EvaluationError(`invalid destination label name in label_replace(): ${dst}`);
  return samples.map((s) => {
    const m = re.exec(s.labels.get(src));
    if (!m) return s;
    return { labels: withLabel(s.labels, dst, expandTemplate(replacement, m)), value: s.value };
  });
}

/** Go's regexp.Expand: $1, ${1}, $name, ${name}; $name takes the longest run of word characters; $$ is a $. */
export function expandTemplate(template: string, m: RegExpExecArray): string {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (c !== '$' || i === template.length - 1) {
      out += c;
      continue;
    }
    if (template[i + 1] === '$') {
      out += '$';
      i++;
      continue;
    }
    let name: string;
    let end: number;
    if (template[i + 1] === '{') {
      const close = template.indexOf('}', i + 2);
      name = close < 0 ? '' : template.slice(i + 2, close);
      if (close < 0 || !/^\w+$/.test(name)) {
        out += c;
        continue;
      }
      end = close;
    } else {
      const word = /^\w+/.exec(template.slice(i + 1));
      if (!word) {
        out += c;
        continue;
      }
      name = word[0];
      end = i + name.length;
    }
    if (/^\d+$/.test(name)) out += m[Number(name)] ?? '';
    else out += m.groups?.[name] ?? '';
    i = end;
  }
  return out;
}

export function labelJoin(samples: readonly Sample[], dst: string, separator: string, srcLabels: string[]): Sample[] {
  if (!LABEL_NAME.test(dst)) throw new EvaluationError(`invalid destination label name in label_join(): ${dst}`);
  for (const l of srcLabels) {
    if (!LABEL_NAME.test(l)) throw new EvaluationError(`invalid source label name in label_join(): ${l}`);
  }
  return samples.map((s) => ({
    labels: withLabel(s.labels, dst, srcLabels.map((l) => s.labels.get(l)).join(separator)),
    value: s.value,
  }));
}

/** absent(): the labels its argument's equality matchers name, unless a label has another matcher too. */
export function absentLabels(arg: Expr): LabelSet {
  const selector = arg.kind === 'vectorSelector' ? arg : arg.kind === 'matrixSelector' ? arg.selector : undefined;
  if (!selector) return LabelSet.EMPTY;
  const set = new Map<string, string>();
  const drop: string[] = [];
  for (const m of selector.matchers) {
    if (m.name === '__name__') continue;
    if (m.type === '=' && !set.has(m.name)) set.set(m.name, m.value);
    else drop.push(m.name);
  }
  for (const d of drop) set.delete(d);
  return LabelSet.fromPairs(set);
}

/** histogram_quantile over classic buckets (series with an `le`), grouped by all their other labels. */
export function histogramQuantile(q: number, samples: readonly Sample[]): Sample[] {
  const groups = new Map<string, { labels: Labels; buckets: { upper: number; count: number }[] }>();
  const bounds = new Map<string, number | undefined>();
  for (const s of samples) {
    const le = s.labels.get('le');
    let upper = bounds.get(le);
    if (upper === undefined && !bounds.has(le)) bounds.set(le, (upper = parseGoFloat(le)));
    if (upper === undefined) continue;
    // Prometheus groups by every label but le, the metric name included.
    let key = '';
    s.labels.forEach((n, v) => {
      if (n !== 'le') key += `${n}\x00${v}\x00`;
    });
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { labels: withoutLabels(s.labels, ['__name__', 'le', 'quantile']), buckets: [] }));
    g.buckets.push({ upper, count: s.value });
  }
  return [...groups.values()].map((g) => ({ labels: g.labels, value: bucketQuantile(q, g.buckets) }));
}

function parseGoFloat(text: string): number | undefined {
  if (text === '') return undefined;
  const t = text.toLowerCase();
  if (t === '+inf' || t === 'inf' || t === '+infinity' || t === 'infinity') return Infinity;
  if (t === '-inf' || t === '-infinity') return -Infinity;
  if (t === 'nan') return NaN;
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}

function bucketQuantile(q: number, input: { upper: number; count: number }[]): number {
  if (Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const sorted = [...input].sort((a, b) => a.upper - b.upper);
  if (sorted.length === 0 || sorted[sorted.length - 1]!.upper !== Infinity) return NaN;
  // Buckets with the same bound (from series that differ only in labels dropped by the grouping) add up.
  const buckets: { upper: number; count: number }[] = [];
  for (const b of sorted) {
    const last = buckets[buckets.length - 1];
    if (last && last.upper === b.upper) last.count += b.count;
    else buckets.push({ ...b });
  }
  // Counts of cumulative buckets can decrease a little from scrape races; Prometheus makes them monotonic.
  let max = -Infinity;
  for (const b of buckets) {
    if (b.count > max) max = b.count;
    else if (b.count < max) b.count = max;
  }
  if (buckets.length < 2) return NaN;
  const observations = buckets[buckets.length - 1]!.count;
  if (observations === 0) return NaN;
  let rank = q * observations;
  let b = 0;
  while (b < buckets.length - 1 && !(buckets[b]!.count >= rank)) b++;
  if (b === buckets.length - 1) return buckets[buckets.length - 2]!.upper;
  if (b === 0 && buckets[0]!.upper <= 0) return buckets[0]!.upper;
  let bucketStart = 0;
  const bucketEnd = buckets[b]!.upper;
  let count = buckets[b]!.count;
  if (b > 0) {
    bucketStart = buckets[b - 1]!.upper;
    count -= buckets[b - 1]!.count;
    rank -= buckets[b - 1]!.count;
  }
  return bucketStart + (bucketEnd - bucketStart) * (rank / count);
}

export { toPairs };
