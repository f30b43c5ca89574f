// Shared by the planner's tests: plan or fail loudly, and read an object of the plan.
import { plan as planContract, type Plan } from '../../../../lib/api/traffic-change.js';
import { planTraffic } from '../../../../server/traffic/plan-traffic.js';
import type { PlanInput, PlanProblem, TrafficIntent } from '../../../../server/traffic/plan-types.js';

export function planOf(input: PlanInput, intent: TrafficIntent): Plan {
  const result = planTraffic(input, intent);
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.problems)}`);
  planContract.parse(result.plan); // every plan the tests see fits the contract the routes answer with
  return result.plan;
}

export function problemsOf(input: PlanInput, intent: TrafficIntent): PlanProblem[] {
  const result = planTraffic(input, intent);
  return result.ok ? [] : result.problems;
}

export const objectOf = (plan: Plan, kind: string) => plan.objects.find((o) => o.kind === kind);
export const specAfter = (plan: Plan, kind: string) =>
  (objectOf(plan, kind)?.after as { spec: Record<string, unknown> }).spec;
export const httpAfter = (plan: Plan) => specAfter(plan, 'VirtualService').http as Record<string, unknown>[];
