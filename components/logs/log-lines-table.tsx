'use client';
import Link from 'next/link';
import { useMemo, useState } from 'react';
import type { AccessLogFields, LogLine } from '@/lib/api/logs';
import { responseFlags } from '@/lib/response-flags';
import type { Column } from '../ui/table-column';
import { VirtualRows, type ScrollRequest } from '../ui/virtual-rows';
import { FindTrace } from './find-trace';
import { traceViewUrl } from './trace-view-url';
import type { EntityRef } from '../detail/entity-ref';

/** A line with where it comes from, for the merged view and the trace's lines. */
export interface SourcedLine {
  line: LogLine;
  pod?: string;
  container?: string;
}

/** hh:mm:ss.mmm of the kubelet's timestamp (UTC, as the log writes it); the full time is the cell's title. */
function shortTime(time: string | null): string {
  return time ? time.slice(11, 23) : '';
}

function Flags({ codes }: { codes: string[] }) {
  if (codes.length === 0) return <span className="text-slate-400">-</span>;
  const flags = responseFlags(codes.join(','));
  return (
    <span className="inline-flex flex-col gap-0.5">
      {flags.map((f) => (
        <span key={f.code} title={`${f.code} (${f.name}): ${f.meaning}`}>
          <abbr className="font-mono font-semibold text-red-800 no-underline">{f.code}</abbr>{' '}
          <span className="text-xs text-slate-600">{f.meaning.split(':')[0]}</span>
        </span>
      ))}
    </span>
  );
}

const statusLook = (code: number | null) =>
  code === null || code === 0 || code >= 500 ? 'text-red-700' : code >= 400 ? 'text-amber-700' : 'text-slate-800';

const MONO = 'truncate font-mono text-xs';

/** The access-log columns; a line that is not one shows its raw text across all but the time. */
function accessColumns(entity: EntityRef): Column<AccessLogFields>[] {
  return [
    { id: 'method', header: 'Method', width: '4.5rem', cellClassName: MONO, cell: (f) => f.method ?? '-' },
    {
      id: 'path',
      header: 'Path',
      width: 'minmax(8rem, 1.5fr)',
      cellClassName: MONO,
      cell: (f) => <span title={f.path ?? undefined}>{f.path ?? '-'}</span>,
    },
    {
      id: 'status',
      header: 'Status',
      width: '4rem',
      cell: (f) => <span className={`font-mono ${statusLook(f.responseCode)}`}>{f.responseCode ?? '-'}</span>,
    },
    {
      id: 'flags',
      header: 'Flags',
      width: 'minmax(7rem, 1fr)',
      cellClassName: 'py-1',
      cell: (f) => <Flags codes={f.responseFlags} />,
    },
    {
      id: 'duration',
      header: 'Duration',
      width: '5.5rem',
      cellClassName: 'truncate text-right tabular-nums',
      cell: (f) => (f.durationMs === null ? '-' : `${f.durationMs} ms`),
    },
    {
      id: 'cluster',
      header: 'Upstream cluster',
      width: 'minmax(10rem, 1.5fr)',
      cellClassName: MONO,
      cell: (f) => <span title={f.upstreamCluster ?? undefined}>{f.upstreamCluster ?? '-'}</span>,
    },
    { id: 'host', header: 'Upstream host', width: '9rem', cellClassName: MONO, cell: (f) => f.upstreamHost ?? '-' },
    { id: 'request', header: 'Request id', width: '18.5rem', cellClassName: MONO, cell: (f) => f.requestId ?? '-' },
    {
      id: 'trace',
      header: 'Trace',
      width: '7rem',
      cellClassName: 'text-xs',
      cell: (f) =>
        f.traceId ? (
          <Link className="text-sky-700 underline" href={traceViewUrl(entity, f.traceId)}>
            {f.traceId.slice(0, 12)}
          </Link>
        ) : f.requestId ? (
          <FindTrace entity={entity} requestId={f.requestId} time={f.startTime} />
        ) : null,
    },
  ];
}

const isMarked = (marked: ReadonlySet<string> | undefined, { line }: SourcedLine) =>
  !!(marked && line.fields?.requestId && marked.has(line.fields.requestId));

/**
 * Log lines in a bounded, scrolling box, only those in view drawn (a page is hundreds of lines, two panes side by side):
 * an access-log line in columns (the response flags in words), any other line as written. `marked` request ids
 * highlight their lines and bring the first into view; `follow` keeps the newest line, the last, in view; a page of
 * older lines loaded above keeps the line that was first where it was.
 */
export function LogLinesTable({
  label,
  lines,
  entity,
  showSource = false,
  marked,
  follow = false,
}: {
  label: string;
  lines: readonly SourcedLine[];
  entity: EntityRef;
  showSource?: boolean;
  marked?: ReadonlySet<string>;
  follow?: boolean;
}) {
  const columns = useMemo((): Column<SourcedLine>[] => {
    const fieldsOf = ({ sortValue: _unsorted, ...c }: Column<AccessLogFields>): Column<SourcedLine> => ({
      ...c,
      cell: (s) => (s.line.fields ? c.cell(s.line.fields) : null),
    });
    const time: Column<SourcedLine> = {
      id: 'time',
      header: 'Time',
      width: '7.5rem',
      cellClassName: 'truncate font-mono text-xs',
      cell: (s) => <span title={s.line.time ?? undefined}>{shortTime(s.line.time)}</span>,
    };
    const source: Column<SourcedLine> = {
      id: 'source',
      header: 'Source',
      width: 'minmax(10rem, 1fr)',
      cellClassName: 'truncate text-xs text-slate-600',
      cell: (s) => [s.pod, s.container].filter(Boolean).join(' · '),
    };
    return [time, ...(showSource ? [source] : []), ...accessColumns(entity).map(fieldsOf)];
  }, [entity, showSource]);

  const keyOf = (s: SourcedLine) => `${s.pod ?? ''}/${s.container ?? ''}/${s.line.time ?? ''}`;
  // Older lines put above the first one keep it in view: the request is kept with the first line it was made for
  // (state from the render before, as React's "storing information from previous renders" does).
  const firstKey = lines[0] ? keyOf(lines[0]) : null;
  const [older, setOlder] = useState<{ first: string | null; request: ScrollRequest | null }>({
    first: firstKey,
    request: null,
  });
  if (older.first !== firstKey) {
    const was = older.first === null ? -1 : lines.findIndex((s) => keyOf(s) === older.first);
    setOlder({ first: firstKey, request: was > 0 ? { index: was, align: 'start', id: `older:${firstKey}` } : null });
  }
  // Which line to bring into view: the first marked one, else the newest while following, else the one that was
  // first before older lines came above it.
  const markedIndex = marked ? lines.findIndex((s) => isMarked(marked, s)) : -1;
  const scrollTo: ScrollRequest | null =
    markedIndex >= 0
      ? { index: markedIndex, align: 'center', id: `marked:${[...marked!].join(',')}` }
      : follow && lines.length > 0
        ? { index: lines.length - 1, align: 'end', id: `end:${keyOf(lines[lines.length - 1]!)}` }
        : older.request;

  return (
    <VirtualRows
      label={label}
      rows={lines}
      columns={columns}
      rowKey={(s, i) => `${keyOf(s)}/${i}`}
      headerCell={(c) => ({ ariaSort: undefined, content: c.header })}
      boxClassName="max-h-[32rem]"
      variableHeight
      leadColumns={showSource ? 2 : 1}
      rowAttributes={(s) =>
        isMarked(marked, s)
          ? { 'data-marked': 'true', className: 'bg-amber-100 outline outline-1 outline-amber-400' }
          : undefined
      }
      wideCell={(s) =>
        s.line.fields ? undefined : (
          <span className="font-mono text-xs break-all whitespace-pre-wrap">{s.line.raw}</span>
        )
      }
      scrollTo={scrollTo}
    />
  );
}
