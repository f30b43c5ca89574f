'use client';
import Link from 'next/link';
import type { Trace } from '@/lib/api/traces';
import { formatDuration } from '@/lib/format';
import { DataTable } from '../ui/data-table';
import type { Column } from '../ui/table-column';
import { rootOperation } from './trace-facts';

const time = (trace: Trace) => new Date(trace.startTime / 1000).toLocaleTimeString();

/** The traces as a sortable table; a trace's name opens it. */
export function TracesList({ traces, hrefFor }: { traces: Trace[]; hrefFor: (traceId: string) => string }) {
  const columns: Column<Trace>[] = [
    {
      id: 'trace',
      header: 'Trace',
      rowHeader: true,
      cell: (t) => (
        <Link href={hrefFor(t.traceId)} scroll={false} className="text-sky-700 hover:underline">
          {rootOperation(t)}
        </Link>
      ),
      sortValue: (t) => rootOperation(t),
    },
    { id: 'started', header: 'Started', cell: time, sortValue: (t) => t.startTime },
    {
      id: 'duration',
      header: 'Duration',
      cell: (t) => formatDuration(t.duration / 1000),
      sortValue: (t) => t.duration,
    },
    {
      id: 'status',
      header: 'Status',
      cell: (t) => (t.error ? <span className="text-red-700">error</span> : 'ok'),
      sortValue: (t) => (t.error ? 1 : 0),
    },
    { id: 'spans', header: 'Spans', cell: (t) => t.spans.length, sortValue: (t) => t.spans.length },
    { id: 'services', header: 'Services', cell: (t) => t.services.join(', '), sortValue: (t) => t.services.length },
    {
      id: 'id',
      header: 'Trace id',
      cell: (t) => <code className="text-xs">{t.traceId.slice(0, 12)}</code>,
      sortValue: (t) => t.traceId,
    },
  ];
  return (
    <DataTable
      label="Traces"
      noun="traces"
      rows={traces}
      columns={columns}
      rowKey={(t) => t.traceId}
      filterText={(t) => `${rootOperation(t)} ${t.services.join(' ')} ${t.traceId}`.toLowerCase()}
    />
  );
}
