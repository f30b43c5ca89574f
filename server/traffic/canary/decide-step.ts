// The runner's step of a progressing run once its interval is over, from the interval's gates, as Flagger's control
// loop (pkg/controller/scheduler.go): a failed check counts and keeps the weight; failureThreshold failed checks
// roll back to the baseline; all passed below maxWeight adds stepWeight; all passed at maxWeight promotes. Beyond
// Flagger: too little traffic and missing metrics HOLD (the weight stays, nothing counted), where Flagger counts
// "no values found" as a failed check; a run never advances or promotes on data it does not have.
import type { CanaryRun } from '../../../lib/api/canary.js';
import type { GateOutcome } from './evaluate-gates.js';
import { afterInterval } from './interval.js';
import { RUNNER, splitOf, withStep } from './run-steps.js';

export interface StepDecision {
  /** The run with the new step appended (its entryId null: the caller fills it after writing the change). */
  run: CanaryRun;
  /** The traffic change to write; null when the weight stays. */
  weights: Record<string, number> | null;
  /** A promotion with spec.rewriteOnPromotion: drop the baseline's subset too (promotion-plan.ts). */
  rewriteOnPromotion: boolean;
}

export function decideStep(run: CanaryRun, outcome: GateOutcome | { unavailable: string }, now: Date): StepDecision {
  const { spec } = run;
  if (run.phase !== 'progressing') return { run, weights: null, rewriteOnPromotion: false };
  const next = { nextStepAt: afterInterval(now, spec.interval) };
  const stay = (decision: 'hold' | 'fail', reason: string, changes: Partial<CanaryRun> = {}, gates = outcome) => ({
    run: withStep(
      run,
      { weight: run.weight, decision, reason, by: RUNNER, gates: 'gates' in gates ? gates.gates : [] },
      now,
      { ...next, ...changes },
    ),
    weights: null,
    rewriteOnPromotion: false,
  });

  if ('unavailable' in outcome)
    return stay('hold', `${outcome.unavailable}; holding at ${run.weight} %, no promotion on missing data`);
  if (outcome.verdict === 'hold') return stay('hold', `${outcome.reason}; holding at ${run.weight} %`);

  if (outcome.verdict === 'fail') {
    // As Flagger's status.failedChecks: counted over the whole run, a passing interval does not reset it.
    const failedChecks = run.failedChecks + 1;
    const counted = `${failedChecks} of ${spec.failureThreshold} failed intervals`;
    if (failedChecks < spec.failureThreshold)
      return stay('fail', `${counted}: holding at ${run.weight} % (${outcome.reason})`, { failedChecks });
    return {
      run: withStep(
        run,
        {
          weight: 0,
          decision: 'rollback',
          reason: `${counted}: rolling back to ${spec.baseline} (${outcome.reason})`,
          by: RUNNER,
          gates: outcome.gates,
        },
        now,
        { phase: 'rolledBack', weight: 0, failedChecks, nextStepAt: null },
      ),
      weights: splitOf(spec, 0),
      rewriteOnPromotion: false,
    };
  }

  if (run.weight >= spec.maxWeight)
    return {
      run: withStep(
        run,
        {
          weight: 100,
          decision: 'promote',
          reason: `all gates passed at maxWeight ${spec.maxWeight} %: promoting ${spec.canary} to 100 %`,
          by: RUNNER,
          gates: outcome.gates,
        },
        now,
        { phase: 'promoted', weight: 100, nextStepAt: null },
      ),
      weights: splitOf(spec, 100),
      rewriteOnPromotion: spec.rewriteOnPromotion,
    };
  const weight = Math.min(run.weight + spec.stepWeight, spec.maxWeight);
  return {
    run: withStep(
      run,
      {
        weight,
        decision: 'advance',
        reason: `all gates passed: ${run.weight} % → ${weight} %`,
        by: RUNNER,
        gates: outcome.gates,
      },
      now,
      { ...next, weight },
    ),
    weights: splitOf(spec, weight),
    rewriteOnPromotion: false,
  };
}
