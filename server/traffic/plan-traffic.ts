// Plans a traffic change: from the service's routing objects as read and the user's intents, the objects after the
// change, their JSON patches and a YAML diff. Pure: no I/O (see plan-types.ts for the seam).
import type { PlanInput, PlanResult, TrafficIntent } from './plan-types.js';

export function planTraffic(input: PlanInput, intent: TrafficIntent): PlanResult {
  void input;
  void intent;
  throw new Error('planTraffic: not built yet');
}
