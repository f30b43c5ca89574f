'use client';
import { useEffect, useRef } from 'react';
import { ApiError } from '@/lib/api/fetch-json';
import { traceLogsRoute, type TraceLogLine } from '@/lib/api/logs';
import type { Span } from '@/lib/api/traces';
import { useRoute } from '@/lib/api/use-route';
import { formatDuration } from '@/lib/format';
import { Failure, Loading, SourceDown } from '../ui/panel-message';

/** The line a span's proxy wrote: same request id, same pod. */
export const lineOfSpan = (line: TraceLogLine, span: Span | null) =>
  span !== null && line.requestId === span.requestId && line.pod === span.pod;

/**
 * The trace's access-log lines from every proxy it crossed (`/api/traces/{id}/logs`, joined on the request id, shown
 * so that a person sees the join), the chosen span's own line marked. When that route cannot answer, the trace view stands and says so here: a source
 * down (Kubernetes for the logs, the tracing backend for the trace) greys this panel alone, with a Retry.
 */
export function TraceAccessLogs({ traceId, selected }: { traceId: string; selected: Span | null }) {
  const logs = useRoute(traceLogsRoute, { path: { traceId }, keepPrevious: false });
  // The chosen span's line is brought into view (the waterfall above can be long); the person's own scrolling stays
  // theirs until another span is chosen.
  const markedRow = useRef<HTMLTableRowElement | null>(null);
  const selectedId = selected?.spanId;
  const loaded = !!logs.data;
  useEffect(() => {
    if (selectedId && loaded) markedRow.current?.scrollIntoView({ block: 'nearest' });
  }, [selectedId, loaded]);
  const firstMarked = logs.data?.lines.findIndex((line) => lineOfSpan(line, selected)) ?? -1;
  return (
    <section aria-label="Access logs of this trace" className="space-y-1">
      <h4 className="text-sm font-medium text-slate-800">Access-log lines of this trace</h4>
      {logs.error ? (
        logs.error instanceof ApiError && /^(kubernetes|jaeger|tempo)_/.test(logs.error.code) ? (
          <SourceDown
            what="Access logs"
            reason={logs.error.message}
            retry={() => void logs.refetch()}
            retrying={logs.isFetching}
          />
        ) : (
          <Failure what="Access logs" error={logs.error} />
        )
      ) : !logs.data ? (
        <Loading>Loading the proxies&apos; access logs…</Loading>
      ) : logs.data.lines.length === 0 ? (
        <p className="text-xs text-slate-500">No proxy on this trace&apos;s path logged its request id.</p>
      ) : (
        <table aria-label="Access-log lines" className="w-full text-xs [&_td]:pr-3 [&_th]:pr-3">
          <thead className="text-left text-slate-500">
            <tr>
              <th className="font-normal">Pod</th>
              <th className="font-normal">Time</th>
              <th className="font-normal">Request</th>
              <th className="font-normal">Status</th>
              <th className="font-normal">Flags</th>
              <th className="font-normal">Duration</th>
              <th className="font-normal">Upstream</th>
              <th className="font-normal">Request id</th>
            </tr>
          </thead>
          <tbody>
            {logs.data.lines.map((line, i) => {
              const marked = lineOfSpan(line, selected);
              const f = line.fields;
              return (
                <tr
                  key={`${line.pod}-${i}`}
                  ref={i === firstMarked ? markedRow : undefined}
                  aria-current={marked ? 'true' : undefined}
                  data-marked={marked ? 'true' : undefined}
                  title={line.raw}
                  className={`border-t border-slate-100 ${marked ? 'bg-amber-100 font-medium' : ''}`}
                >
                  <td>
                    {line.namespace}/{line.pod} <span className="text-slate-500">{line.container}</span>
                  </td>
                  <td>{f.startTime ?? line.time ?? '—'}</td>
                  <td className="break-all">
                    {f.method ?? ''} {f.path ?? ''}
                  </td>
                  <td className={(f.responseCode ?? 0) >= 500 ? 'text-red-700' : undefined}>{f.responseCode ?? '—'}</td>
                  <td>{f.responseFlags.join(',') || '—'}</td>
                  <td>{f.durationMs === null ? '—' : formatDuration(f.durationMs)}</td>
                  <td className="break-all">{f.upstreamCluster ?? '—'}</td>
                  <td className="font-mono">{line.requestId}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
