'use client';
import type { CanaryAction, CanaryRun } from '@/lib/api/canary';
import { useCanaryAction } from '@/lib/api/use-canary';
import { PHASE_WORDS } from './canary-format';

type ServiceRef = { namespace: string; name: string };

const LABELS: Record<CanaryAction, string> = {
  pause: 'Pause',
  resume: 'Resume',
  abort: 'Abort',
  promote: 'Promote now',
};

/** Why an action cannot be taken now, or null when it can. */
export function whyNot(action: CanaryAction, run: CanaryRun, readOnly: string | null): string | null {
  if (readOnly) return readOnly;
  if (run.phase !== 'progressing' && run.phase !== 'paused')
    return `The run has ended (${PHASE_WORDS[run.phase].toLowerCase()}); start a new one to act again.`;
  if (action === 'pause' && run.phase === 'paused') return 'The run is paused already.';
  if (action === 'resume' && run.phase === 'progressing') return 'The run is progressing: nothing to resume.';
  return null;
}

/** Pause, resume, abort (everything back to the baseline), promote now; each disabled with its reason. */
export function CanaryActions({
  service,
  run,
  readOnly,
}: {
  service: ServiceRef;
  run: CanaryRun;
  readOnly: string | null;
}) {
  const act = useCanaryAction(service);
  return (
    <div className="space-y-1">
      <div role="group" aria-label="Canary actions" className="flex flex-wrap gap-2">
        {(['pause', 'resume', 'abort', 'promote'] as const).map((action) => {
          const reason = whyNot(action, run, readOnly);
          return (
            <button
              key={action}
              type="button"
              disabled={reason !== null || act.isPending}
              title={reason ?? undefined}
              onClick={() => act.mutate(action)}
              className={`rounded border px-2 py-0.5 text-sm disabled:opacity-50 ${
                action === 'abort'
                  ? 'border-red-400 text-red-800 hover:bg-red-50'
                  : 'border-slate-300 hover:bg-slate-100'
              }`}
            >
              {LABELS[action]}
            </button>
          );
        })}
      </div>
      {act.error && (
        <p role="alert" className="text-sm text-red-700">
          {LABELS[act.variables ?? 'pause']} failed: {act.error.message}
        </p>
      )}
    </div>
  );
}
