// A trace as a person may see it: Jaeger and Tempo know nothing of Kubernetes rights, so the spans of proxies in
// namespaces the person may not see keep their place and timing (the waterfall and its durations stay true) but
// lose what they would tell: service, operation, pod, request id and tags. A trace with no span in a namespace they
// may see is not theirs to read at all. Pure.
import type { Trace } from '../../lib/api/traces.js';

/** What a hidden span is called on screen. */
export const HIDDEN_SPAN = 'hidden (a namespace you may not see)';

export function visibleTrace(trace: Trace, visible: ReadonlySet<string>): Trace | null {
  // Spans without a namespace (an application's own, a client outside the mesh) name no namespace to hide.
  const seen = (ns: string | null) => ns === null || visible.has(ns);
  if (trace.spans.every((s) => seen(s.namespace))) return trace;
  if (!trace.spans.some((s) => s.namespace !== null && visible.has(s.namespace))) return null;
  const spans = trace.spans.map((s) =>
    seen(s.namespace)
      ? s
      : { ...s, service: HIDDEN_SPAN, operation: HIDDEN_SPAN, pod: null, namespace: null, requestId: null, tags: {} },
  );
  return { ...trace, spans, services: [...new Set(spans.map((s) => s.service))] };
}
