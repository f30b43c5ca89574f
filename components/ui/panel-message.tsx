import type { ReactNode } from 'react';
import { ApiError } from '@/lib/api/fetch-json';

// What a person can do about each kind of failure; the route's message already says what failed.
function adviceFor(error: Error): string | null {
  if (!(error instanceof ApiError)) return null;
  if (error.code.startsWith('kubernetes_')) return 'Check KUBECONFIG and that the cluster answers, then refresh.';
  if (error.code.startsWith('prometheus_')) return 'Check PROMETHEUS_URL and that Prometheus is up, then refresh.';
  if (error.code.startsWith('jaeger_')) return 'Check JAEGER_URL and that Jaeger is up, then refresh.';
  if (error.code.startsWith('tempo_')) return 'Check TEMPO_URL and that Tempo is up, then refresh.';
  if (error.code === 'not_found') return 'It may have been deleted; go back to the list.';
  if (error.code === 'unreachable') return 'Check that the Sextant server is running, then refresh.';
  if (error.status >= 500) return 'See the Sextant server log for details.';
  return null;
}

export function Loading({ children }: { children: ReactNode }) {
  return (
    <p role="status" className="flex items-center gap-2 p-4 text-sm text-slate-600">
      <span
        aria-hidden="true"
        className="h-3 w-3 animate-spin rounded-full border-2 border-slate-300 border-t-sky-600"
      />
      {children}
    </p>
  );
}

export function Failure({ what, error }: { what: string; error: Error | null }) {
  const advice = error && adviceFor(error);
  return (
    <div role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-900">
      <p className="font-medium">
        {what} unavailable: {error?.message ?? 'no answer'}
      </p>
      {advice && <p className="mt-1 text-red-800">{advice}</p>}
    </div>
  );
}

/** A refresh failed but the last data stays on screen. */
export function RefreshFailed({ error }: { error: Error }) {
  const advice = adviceFor(error);
  return (
    <p role="alert" className="rounded border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
      Refresh failed, showing the last data: {error.message}
      {advice && ` ${advice}`}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return (
    <p className="rounded border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-600">{children}</p>
  );
}

/**
 * A source (Prometheus, a proxy) that failed greys its own panel, not the page: what is unavailable, the reason, and a
 * retry that asks again.
 */
export function SourceDown({
  what,
  reason,
  retry,
  retrying,
  children,
}: {
  what: string;
  reason: string;
  retry: () => void;
  retrying: boolean;
  /** What to check, under the reason. */
  children?: ReactNode;
}) {
  return (
    <div
      role="alert"
      className="flex items-start justify-between gap-3 rounded border border-slate-300 bg-slate-100 p-3 text-sm text-slate-700"
    >
      <div className="space-y-1">
        <p>
          <span className="font-medium">{what} unavailable: </span>
          {reason}
        </p>
        {children && <p>{children}</p>}
      </div>
      <button
        type="button"
        onClick={retry}
        disabled={retrying}
        className="rounded border border-slate-400 bg-white px-2 py-1 text-sm hover:bg-slate-50 disabled:opacity-50"
      >
        {retrying ? 'Retrying…' : 'Retry'}
      </button>
    </div>
  );
}
