// Weights on a Gateway API route (HTTPRoute or GRPCRoute attached to the service): the default rule's backendRefs
// become one Service per version with its weight, every other rule and field kept. Gateway API routes to Services,
// not to pod labels, so a version without a Service of its own cannot get a share.
import type { KubeObject } from '../sources/kubernetes.js';
import { assemblePlan, draftOf } from './assemble-plan.js';
import { checkWeights } from './check-weights.js';
import { defaultRuleIndex, rulesOf, servicesByVersion, type BackendRef, type GatewayRule } from './gateway-routes.js';
import type { PlanInput, PlanProblem, PlanResult, TrafficIntent } from './plan-types.js';
import { weightsSentence } from './plan-weights.js';

const ISTIO_ONLY = ['darkLaunch', 'mirror', 'resilience'] as const;

export function planGatewayTraffic(input: PlanInput, intent: TrafficIntent, routes: KubeObject[]): PlanResult {
  const before = routes[0] as KubeObject;
  const service = input.service.metadata.name;
  const problems: PlanProblem[] = ISTIO_ONLY.filter((k) => intent[k] !== undefined).map((field) => ({
    field,
    message: `${service} is routed by ${before.kind} ${before.metadata.name} (Gateway API); Sextant changes only its weights there`,
  }));
  if (!intent.weights)
    problems.push({
      field: 'weights',
      message: `give the weights per version for ${before.kind} ${before.metadata.name}`,
    });
  if (problems.length > 0) return { ok: false, problems };

  const checked = checkWeights({
    weights: intent.weights ?? {},
    service,
    versions: input.versions,
    destinationRule: null,
  });
  if (!checked.ok) return { ok: false, problems: checked.problems };
  const byVersion = servicesByVersion(input);
  const shares: { service: string; weight: number }[] = [];
  for (const target of checked.targets) {
    const own = byVersion.get(target.key)?.[0];
    if (own) shares.push({ service: own, weight: target.weight });
    else if (target.weight > 0)
      problems.push({
        field: `weights.${target.key}`,
        message:
          `${target.key} has no Service of its own: Gateway API routes to Services, not to pod labels; ` +
          `create a Service that selects only version ${target.key} (such as ${service}-${target.key})`,
      });
  }
  if (problems.length > 0) return { ok: false, problems };

  const after = structuredClone(before);
  setDefaultBackends(after, shares, input.service);
  const several =
    routes.length > 1
      ? [`${routes.length} routes attach to ${service}: this edits ${before.kind} ${before.metadata.name}, the first`]
      : [];
  const words = weightsSentence(checked.targets.map((t) => ({ key: t.key, weight: t.weight })));
  return { ok: true, plan: assemblePlan([draftOf(before, after)], [words, ...several], service) };
}

/**
 * The default rule's backendRefs as the shares (0 left out; one at 100 % without weight, which Gateway API reads as
 * all of it), added last when every rule has matches. A backendRef already there for the Service keeps its other
 * fields (filters); the port is the one the rule used, else the Service's first, as a Service backendRef needs one.
 */
function setDefaultBackends(route: KubeObject, shares: { service: string; weight: number }[], service: KubeObject) {
  const spec = (route.spec ??= {});
  const rules = Array.isArray(spec.rules) ? (spec.rules as GatewayRule[]) : (spec.rules = [] as GatewayRule[]);
  let index = defaultRuleIndex(route);
  if (index < 0) index = (rules as GatewayRule[]).push({}) - 1;
  const rule = rulesOf(route)[index] as GatewayRule;
  const existing = rule.backendRefs ?? [];
  const servicePorts = Array.isArray(service.spec?.ports) ? (service.spec.ports as { port?: number }[]) : [];
  const port = existing.find((b) => typeof b.port === 'number')?.port ?? servicePorts[0]?.port;
  const kept = shares.filter((s) => s.weight > 0);
  rule.backendRefs = kept.map((share) => {
    const old = existing.find((b) => b.name === share.service && (b.kind ?? 'Service') === 'Service');
    const next: BackendRef = old ? { ...old } : { name: share.service, ...(port !== undefined ? { port } : {}) };
    if (kept.length === 1) delete next.weight;
    else next.weight = share.weight;
    return next;
  });
}
