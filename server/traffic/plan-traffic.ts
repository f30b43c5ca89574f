// Plans a traffic change: from the service's routing objects as read and the user's intents, the objects after the
// change, their JSON patches and a YAML diff. Pure: no I/O (see plan-types.ts for the seam). Each intent edits
// drafts of the one VirtualService and DestinationRule (found, or new and labelled as Sextant's); an object is in the
// plan when it exists (its resourceVersion guards the apply, even unchanged) or when the change creates it.
import { assemblePlan, draftOf } from './assemble-plan.js';
import { gatewayRoutesFor } from './gateway-routes.js';
import { planDarkLaunch } from './plan-dark-launch.js';
import { planGatewayTraffic } from './plan-gateway-weights.js';
import { planMirror } from './plan-mirror.js';
import { planRouteResilience } from './plan-route-resilience.js';
import { planRuleResilience } from './plan-rule-resilience.js';
import type { Drafts, StepOutcome } from './plan-step.js';
import type { PlanInput, PlanResult, TrafficIntent } from './plan-types.js';
import { planWeights } from './plan-weights.js';
import type { Draft } from './planned-object.js';
import {
  meshVirtualServices,
  newDestinationRule,
  newVirtualService,
  serviceDestinationRules,
} from './routing-objects.js';

export function planTraffic(input: PlanInput, intent: TrafficIntent): PlanResult {
  // Gateway API, where the service has a route attached (GAMMA): the service's routing lives there, so the change
  // goes there too (issue 19: "where the service is routed by an HTTPRoute or GRPCRoute, its backendRef weights").
  const gatewayRoutes = gatewayRoutesFor(input);
  if (gatewayRoutes.length > 0) return planGatewayTraffic(input, intent, gatewayRoutes);
  const virtualServices = meshVirtualServices(input);
  const vsBefore = virtualServices[0] ?? null;
  const drBefore = serviceDestinationRules(input)[0] ?? null;
  const drafts: Drafts = {
    virtualService: vsBefore ? structuredClone(vsBefore) : newVirtualService(input),
    destinationRule: drBefore ? structuredClone(drBefore) : newDestinationRule(input),
    destinationRuleBefore: drBefore,
  };
  const vsStart = JSON.stringify(drafts.virtualService);
  const drStart = JSON.stringify(drafts.destinationRule);

  // In this order: the split first, so that a mirror or a timeout lands on the default route it wrote.
  const steps: StepOutcome[] = [];
  if (intent.weights) steps.push(planWeights(input, intent.weights, drafts));
  if (intent.darkLaunch !== undefined) steps.push(planDarkLaunch(input, intent.darkLaunch, drafts));
  if (intent.mirror !== undefined) steps.push(planMirror(input, intent.mirror, drafts));
  if (intent.resilience) {
    steps.push(planRouteResilience(input, intent.resilience, drafts));
    steps.push(planRuleResilience(intent.resilience, drafts));
  }
  const problems = steps.flatMap((s) => s.problems);
  if (problems.length > 0) return { ok: false, problems };
  if (steps.length === 0)
    return {
      ok: false,
      problems: [{ field: 'weights', message: 'say what to change: weights, darkLaunch, mirror or resilience' }],
    };

  const planned: Draft[] = [];
  if (vsBefore || JSON.stringify(drafts.virtualService) !== vsStart)
    planned.push(draftOf(vsBefore, drafts.virtualService));
  if (drBefore || JSON.stringify(drafts.destinationRule) !== drStart)
    planned.push(draftOf(drBefore, drafts.destinationRule));
  const service = input.service.metadata.name;
  const several =
    virtualServices.length > 1
      ? [
          `${virtualServices.length} VirtualServices route ${service} in the mesh ` +
            `(${virtualServices.map((c) => c.metadata.name).join(', ')}): this edits ${vsBefore?.metadata.name}, ` +
            'the first by name, and leaves the others as they are',
        ]
      : [];
  return { ok: true, plan: assemblePlan(planned, [...steps.flatMap((s) => s.summary), ...several], service) };
}
