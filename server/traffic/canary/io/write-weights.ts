// A canary's traffic change through the same path as a person's (server/traffic/io/change-traffic.ts): planned and
// checked first (dryRun), then applied with that plan's token, so a concurrent edit between the two is a 409 and
// nothing is overwritten, and the change lands in the audit log (kind 'change', intent "canary: …"), undoable there.
import { planTraffic } from '../../plan-traffic.js';
import type { PlanResult } from '../../plan-types.js';
import { runChange, type ServiceName, type TrafficDeps } from '../../io/change-traffic.js';
import { withoutBaselineSubset } from '../promotion-plan.js';

export interface WeightsWrite {
  weights: Record<string, number>;
  /** Why, for the audit log: "advance v2 to 40 %" (prefixed with "canary: "). */
  why: string;
  /** Drop this baseline's subset from the DestinationRule as well (promotion with rewriteOnPromotion). */
  dropSubsetOf: string | null;
}

export interface Written {
  /** The audit entry; null when the routing was already so (nothing written). */
  entryId: string | null;
  /** The plan token after the write: the objects as this step left them. */
  token: string;
}

export async function writeCanaryWeights(
  deps: TrafficDeps,
  service: ServiceName,
  write: WeightsWrite,
  signal?: AbortSignal,
): Promise<Written> {
  const plan = (input: Parameters<typeof planTraffic>[0]): PlanResult => {
    const result = planTraffic(input, { weights: write.weights });
    if (!result.ok) return result;
    const planned = write.dropSubsetOf ? withoutBaselineSubset(input, result.plan, write.dropSubsetOf) : result.plan;
    return { ok: true, plan: { ...planned, summary: [`canary: ${write.why}`, ...planned.summary] } };
  };
  const checked = await runChange(
    deps,
    service,
    { kind: 'change', dryRun: true, resourceVersion: undefined, plan },
    signal,
  );
  const applied = await runChange(
    deps,
    service,
    { kind: 'change', dryRun: false, resourceVersion: checked.plan.resourceVersion, plan },
    signal,
  );
  return applied.applied
    ? { entryId: applied.applied.entryId, token: applied.applied.resourceVersion }
    : { entryId: null, token: applied.plan.resourceVersion };
}
