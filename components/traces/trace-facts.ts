// What the trace list and views say about a trace, from its spans.
import type { Span, Trace } from '../../lib/api/traces.js';

/** The spans without a parent in the trace, earliest first. */
export function rootSpans(trace: Trace): Span[] {
  const ids = new Set(trace.spans.map((s) => s.spanId));
  return trace.spans.filter((s) => !s.parentId || !ids.has(s.parentId)).sort((a, b) => a.startTime - b.startTime);
}

/** The trace's name: its first root span's operation (Jaeger UI names a trace the same way). */
export function rootOperation(trace: Trace): string {
  const root = rootSpans(trace)[0];
  return root ? `${root.service}: ${root.operation}` : trace.traceId;
}

/** The version a span's proxy reports (Istio's canonical revision tag). */
export const spanVersion = (span: Span): string | null => span.tags['istio.canonical_revision'] ?? null;

/** HTTP code and Envoy's response flags, as a short status: "503 UF". */
export function spanStatus(span: Span): string {
  const code = span.tags['http.status_code'] ?? span.tags['grpc.status_code'] ?? '';
  const flags = span.tags['response_flags'];
  return [code, flags && flags !== '-' ? flags : ''].filter(Boolean).join(' ');
}

/** The spans grouped by service, services in the order they first appear, spans by start time. */
export function spansByService(trace: Trace): { service: string; spans: Span[] }[] {
  const groups = new Map<string, Span[]>();
  for (const span of [...trace.spans].sort((a, b) => a.startTime - b.startTime)) {
    const list = groups.get(span.service);
    if (list) list.push(span);
    else groups.set(span.service, [span]);
  }
  return [...groups].map(([service, spans]) => ({ service, spans }));
}
