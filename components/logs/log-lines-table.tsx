'use client';
import Link from 'next/link';
import type { AccessLogFields, LogLine } from '@/lib/api/logs';
import { responseFlags } from '@/lib/response-flags';
import { PlainTable } from '../ui/plain-table';
import { FindTrace } from './find-trace';
import { traceViewUrl } from './trace-view-url';
import type { EntityRef } from '../detail/entity-ref';

/** A line with where it comes from, for the merged view and the trace's lines. */
export interface SourcedLine {
  line: LogLine;
  pod?: string;
  container?: string;
}

const ACCESS_COLUMNS = [
  'Time',
  'Method',
  'Path',
  'Status',
  'Flags',
  'Duration',
  'Upstream cluster',
  'Upstream host',
  'Request id',
  'Trace',
] as const;

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

function AccessCells({ fields, entity }: { fields: AccessLogFields; entity: EntityRef }) {
  return (
    <>
      <td className="px-2 py-1 font-mono text-xs">{fields.method ?? '-'}</td>
      <td className="max-w-64 truncate px-2 py-1 font-mono text-xs" title={fields.path ?? undefined}>
        {fields.path ?? '-'}
      </td>
      <td className={`px-2 py-1 font-mono ${statusLook(fields.responseCode)}`}>{fields.responseCode ?? '-'}</td>
      <td className="px-2 py-1">
        <Flags codes={fields.responseFlags} />
      </td>
      <td className="px-2 py-1 text-right tabular-nums">
        {fields.durationMs === null ? '-' : `${fields.durationMs} ms`}
      </td>
      <td className="max-w-72 truncate px-2 py-1 font-mono text-xs" title={fields.upstreamCluster ?? undefined}>
        {fields.upstreamCluster ?? '-'}
      </td>
      <td className="px-2 py-1 font-mono text-xs">{fields.upstreamHost ?? '-'}</td>
      <td className="px-2 py-1 font-mono text-xs">{fields.requestId ?? '-'}</td>
      <td className="px-2 py-1 text-xs">
        {fields.traceId ? (
          <Link className="text-sky-700 underline" href={traceViewUrl(entity, fields.traceId)}>
            {fields.traceId.slice(0, 12)}
          </Link>
        ) : fields.requestId ? (
          <FindTrace entity={entity} requestId={fields.requestId} time={fields.startTime} />
        ) : null}
      </td>
    </>
  );
}

/**
 * Log lines as a table: an access-log line in columns (the response flags in words), any other line as written.
 * `marked` request ids highlight their lines (a trace's lines among the others).
 */
export function LogLinesTable({
  label,
  lines,
  entity,
  showSource = false,
  marked,
}: {
  label: string;
  lines: readonly SourcedLine[];
  entity: EntityRef;
  showSource?: boolean;
  marked?: ReadonlySet<string>;
}) {
  const columns = showSource ? [ACCESS_COLUMNS[0], 'Source', ...ACCESS_COLUMNS.slice(1)] : [...ACCESS_COLUMNS];
  return (
    <PlainTable label={label} columns={columns} dense>
      {lines.map(({ line, pod, container }, i) => {
        const isMarked = !!(marked && line.fields?.requestId && marked.has(line.fields.requestId));
        return (
          <tr
            key={`${line.time}-${i}`}
            data-marked={isMarked || undefined}
            className={isMarked ? 'bg-amber-100 outline outline-1 outline-amber-400' : undefined}
          >
            <td className="px-2 py-1 font-mono text-xs whitespace-nowrap" title={line.time ?? undefined}>
              {shortTime(line.time)}
            </td>
            {showSource && (
              <td className="px-2 py-1 text-xs whitespace-nowrap text-slate-600">
                {[pod, container].filter(Boolean).join(' · ')}
              </td>
            )}
            {line.fields ? (
              <AccessCells fields={line.fields} entity={entity} />
            ) : (
              <td
                colSpan={ACCESS_COLUMNS.length - 1}
                className="px-2 py-1 font-mono text-xs break-all whitespace-pre-wrap"
              >
                {line.raw}
              </td>
            )}
          </tr>
        );
      })}
    </PlainTable>
  );
}
