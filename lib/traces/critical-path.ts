// The critical path of a trace: the pieces of spans that bound its end-to-end time, as Jaeger UI computes it
// (jaegertracing/jaeger-ui packages/jaeger-ui/src/components/TracePage/CriticalPath/index.ts): from each root span,
// follow the child that finished last; when a span has no (more) children, walk back to its parent and take the child
// that finished last before this one started. Children that overflow their parent are first cut to the parent's time
// and those wholly outside it dropped (utils/sanitizeOverFlowingChildren.ts): an async child that outlives its parent
// does not extend the parent's path.
import type { Span } from '../api/traces.js';

export interface CriticalSection {
  spanId: string;
  start: number; // unix µs
  end: number;
}

interface Node {
  spanId: string;
  parentId: string | null;
  start: number;
  end: number;
  children: Node[];
}

/** Each span cut to its parent's time (parents first), children outside their parent dropped with their subtrees. */
function sanitizedForest(spans: readonly Span[]): Node[] {
  const byId = new Map<string, Node>();
  for (const s of spans)
    byId.set(s.spanId, {
      spanId: s.spanId,
      parentId: s.parentId,
      start: s.startTime,
      end: s.startTime + s.duration,
      children: [],
    });
  const roots: Node[] = [];
  for (const node of byId.values()) {
    const parent = node.parentId ? byId.get(node.parentId) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  const queue = [...roots];
  for (let i = 0; i < queue.length; i++) {
    const parent = queue[i]!;
    parent.children = parent.children.filter((child) => {
      if (child.start >= parent.end || child.end <= parent.start) return false;
      child.start = Math.max(child.start, parent.start);
      child.end = Math.min(child.end, parent.end);
      return true;
    });
    queue.push(...parent.children);
  }
  return roots.sort((a, b) => a.start - b.start);
}

function lastFinishingChild(node: Node, before: number | undefined): Node | undefined {
  let best: Node | undefined;
  for (const child of node.children) {
    if (before !== undefined && child.end >= before) continue;
    if (!best || child.end > best.end) best = child;
  }
  return best;
}

/** The critical path's sections, latest first (the order Jaeger UI walks them). */
export function criticalPath(spans: readonly Span[]): CriticalSection[] {
  const sections: CriticalSection[] = [];
  const parents = new Map<Node, Node>();
  for (const root of sanitizedForest(spans)) {
    let current: Node | undefined = root;
    let until: number | undefined;
    while (current) {
      for (const child of current.children) parents.set(child, current);
      const end = until ?? current.end;
      const child = lastFinishingChild(current, until);
      if (child) {
        if (child.end !== end) sections.push({ spanId: current.spanId, start: child.end, end });
        current = child;
        until = undefined;
      } else {
        if (current.start !== end) sections.push({ spanId: current.spanId, start: current.start, end });
        until = current.start;
        current = parents.get(current);
      }
    }
  }
  return sections;
}

/** The spans with at least one section on the critical path. */
export function criticalSpanIds(sections: readonly CriticalSection[]): Set<string> {
  return new Set(sections.map((s) => s.spanId));
}
