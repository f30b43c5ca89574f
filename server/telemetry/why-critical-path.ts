// Where a trace's time went: its critical path (the chain of spans the end-to-end latency waited on) and the self time
// each service holds on it. The walk is the one Jaeger UI's critical-path view does (jaeger-ui
// packages/jaeger-ui/src/components/TracePage/CriticalPath): from the root's end backwards, the child that finished
// last before the cursor is on the path; the gaps between such children are the parent's own time. A child that ends
// after its parent (async, fire-and-forget) counts only up to its parent's end (sanitizeOverFlowingChildren);
// overlapping children count once; FOLLOWS_FROM spans are off the path (getChildOfSpans).
// Pure; works on Jaeger's JSON so the "why" summary does not wait for the trace view's own model. Kept in one file
// the traces view can fold into its own.
import type { JaegerSpan, JaegerTrace } from '../sources/jaeger.js';

export interface CriticalSegment {
  spanId: string;
  service: string;
  /** µs of this span's own time on the critical path. */
  selfUs: number;
}

interface Node {
  span: JaegerSpan;
  service: string;
  children: Node[];
}

const endOf = (s: JaegerSpan) => s.startTime + s.duration;

function tree(trace: JaegerTrace): Node[] {
  const nodes = new Map<string, Node>();
  for (const span of trace.spans)
    nodes.set(span.spanID, { span, service: trace.processes[span.processID]?.serviceName ?? 'unknown', children: [] });
  const roots: Node[] = [];
  for (const node of nodes.values()) {
    // As Jaeger UI (getChildOfSpans): a FOLLOWS_FROM span did not hold its parent up; it and what hangs under it
    // are off the path.
    if (node.span.references.some((r) => r.refType === 'FOLLOWS_FROM')) continue;
    const parentId = node.span.references.find((r) => r.refType === 'CHILD_OF')?.spanID;
    const parent = parentId !== undefined && parentId !== node.span.spanID ? nodes.get(parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** The critical path of one trace: each span on it with its own time there, in µs, the root's first. */
export function criticalPath(trace: JaegerTrace): CriticalSegment[] {
  const roots = tree(trace);
  if (roots.length === 0) return [];
  // A trace missing its root span has several roots: the one that ends last bounds the trace.
  const root = roots.reduce((a, b) => (endOf(b.span) > endOf(a.span) ? b : a));
  const selfUs = new Map<Node, number>();
  const order: Node[] = [];
  // An explicit stack: a 500-span trace may be deep.
  const stack: { node: Node; endUs: number }[] = [{ node: root, endUs: endOf(root.span) }];
  while (stack.length > 0) {
    const { node, endUs } = stack.pop()!;
    order.push(node);
    const start = node.span.startTime;
    let cursor = Math.min(endOf(node.span), endUs);
    let own = 0;
    const children = [...node.children].sort((a, b) => endOf(b.span) - endOf(a.span));
    for (const child of children) {
      if (cursor <= start) break;
      const childEnd = Math.min(endOf(child.span), cursor);
      // A child that starts at or after the cursor ran while a later one was already on the path.
      if (child.span.startTime >= cursor || childEnd <= child.span.startTime) continue;
      own += cursor - childEnd;
      stack.push({ node: child, endUs: childEnd });
      cursor = Math.max(child.span.startTime, start);
    }
    own += Math.max(0, cursor - start);
    selfUs.set(node, own);
  }
  return order.map((n) => ({ spanId: n.span.spanID, service: n.service, selfUs: selfUs.get(n) ?? 0 }));
}

export interface ServiceCriticalTime {
  service: string;
  /** µs on the critical paths, summed over the traces. */
  totalUs: number;
  /** Share (0..1) of all the traces' critical-path time. */
  share: number;
  /** How many of the traces have this service on their critical path. */
  traces: number;
}

/** Critical-path time per service over many traces, the largest first (ties by name, for a stable answer). */
export function criticalTimeByService(traces: readonly JaegerTrace[]): ServiceCriticalTime[] {
  const totals = new Map<string, { totalUs: number; traces: number }>();
  let allUs = 0;
  for (const trace of traces) {
    const seen = new Set<string>();
    for (const segment of criticalPath(trace)) {
      if (segment.selfUs <= 0) continue;
      const t = totals.get(segment.service) ?? { totalUs: 0, traces: 0 };
      t.totalUs += segment.selfUs;
      if (!seen.has(segment.service)) t.traces++;
      seen.add(segment.service);
      totals.set(segment.service, t);
      allUs += segment.selfUs;
    }
  }
  return [...totals]
    .map(([service, t]) => ({ service, ...t, share: allUs > 0 ? t.totalUs / allUs : 0 }))
    .sort((a, b) => b.totalUs - a.totalUs || a.service.localeCompare(b.service));
}
