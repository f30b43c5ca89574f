'use client';
import Link from 'next/link';
import type { Trace } from '@/lib/api/traces';
import { formatDuration } from '@/lib/format';
import { DataTable } from '../ui/data-table';
import type { Column } from '../ui/table-column';
import { rootOperation } from './trace-facts';

// The clock time a person reads, with the exact instant in the element (and its title) for anyone who needs it.
const time = (trace: Trace) => {
  const at = new Date(trace.startTime / 1000);
  return (
    <time dateTime={at.toISOString()} title={at.toISOString()}>
      {at.toLocaleTimeString()}
    </time>
  );
};

/**
 * The traces as a sortable table in a bounded box (up to the search's limit of traces, only those in view drawn, so
 * the scatter and filters above stay in reach); a trace's name opens it.
 */
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
      width: 'minmax(12rem, 2fr)',
    },
    { id: 'started', header: 'Started', cell: time, sortValue: (t) => t.startTime, width: '7.5rem' },
    {
      id: 'duration',
      header: 'Duration',
      cell: (t) => formatDuration(t.duration / 1000),
      sortValue: (t) => t.duration,
      width: '6.5rem',
    },
    {
      id: 'status',
      header: 'Status',
      cell: (t) => (t.error ? <span className="text-red-700">error</span> : 'ok'),
      sortValue: (t) => (t.error ? 1 : 0),
      width: '5.5rem',
    },
    { id: 'spans', header: 'Spans', cell: (t) => t.spans.length, sortValue: (t) => t.spans.length, width: '4.5rem' },
    {
      id: 'services',
      header: 'Services',
      cell: (t) => <span title={t.services.join(', ')}>{t.services.join(', ')}</span>,
      sortValue: (t) => t.services.length,
      width: 'minmax(12rem, 2fr)',
    },
    {
      id: 'id',
      header: 'Trace id',
      cell: (t) => <code className="text-xs">{t.traceId.slice(0, 12)}</code>,
      sortValue: (t) => t.traceId,
      width: '8rem',
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
      boundedBox="max-h-[26rem]"
    />
  );
}
