'use client';
import { useEffect, useState } from 'react';
import type { TrafficRoutingResponse } from '@/lib/api/traffic-change';
import { useCanaryRun, useFollowCanarySteps } from '@/lib/api/use-canary';
import { Loading, SourceDown } from '../ui/panel-message';
import { CanaryActions } from './canary-actions';
import { isActive } from './canary-format';
import { CanaryRunStatus } from './canary-run-status';
import { CanaryStartForm } from './canary-start-form';
import { CanaryTimeline } from './canary-timeline';

type ServiceRef = { namespace: string; name: string };

/** The page's clock, ticking each second while `on`: the "next step in 8 s" counts down between polls. */
function useNow(on: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!on) return;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [on]);
  return now;
}

/**
 * The service's progressive canary (issue 20): the latest run (where it is, its actions, its steps), or a form to
 * start one when none is running. The run steps on the server; the page follows it.
 */
export function CanaryPanel({
  service,
  routing,
  readOnly,
}: {
  service: ServiceRef;
  routing: TrafficRoutingResponse;
  readOnly: string | null;
}) {
  const query = useCanaryRun(service);
  const { data: run, error, isPending } = query;
  const now = useNow(run?.phase === 'progressing');
  useFollowCanarySteps(service, run);
  return (
    <section aria-label={`Canary of ${service.name}`} className="space-y-2 rounded border border-slate-200 p-2">
      <h3 className="text-sm font-semibold">Progressive canary</h3>
      {isPending ? (
        <Loading>Loading the canary of {service.name}…</Loading>
      ) : run === undefined ? (
        <SourceDown
          what={`Canary of ${service.name}`}
          reason={error?.message ?? 'no answer'}
          retry={() => void query.refetch()}
          retrying={query.isFetching}
        />
      ) : (
        <>
          {error && (
            <p role="alert" className="text-sm text-amber-800">
              Refresh failed, showing the last state: {error.message}
            </p>
          )}
          {run && (
            <div className="space-y-2">
              <p className="text-sm">
                Canary <span className="font-medium">{run.spec.canary}</span> against{' '}
                <span className="font-medium">{run.spec.baseline}</span>
              </p>
              <CanaryRunStatus run={run} nowMs={now} />
              <CanaryActions service={service} run={run} readOnly={readOnly} />
              <h4 className="text-xs font-semibold text-slate-700">Steps, newest first</h4>
              <CanaryTimeline run={run} />
            </div>
          )}
          {(!run || !isActive(run.phase)) && (
            <details open={!run} className="rounded border border-slate-200 px-2 py-1">
              <summary className="cursor-pointer text-sm font-medium">
                {run ? 'Start another canary' : 'Start a canary'}
              </summary>
              <div className="pt-2">
                <CanaryStartForm service={service} routing={routing} disabled={readOnly} />
              </div>
            </details>
          )}
        </>
      )}
    </section>
  );
}
