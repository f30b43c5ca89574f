'use client';
import type { CanaryRun } from '@/lib/api/canary';
import { PHASE_WORDS, untilText } from './canary-format';

const clock = (rfc3339: string) => new Date(rfc3339).toLocaleTimeString();

/**
 * Where the run is: phase, the canary's share against the baseline's (a bar, and the figures in words), when it steps
 * next, failed intervals against the threshold, and why it is paused.
 */
export function CanaryRunStatus({ run, nowMs }: { run: CanaryRun; nowMs: number }) {
  const { canary, baseline, failureThreshold } = run.spec;
  return (
    <div className="space-y-1.5 text-sm">
      <p>
        <span className="font-medium">Phase:</span> <span data-phase={run.phase}>{PHASE_WORDS[run.phase]}</span>
        <span className="text-slate-600">
          {' '}
          (started {clock(run.startedAt)} by {run.startedBy})
        </span>
      </p>
      <div>
        <p>
          <span className="font-medium">Weight:</span> {canary} {run.weight} %, {baseline} {100 - run.weight} %
          <span className="text-slate-600">
            {' '}
            (max {run.spec.maxWeight} %, step {run.spec.stepWeight} %)
          </span>
        </p>
        <div aria-hidden="true" className="mt-0.5 flex h-2.5 w-full max-w-md overflow-hidden rounded bg-slate-200">
          <div className="bg-amber-500" style={{ width: `${run.weight}%` }} />
          <div className="bg-sky-600" style={{ width: `${100 - run.weight}%` }} />
        </div>
      </div>
      {run.nextStepAt && run.phase === 'progressing' && (
        <p>
          <span className="font-medium">Next step:</span> {clock(run.nextStepAt)} (
          {untilText(Date.parse(run.nextStepAt), nowMs)}, every {run.spec.interval})
        </p>
      )}
      <p>
        <span className="font-medium">Failed intervals:</span> {run.failedChecks} of {failureThreshold}
        {run.phase === 'progressing' && run.failedChecks < failureThreshold && (
          <span className="text-slate-600">
            {' '}
            ({failureThreshold - run.failedChecks} more {failureThreshold - run.failedChecks === 1 ? 'rolls' : 'roll'}{' '}
            back to {baseline})
          </span>
        )}
      </p>
      {run.pausedReason && (
        <p role="note" className="rounded border border-amber-300 bg-amber-50 px-2 py-1 text-amber-900">
          Paused: {run.pausedReason}
        </p>
      )}
    </div>
  );
}
