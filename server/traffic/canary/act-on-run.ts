// A person's action on a run (pause, resume, abort, promote now), and the runner's own pause on a concurrent edit of
// the routing or a failed write. A finished run (promoted, rolled back, aborted) takes no action: start a new one.
import type { CanaryAction, CanaryRun } from '../../../lib/api/canary.js';
import { afterInterval } from './interval.js';
import { splitOf, withStep } from './run-steps.js';

export type ActResult =
  | { ok: true; run: CanaryRun; weights: Record<string, number> | null; rewriteOnPromotion: boolean }
  | { ok: false; status: 409; message: string };

const active = (run: CanaryRun) => run.phase === 'progressing' || run.phase === 'paused';
const FINISHED_WORDS: Record<string, string> = {
  promoted: 'been promoted',
  rolledBack: 'rolled back',
  aborted: 'been aborted',
};

export function actOnRun(run: CanaryRun, action: CanaryAction, by: string, now: Date): ActResult {
  const { spec } = run;
  if (!active(run))
    return {
      ok: false,
      status: 409,
      message: `the run has ${FINISHED_WORDS[run.phase] ?? run.phase} and takes no ${action} now: start a new one`,
    };
  const keep = (r: CanaryRun): ActResult => ({ ok: true, run: r, weights: null, rewriteOnPromotion: false });
  switch (action) {
    case 'pause':
      if (run.phase === 'paused')
        return { ok: false, status: 409, message: `the run is already paused (${run.pausedReason ?? 'no reason'})` };
      return keep(pauseRun(run, `paused by ${by}`, now, 'pause', by));
    case 'resume':
      if (run.phase === 'progressing') return { ok: false, status: 409, message: 'the run is progressing, not paused' };
      return keep(
        withStep(
          run,
          { weight: run.weight, decision: 'resume', reason: `resumed by ${by}: next check in ${spec.interval}`, by },
          now,
          { phase: 'progressing', pausedReason: null, nextStepAt: afterInterval(now, spec.interval) },
        ),
      );
    case 'abort':
      return {
        ok: true,
        run: withStep(
          run,
          {
            weight: 0,
            decision: 'abort',
            reason: `aborted by ${by} at ${run.weight} %: all traffic back to ${spec.baseline}`,
            by,
          },
          now,
          { phase: 'aborted', weight: 0, nextStepAt: null, pausedReason: null },
        ),
        weights: splitOf(spec, 0),
        rewriteOnPromotion: false,
      };
    case 'promote':
      return {
        ok: true,
        run: withStep(
          run,
          {
            weight: 100,
            decision: 'promote-now',
            reason: `promoted by ${by} at ${run.weight} %: all traffic to ${spec.canary}`,
            by,
          },
          now,
          { phase: 'promoted', weight: 100, nextStepAt: null, pausedReason: null },
        ),
        weights: splitOf(spec, 100),
        rewriteOnPromotion: spec.rewriteOnPromotion,
      };
  }
}

/**
 * The run paused with `reason` (a person's, or the runner's: "VirtualService demo/sa-logic changed by kubectl-patch
 * since the last step", "writing the step failed: …"). The weight stays; resume continues from it.
 */
export function pauseRun(
  run: CanaryRun,
  reason: string,
  now: Date,
  decision: 'pause' | 'error' = 'pause',
  by = 'canary runner',
): CanaryRun {
  return withStep(run, { weight: run.weight, decision, reason, by }, now, {
    phase: 'paused',
    pausedReason: reason,
    nextStepAt: null,
  });
}
