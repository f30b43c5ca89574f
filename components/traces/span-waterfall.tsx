'use client';
import { useMemo } from 'react';
import type { Trace } from '@/lib/api/traces';
import { formatDuration } from '@/lib/format';
import { criticalPath } from '@/lib/traces/critical-path';
import { spanStatus, spansByService } from './trace-facts';

// A few colours per service, in the order services appear, so the same trace reads the same every time.
const SERVICE_COLOURS = ['#0284c7', '#16a34a', '#9333ea', '#ca8a04', '#0891b2', '#db2777', '#4b5563', '#ea580c'];

const pct = (v: number) => `${Math.max(0, Math.min(100, v)).toFixed(3)}%`;

/**
 * The spans of a trace on one time line, grouped by service; failed spans red, the critical path (Jaeger UI's, see
 * lib/traces/critical-path.ts) drawn as a dark band inside the bars it runs through. A click chooses a span.
 */
export function SpanWaterfall({
  trace,
  selectedSpanId,
  onSelect,
  label = 'Spans',
}: {
  trace: Trace;
  selectedSpanId: string | null;
  onSelect: (spanId: string) => void;
  label?: string;
}) {
  const groups = useMemo(() => spansByService(trace), [trace]);
  const sectionsBySpan = useMemo(() => {
    const map = new Map<string, { start: number; end: number }[]>();
    for (const s of criticalPath(trace.spans)) {
      const list = map.get(s.spanId);
      if (list) list.push(s);
      else map.set(s.spanId, [s]);
    }
    return map;
  }, [trace]);
  const t0 = trace.startTime;
  const total = Math.max(trace.duration, 1);
  const at = (us: number) => ((us - t0) / total) * 100;
  return (
    <div role="table" aria-label={label} className="self-start rounded border border-slate-200 bg-white text-xs">
      <div role="row" className="flex border-b border-slate-200 bg-slate-50 px-2 py-1 font-medium text-slate-600">
        <span role="columnheader" className="w-2/5 shrink-0">
          Service and operation
        </span>
        <span role="columnheader" className="flex flex-1 justify-between">
          <span>0 ms</span>
          <span>{formatDuration(trace.duration / 1000)}</span>
        </span>
      </div>
      {groups.map((group, g) => {
        const colour = SERVICE_COLOURS[g % SERVICE_COLOURS.length]!;
        return (
          <div role="rowgroup" key={group.service} aria-label={group.service}>
            <div role="row" className="border-b border-slate-100 bg-slate-50/60 px-2 py-0.5 font-medium text-slate-800">
              <span role="rowheader" className="inline-flex items-center gap-1">
                <span aria-hidden="true" className="inline-block h-2 w-2 rounded-full" style={{ background: colour }} />
                {group.service}
              </span>
            </div>
            {group.spans.map((span) => {
              const critical = sectionsBySpan.get(span.spanId);
              const selected = span.spanId === selectedSpanId;
              const status = spanStatus(span);
              return (
                <div
                  role="row"
                  key={span.spanId}
                  aria-selected={selected}
                  data-span-id={span.spanId}
                  data-critical={critical ? 'true' : undefined}
                  onClick={() => onSelect(span.spanId)}
                  className={`flex cursor-pointer items-center px-2 py-0.5 hover:bg-sky-50 ${selected ? 'bg-sky-100' : ''}`}
                >
                  <span role="cell" className="w-2/5 shrink-0 truncate pr-2" title={span.operation}>
                    <button
                      type="button"
                      className="text-left text-slate-800 hover:underline"
                      onClick={(e) => {
                        e.stopPropagation();
                        onSelect(span.spanId);
                      }}
                    >
                      {span.operation}
                    </button>{' '}
                    {/* The status before the pod: a long pod name is what the column cuts, not the 503 UF. */}
                    {status && (
                      <span className={span.error ? 'mr-1 text-red-700' : 'mr-1 text-slate-500'}>{status}</span>
                    )}
                    <span className="text-slate-500">{span.pod ?? ''}</span>
                    {critical && <span className="sr-only"> (on the critical path)</span>}
                  </span>
                  <span role="cell" className="relative h-3 flex-1">
                    <span
                      className="absolute top-0 h-3 rounded-sm"
                      style={{
                        left: pct(at(span.startTime)),
                        width: `max(1px, ${pct((span.duration / total) * 100)})`,
                        background: span.error ? '#dc2626' : colour,
                        opacity: 0.45,
                      }}
                    />
                    {critical?.map((s) => (
                      <span
                        key={s.start}
                        data-critical-section=""
                        className="absolute top-0.5 h-2 bg-slate-900"
                        style={{ left: pct(at(s.start)), width: `max(1px, ${pct(((s.end - s.start) / total) * 100)})` }}
                      />
                    ))}
                    <span className="absolute right-0 top-0 text-[10px] leading-3 text-slate-600">
                      {formatDuration(span.duration / 1000)}
                    </span>
                  </span>
                </div>
              );
            })}
          </div>
        );
      })}
    </div>
  );
}
