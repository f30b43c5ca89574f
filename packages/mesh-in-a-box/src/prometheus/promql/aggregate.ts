// Aggregation operators (sum, avg, topk, …) with by/without, as Prometheus 2.42's aggregation() computes them.
import { LabelSet, onlyLabels, signatureFn, withLabel, withoutLabels, type Labels } from '../labels.js';
import type { AggregateOp } from './ast.js';
import { quantile } from './range-functions.js';
import { EvaluationError, formatFloat, type Sample } from './values.js';

interface Group {
  labels: Labels;
  value: number;
  mean: number;
  count: number;
  values: number[];
  heap: Sample[];
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function aggregate(options: {
  op: AggregateOp;
  samples: readonly Sample[];
  grouping: string[];
  without: boolean;
  param: number | string | undefined;
}): Sample[] {
  const { op, without } = options;
  let grouping = options.grouping;
  let samples = options.samples;
  if (op === 'count_values') {
    const label = options.param as string;
    if (!LABEL_NAME.test(label)) throw new EvaluationError(`invalid label name "${label}"`);
    if (!without) grouping = [...grouping, label];
    samples = samples.map((s) => ({ labels: withLabel(s.labels, label, formatFloat(s.value)), value: s.value }));
  }
  const k = op === 'topk' || op === 'bottomk' ? Math.trunc(options.param as number) : 0;
  if ((op === 'topk' || op === 'bottomk') && !(k >= 1)) return [];
  const dropped = without ? [...grouping, '__name__'] : [];
  const signature = signatureFn(grouping, without);
  const groups = new Map<string, Group>();
  const order: Group[] = [];
  for (const s of samples) {
    const key = signature(s.labels);
    let g = groups.get(key);
    if (!g) {
      const labels = without ? withoutLabels(s.labels, dropped) : onlyLabels(s.labels, grouping);
      g = { labels, value: s.value, mean: s.value, count: 1, values: [s.value], heap: [s] };
      if (op === 'stddev' || op === 'stdvar') g.value = 0;
      if (op === 'group' || op === 'count') g.value = 1;
      groups.set(key, g);
      order.push(g);
      continue;
    }
    add(op, g, s, k);
  }
  const out: Sample[] = [];
  for (const g of order) {
    switch (op) {
      case 'avg':
        out.push({ labels: g.labels, value: g.mean });
        break;
      case 'stddev':
        out.push({ labels: g.labels, value: Math.sqrt(g.value / g.count) });
        break;
      case 'stdvar':
        out.push({ labels: g.labels, value: g.value / g.count });
        break;
      case 'count_values':
        out.push({ labels: g.labels, value: g.count });
        break;
      case 'quantile':
        out.push({ labels: g.labels, value: quantile(options.param as number, g.values) });
        break;
      case 'topk':
      case 'bottomk':
        for (const s of g.heap) out.push(s);
        break;
      default:
        out.push({ labels: g.labels, value: g.value });
    }
  }
  return out;
}

function add(op: AggregateOp, g: Group, s: Sample, k: number): void {
  const v = s.value;
  switch (op) {
    case 'sum':
      g.value += v;
      return;
    case 'avg': {
      g.count++;
      if (!Number.isFinite(g.mean) && !Number.isNaN(g.mean)) {
        if (!Number.isFinite(v) && !Number.isNaN(v) && g.mean > 0 === v > 0) return;
        if (Number.isFinite(v)) return;
      }
      g.mean += v / g.count - g.mean / g.count;
      return;
    }
    case 'count':
    case 'count_values':
      g.count++;
      g.value++;
      return;
    case 'group':
      return;
    case 'max':
      if (g.value < v || Number.isNaN(g.value)) g.value = v;
      return;
    case 'min':
      if (g.value > v || Number.isNaN(g.value)) g.value = v;
      return;
    case 'stddev':
    case 'stdvar': {
      g.count++;
      const delta = v - g.mean;
      g.mean += delta / g.count;
      g.value += delta * (v - g.mean);
      return;
    }
    case 'quantile':
      g.values.push(v);
      return;
    case 'topk':
    case 'bottomk':
      pushOrReplace(g.heap, s, k, op === 'topk');
      return;
  }
}

/**
 * topk keeps a min-heap of the k largest (bottomk a max-heap of the k smallest) and, as Prometheus 2.42 does, makes
 * room by popping the top and pushing the newcomer with Go's container/heap moves, so that among equal values the
 * same series survive. A NaN on top always makes way.
 */
function pushOrReplace(heap: Sample[], s: Sample, k: number, top: boolean): void {
  const less = (i: number, j: number) => {
    const a = heap[i]!.value;
    if (Number.isNaN(a)) return true;
    return top ? a < heap[j]!.value : a > heap[j]!.value;
  };
  const swap = (i: number, j: number) => {
    const t = heap[i]!;
    heap[i] = heap[j]!;
    heap[j] = t;
  };
  const up = (from: number) => {
    let j = from;
    for (;;) {
      const i = Math.trunc((j - 1) / 2);
      if (i === j || !less(j, i)) break;
      swap(i, j);
      j = i;
    }
  };
  const down = (from: number, n: number) => {
    let i = from;
    for (;;) {
      const j1 = 2 * i + 1;
      if (j1 >= n) break;
      let j = j1;
      if (j1 + 1 < n && less(j1 + 1, j1)) j = j1 + 1;
      if (!less(j, i)) break;
      swap(i, j);
      i = j;
    }
  };
  const head = heap[0]!.value;
  const wanted = heap.length < k || (top ? head < s.value : head > s.value) || Number.isNaN(head);
  if (!wanted) return;
  if (heap.length === k) {
    if (k === 1) {
      heap[0] = s;
      return;
    }
    // heap.Pop: the last element takes the top's place and sinks; the old top leaves.
    const n = heap.length - 1;
    swap(0, n);
    down(0, n);
    heap.pop();
  }
  heap.push(s);
  up(heap.length - 1);
}

export { LabelSet };
