// Small pieces every transition of a run shares: the weights a step writes, a step appended, a run's description.
import type { CanaryDecision, CanaryGateResult, CanaryRun, CanarySpec } from '../../../lib/api/canary.js';

export const RUNNER = 'canary runner';

/** The split that gives the canary `canaryWeight` % and the baseline the rest; both always named. */
export const splitOf = (spec: Pick<CanarySpec, 'canary' | 'baseline'>, canaryWeight: number) => ({
  [spec.baseline]: 100 - canaryWeight,
  [spec.canary]: canaryWeight,
});

export function withStep(
  run: CanaryRun,
  step: { weight: number; decision: CanaryDecision; reason: string; by: string; gates?: CanaryGateResult[] },
  now: Date,
  changes: Partial<CanaryRun>,
): CanaryRun {
  return {
    ...run,
    ...changes,
    updatedAt: now.toISOString(),
    steps: [
      ...run.steps,
      {
        time: now.toISOString(),
        weight: step.weight,
        gates: step.gates ?? [],
        decision: step.decision,
        reason: step.reason,
        by: step.by,
        entryId: null,
      },
    ],
  };
}

/** "v2 at 20 %", the run as a sentence names it. */
export const canaryAt = (run: CanaryRun) => `${run.spec.canary} at ${run.weight} %`;
