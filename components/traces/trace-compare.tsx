'use client';
import type { Trace } from '@/lib/api/traces';
import { useTrace } from '@/lib/api/use-entity-traces';
import { formatDuration } from '@/lib/format';
import { criticalPath } from '@/lib/traces/critical-path';
import { Failure, Loading } from '../ui/panel-message';
import { SpanWaterfall } from './span-waterfall';

/** Per service, the time the trace's critical path spends in it (µs): where the end-to-end time went. */
function criticalTimeByService(trace: Trace): Map<string, number> {
  const serviceOf = new Map(trace.spans.map((s) => [s.spanId, s.service]));
  const out = new Map<string, number>();
  for (const s of criticalPath(trace.spans)) {
    const service = serviceOf.get(s.spanId)!;
    out.set(service, (out.get(service) ?? 0) + s.end - s.start);
  }
  return out;
}

/** Two traces of the same operation side by side, and where their critical paths spent the time, service by service. */
export function TraceCompare({ left, rightId }: { left: Trace; rightId: string }) {
  const right = useTrace(rightId);
  if (right.error) return <Failure what="The trace to compare" error={right.error} />;
  if (!right.data) return <Loading>Loading the trace to compare…</Loading>;
  const a = criticalTimeByService(left);
  const b = criticalTimeByService(right.data);
  const services = [...new Set([...a.keys(), ...b.keys()])];
  return (
    <section aria-label="Comparison" className="space-y-2">
      <table aria-label="Critical path time by service" className="text-xs">
        <thead className="text-left text-slate-500">
          <tr>
            <th className="pr-4 font-normal">Service</th>
            <th className="pr-4 font-normal">This trace</th>
            <th className="pr-4 font-normal">Compared</th>
            <th className="font-normal">Difference</th>
          </tr>
        </thead>
        <tbody>
          {services.map((service) => {
            const diff = ((b.get(service) ?? 0) - (a.get(service) ?? 0)) / 1000;
            return (
              <tr key={service}>
                <th scope="row" className="pr-4 text-left font-normal">
                  {service}
                </th>
                <td className="pr-4">{formatDuration((a.get(service) ?? 0) / 1000)}</td>
                <td className="pr-4">{formatDuration((b.get(service) ?? 0) / 1000)}</td>
                <td className={diff > 0 ? 'text-red-700' : 'text-emerald-700'}>
                  {diff > 0 ? '+' : ''}
                  {formatDuration(diff)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="grid grid-cols-2 gap-2">
        {[left, right.data].map((trace, i) => (
          <div key={trace.traceId} className="space-y-1">
            <p className="text-xs text-slate-600">
              {i === 0 ? 'This trace' : 'Compared'} <code>{trace.traceId.slice(0, 12)}</code>:{' '}
              {formatDuration(trace.duration / 1000)}, {trace.spans.length} spans
              {trace.error && <span className="ml-1 text-red-700">failed</span>}
            </p>
            <SpanWaterfall
              trace={trace}
              selectedSpanId={null}
              onSelect={() => undefined}
              label={i === 0 ? 'Spans of this trace' : 'Spans of the compared trace'}
            />
          </div>
        ))}
      </div>
    </section>
  );
}
