// The Traces tab's filters, applied the same way whichever backend answered: Jaeger's own semantics (a trace matches
// when one span of the searched service matches the operation, every tag and the duration range;
// jaegertracing/jaeger internal/storage/v1/api/spanstore TraceQueryParameters), plus the trace's status.
import type { Span, Trace } from '../../lib/api/traces.js';

export interface TraceFilter {
  /** The spans of the entity: only they are tested against operation, tags and duration. */
  owns: (span: Span) => boolean;
  operation?: string;
  tags?: Record<string, string>;
  minDurationUs?: number;
  maxDurationUs?: number;
  /** true: only failing traces; false: only traces without a failing span. */
  error?: boolean;
}

function spanMatches(span: Span, filter: TraceFilter): boolean {
  if (!filter.owns(span)) return false;
  if (filter.operation && span.operation !== filter.operation) return false;
  if (filter.minDurationUs !== undefined && span.duration < filter.minDurationUs) return false;
  if (filter.maxDurationUs !== undefined && span.duration > filter.maxDurationUs) return false;
  for (const [key, value] of Object.entries(filter.tags ?? {})) {
    const actual = key === 'error' ? String(span.error) : span.tags[key];
    if (actual !== value) return false;
  }
  return true;
}

export function filterTraces(traces: readonly Trace[], filter: TraceFilter): Trace[] {
  return traces.filter(
    (trace) =>
      (filter.error === undefined || trace.error === filter.error) &&
      trace.spans.some((span) => spanMatches(span, filter)),
  );
}
