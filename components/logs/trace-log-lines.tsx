'use client';
import { useTraceLogs } from '@/lib/api/use-logs';
import type { EntityRef } from '../detail/entity-ref';
import { Empty, Failure, Loading, SourceDown } from '../ui/panel-message';
import { ApiError } from '@/lib/api/fetch-json';
import { LogLinesTable } from './log-lines-table';

/**
 * Under a trace: its access-log lines in each proxy it crossed, by pod, in time order; `marked` request ids (the
 * chosen span's) are highlighted. For the trace view of the Traces tab.
 */
export function TraceLogLines({
  entity,
  traceId,
  marked,
}: {
  entity: EntityRef;
  traceId: string;
  marked?: ReadonlySet<string>;
}) {
  const { data, error, isPending, refetch, isFetching } = useTraceLogs(traceId);
  if (error) {
    if (error instanceof ApiError && /^(kubernetes|jaeger)_/.test(error.code))
      return (
        <SourceDown what="Access-log lines" reason={error.message} retry={() => void refetch()} retrying={isFetching} />
      );
    return <Failure what="Access-log lines" error={error} />;
  }
  if (isPending) return <Loading>Reading the access logs of the proxies on this trace…</Loading>;
  if (data.lines.length === 0)
    return (
      <Empty>No access-log line of this trace is left in its proxies&apos; logs (access logging may be off).</Empty>
    );
  const pods = [...new Set(data.lines.map((l) => `${l.namespace}/${l.pod}`))];
  return (
    <section aria-label="Access-log lines of the trace" className="space-y-2">
      <p className="text-sm text-slate-600">
        {data.lines.length} access-log lines in {pods.length} proxies: {pods.join(', ')}
      </p>
      <LogLinesTable
        label="Access-log lines of the trace"
        lines={data.lines.map((l) => ({ line: l, pod: l.pod, container: l.container }))}
        entity={entity}
        showSource
        marked={marked}
      />
    </section>
  );
}
