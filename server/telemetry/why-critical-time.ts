// Where the traces' time went, per service: the critical path of each trace (lib/traces/critical-path.ts, Jaeger UI's
// walk, the one the Traces tab draws) summed by the service of each section's span. Pure, on the console's Trace, so
// it reads Jaeger's and Tempo's traces alike.
import type { Trace } from '../../lib/api/traces.js';
import { criticalPath } from '../../lib/traces/critical-path.js';

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
export function criticalTimeByService(traces: readonly Trace[]): ServiceCriticalTime[] {
  const totals = new Map<string, { totalUs: number; traces: number }>();
  let allUs = 0;
  for (const trace of traces) {
    const serviceOf = new Map(trace.spans.map((s) => [s.spanId, s.service]));
    const seen = new Set<string>();
    for (const section of criticalPath(trace.spans)) {
      const us = section.end - section.start;
      if (us <= 0) continue;
      const service = serviceOf.get(section.spanId) ?? 'unknown';
      const t = totals.get(service) ?? { totalUs: 0, traces: 0 };
      t.totalUs += us;
      if (!seen.has(service)) t.traces++;
      seen.add(service);
      totals.set(service, t);
      allUs += us;
    }
  }
  return [...totals]
    .map(([service, t]) => ({ service, ...t, share: allUs > 0 ? t.totalUs / allUs : 0 }))
    .sort((a, b) => b.totalUs - a.totalUs || a.service.localeCompare(b.service));
}
