'use client';
import type { AuditEntry } from '@/lib/api/traffic-change';
import { Loading, SourceDown } from '../ui/panel-message';
import { useTrafficHistory, type ServiceRef } from './use-traffic';

const RESULTS: Record<AuditEntry['result'], string> = {
  applied: 'applied',
  failed: 'failed',
  conflict: 'refused: changed since planned',
};

const when = (rfc3339: string) => new Date(rfc3339).toLocaleString();

/**
 * The service's audit log, newest first: who changed its routing, when, what, and whether it was written; each
 * applied change offers a return to the state before it (previewed, then applied, as any change).
 */
export function TrafficHistory({
  service,
  onRollback,
  disabled,
}: {
  service: ServiceRef;
  onRollback: (entry: AuditEntry) => void;
  disabled: string | null;
}) {
  const history = useTrafficHistory(service);
  const { data, error, isPending } = history;
  if (isPending) return <Loading>Loading the history of {service.name}…</Loading>;
  if (!data || data.error)
    return (
      <SourceDown
        what="History"
        reason={data?.error ?? error?.message ?? 'no answer'}
        retry={() => void history.refetch()}
        retrying={history.isFetching}
      />
    );
  if (data.entries.length === 0)
    return (
      <p className="text-sm text-slate-600">No change to the routing of {service.name} made through Sextant yet.</p>
    );
  return (
    <div className="space-y-1">
      <ol aria-label={`Routing changes of ${service.name}`} className="space-y-1.5 text-sm">
        {data.entries.map((e) => (
          <li key={e.id} id={`audit-${e.id}`} className="space-y-0.5 rounded border border-slate-200 px-2 py-1">
            <p>
              <span className="font-medium">{e.kind === 'rollback' ? 'Rollback' : 'Change'}</span>: {e.intent}
            </p>
            <p className="text-xs text-slate-600">
              {when(e.time)} by {e.user}, {RESULTS[e.result]}
              {e.message && ` (${e.message})`}
            </p>
            {e.result === 'applied' && (
              <button
                type="button"
                disabled={disabled !== null}
                title={disabled ?? undefined}
                onClick={() => onRollback(e)}
                className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 disabled:opacity-50"
              >
                Roll back to before this
              </button>
            )}
          </li>
        ))}
      </ol>
      {data.dropped > 0 && (
        <p className="text-xs text-slate-500">
          {data.dropped} older entries were dropped from the log to keep it small.
        </p>
      )}
    </div>
  );
}
