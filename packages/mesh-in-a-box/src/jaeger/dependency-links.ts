// The service dependency links jaeger-query's memory store derives from stored traces (plugin/storage/memory/
// memory.go, GetDependencies): for each trace with a span that starts strictly inside (end - lookback, end), every
// span whose parent span is in the same trace and belongs to another service counts one call from the parent's
// service to the span's. The HTTP handler (cmd/query/app/http_handler.go, dependencies) then keeps the links that
// touch `service` when one is asked for and merges equal parent/child pairs.

import type { JaegerDependencyLink } from './jaeger-json.js';
import { type StoredTrace, processServiceName, resolveParent } from './to-jaeger-trace.js';

export interface DependencyWindow {
  startUs: number;
  endUs: number;
  service?: string;
}

/** Links sorted by parent, then child (Jaeger leaves the order to a Go map; a stable one is easier to read). */
export function dependencyLinks(traces: Iterable<StoredTrace>, window: DependencyWindow): JaegerDependencyLink[] {
  const counts = new Map<string, JaegerDependencyLink>();
  for (const trace of traces) {
    if (!trace.spans.some((span) => span.startUs > window.startUs && span.startUs < window.endUs)) continue;
    const serviceOfSpan = new Map(trace.spans.map((span) => [span.spanId, processServiceName(span.proxy)]));
    for (const span of trace.spans) {
      const parentId = resolveParent(span.parentSpanId, trace.aliases);
      const parent = parentId === undefined ? undefined : serviceOfSpan.get(parentId);
      const child = processServiceName(span.proxy);
      if (parent === undefined || parent === child) continue;
      if (window.service && parent !== window.service && child !== window.service) continue;
      const key = `${parent}\n${child}`;
      const link = counts.get(key);
      if (link) link.callCount++;
      else counts.set(key, { parent, child, callCount: 1 });
    }
  }
  return [...counts.values()].sort((a, b) => a.parent.localeCompare(b.parent) || a.child.localeCompare(b.child));
}
