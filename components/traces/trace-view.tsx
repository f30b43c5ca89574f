'use client';
import Link from 'next/link';
import { useMemo } from 'react';
import { ApiError } from '@/lib/api/fetch-json';
import type { Trace } from '@/lib/api/traces';
import { useTrace } from '@/lib/api/use-entity-traces';
import { formatDuration } from '@/lib/format';
import { criticalPath, criticalSpanIds } from '@/lib/traces/critical-path';
import { Failure, Loading, SourceDown } from '../ui/panel-message';
import { SpanDetails } from './span-details';
import { SpanWaterfall } from './span-waterfall';
import { TraceAccessLogs } from './trace-access-logs';
import { TraceCompare } from './trace-compare';
import { rootOperation } from './trace-facts';

/**
 * One trace: its span waterfall by service with the critical path, the chosen span's tags and process, the trace's
 * access-log lines with that span's own line marked, and a comparison with another trace of the same operation.
 */
export function TraceView({
  traceId,
  spanId,
  compareId,
  candidates,
  backHref,
  onSelectSpan,
  onCompare,
}: {
  traceId: string;
  spanId: string | null;
  compareId: string | null;
  /** Other traces found by the search, offered for the comparison when they share the operation. */
  candidates: Trace[];
  backHref: string;
  onSelectSpan: (spanId: string) => void;
  onCompare: (traceId: string | null) => void;
}) {
  const trace = useTrace(traceId);
  const data = trace.data;
  const critical = useMemo(() => (data ? criticalSpanIds(criticalPath(data.spans)) : new Set<string>()), [data]);
  const back = (
    <Link href={backHref} scroll={false} className="text-sm text-sky-700 hover:underline">
      ← All traces
    </Link>
  );
  if (trace.error) {
    // A trace that is not there (404) or an id that is not one (400) is said plainly; a backend down greys with a retry.
    const notFound = trace.error instanceof ApiError && (trace.error.status === 404 || trace.error.status === 400);
    return (
      <section aria-label="Trace" className="space-y-2">
        {back}
        {notFound ? (
          <Failure what="Trace" error={trace.error} />
        ) : (
          <SourceDown
            what="Trace"
            reason={trace.error.message}
            retry={() => void trace.refetch()}
            retrying={trace.isFetching}
          />
        )}
      </section>
    );
  }
  if (!data) return <Loading>Loading trace {traceId}…</Loading>;
  const selected = data.spans.find((s) => s.spanId === spanId) ?? null;
  const operation = rootOperation(data);
  const sameOperation = candidates.filter((t) => t.traceId !== data.traceId && rootOperation(t) === operation);
  return (
    <section aria-label="Trace" className="space-y-3">
      {back}
      <header className="space-y-0.5">
        <h3 className="text-base font-medium text-slate-900">{operation}</h3>
        <p className="text-xs text-slate-600">
          Trace <code>{data.traceId}</code> · {new Date(data.startTime / 1000).toLocaleString()} ·{' '}
          {formatDuration(data.duration / 1000)} · {data.spans.length} spans across {data.services.join(', ')}
          {data.error && <span className="ml-1 font-medium text-red-700">· failed</span>}
        </p>
        <p className="text-xs text-slate-500">
          <span aria-hidden="true" className="mr-1 inline-block h-2 w-4 bg-slate-900 align-middle" />
          Critical path: {critical.size} of {data.spans.length} spans bound the end-to-end time.
        </p>
      </header>
      <label className="flex items-center gap-2 text-xs text-slate-600">
        Compare with
        <select
          className="rounded border border-slate-300 px-1 py-0.5"
          value={compareId ?? ''}
          onChange={(e) => onCompare(e.target.value || null)}
        >
          <option value="">no other trace</option>
          {sameOperation.map((t) => (
            <option key={t.traceId} value={t.traceId}>
              {t.traceId.slice(0, 12)} · {formatDuration(t.duration / 1000)}
              {t.error ? ' · failed' : ''}
            </option>
          ))}
        </select>
      </label>
      {compareId ? (
        <TraceCompare left={data} rightId={compareId} />
      ) : (
        <div className="grid gap-3 lg:grid-cols-[3fr_2fr]">
          <SpanWaterfall trace={data} selectedSpanId={spanId} onSelect={onSelectSpan} />
          {selected ? (
            <SpanDetails span={selected} onCritical={critical.has(selected.spanId)} />
          ) : (
            <p className="text-xs text-slate-500">Choose a span to see its tags, its pod and its access-log line.</p>
          )}
        </div>
      )}
      <TraceAccessLogs traceId={data.traceId} selected={selected} />
    </section>
  );
}
