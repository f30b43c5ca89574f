'use client';
import type { CanaryRun } from '@/lib/api/canary';
import { DECISION_WORDS, gateText } from './canary-format';

const clock = (rfc3339: string) => new Date(rfc3339).toLocaleTimeString();

/** The id of an audit entry's element in the Routing tab's history, which a step links to. */
export const auditEntryAnchor = (entryId: string) => `audit-${entryId}`;

/**
 * The run's steps, newest first: when, the canary's weight after it, each gate's value against its threshold, the
 * decision and why, and the history entry of the traffic change it made.
 */
export function CanaryTimeline({ run }: { run: CanaryRun }) {
  const steps = [...run.steps].reverse();
  if (steps.length === 0) return <p className="text-sm text-slate-600">No step yet.</p>;
  return (
    <ol aria-label={`Steps of the canary of ${run.service.name}`} className="space-y-1.5 text-sm">
      {steps.map((step, i) => (
        <li
          key={`${step.time}-${steps.length - i}`}
          data-decision={step.decision}
          className={`space-y-0.5 rounded border px-2 py-1 ${
            step.decision === 'fail' || step.decision === 'rollback' || step.decision === 'error'
              ? 'border-red-200 bg-red-50'
              : step.decision === 'hold' || step.decision === 'pause'
                ? 'border-amber-200 bg-amber-50'
                : 'border-slate-200'
          }`}
        >
          <p>
            <span className="text-slate-600">{clock(step.time)}</span>{' '}
            <span className="font-medium">{DECISION_WORDS[step.decision]}</span>: {run.spec.canary} at {step.weight} %
            <span className="text-slate-600"> by {step.by}</span>
          </p>
          {step.gates.length > 0 && (
            <ul aria-label="Gates" className="flex flex-wrap gap-x-3 font-mono text-xs">
              {step.gates.map((g) => (
                <li
                  key={g.name}
                  // Too few requests in a held step is no failure: amber, as the step.
                  className={
                    g.passed === false
                      ? step.decision === 'hold'
                        ? 'text-amber-800'
                        : 'text-red-800'
                      : g.passed
                        ? 'text-green-800'
                        : 'text-slate-600'
                  }
                >
                  {gateText(g)}
                </li>
              ))}
            </ul>
          )}
          <p className="text-xs text-slate-700">{step.reason}</p>
          {step.entryId && (
            <a href={`#${auditEntryAnchor(step.entryId)}`} className="text-xs text-sky-800 underline">
              History entry of this change
            </a>
          )}
        </li>
      ))}
    </ol>
  );
}
