// rewriteOnPromotion: after sending 100 % to the canary, drop the baseline's subset from the DestinationRule too, so
// the routing names the canary alone (what Flagger's promotion ends with: one primary). Only when no route of any
// VirtualService still sends or mirrors to that subset: Istio rejects nothing then, but such a route would lose its
// destination (503 NR, "no healthy upstream"). The plan is re-assembled from its objects so that its patch, diff,
// token and summary agree with the DestinationRule it now writes.
import type { Plan } from '../../../lib/api/traffic-change.js';
import type { KubeObject } from '../../sources/kubernetes.js';
import { assemblePlan } from '../assemble-plan.js';
import type { PlanInput } from '../plan-types.js';
import type { Draft } from '../planned-object.js';
import { namesService } from '../routing-objects.js';
import { subsetSelecting, subsetsOf } from '../subsets.js';

type Destination = { host?: unknown; subset?: unknown } | undefined;

/** Every destination a VirtualService sends or mirrors to, over its http, tcp and tls routes. */
function destinationsOf(vs: KubeObject): Destination[] {
  const out: Destination[] = [];
  for (const list of ['http', 'tcp', 'tls'] as const) {
    const routes = vs.spec?.[list];
    if (!Array.isArray(routes)) continue;
    for (const route of routes as Record<string, unknown>[]) {
      for (const d of (Array.isArray(route.route) ? route.route : []) as { destination?: Destination }[])
        out.push(d.destination);
      out.push(route.mirror as Destination);
      for (const m of (Array.isArray(route.mirrors) ? route.mirrors : []) as { destination?: Destination }[])
        out.push(m.destination);
    }
  }
  return out;
}

const key = (o: { kind?: string; namespace?: string; name: string }) => `${o.kind}/${o.namespace}/${o.name}`;

/** The VirtualServices as they will be after the plan: the input's, with the plan's edits in their place. */
function virtualServicesAfter(input: PlanInput, plan: Plan): KubeObject[] {
  const planned = new Map<string, KubeObject | null>();
  for (const o of plan.objects)
    if (o.kind === 'VirtualService') planned.set(key(o), (o.after as KubeObject | null) ?? null);
  const out: KubeObject[] = [];
  for (const vs of input.virtualServices) {
    const k = key({
      kind: 'VirtualService',
      namespace: vs.metadata.namespace ?? input.namespace,
      name: vs.metadata.name,
    });
    const after = planned.has(k) ? planned.get(k) : vs;
    planned.delete(k);
    if (after) out.push(after);
  }
  for (const created of planned.values()) if (created) out.push(created);
  return out;
}

const draftOf = (o: Plan['objects'][number], after: KubeObject | null = o.after as KubeObject | null): Draft => ({
  kind: o.kind,
  apiVersion: o.apiVersion,
  namespace: o.namespace,
  name: o.name,
  before: o.before as KubeObject | null,
  after,
});

export function withoutBaselineSubset(input: PlanInput, plan: Plan, baseline: string): Plan {
  const service = input.service.metadata.name;
  const drIndex = plan.objects.findIndex((o) => o.kind === 'DestinationRule' && o.after !== null);
  if (drIndex < 0) return plan; // Gateway API routing, or no rule: there is no subset to drop
  const drObject = plan.objects[drIndex] as Plan['objects'][number];
  const dr = structuredClone(drObject.after) as KubeObject;
  const version = input.versions.find((v) => v.name === baseline);
  const subset =
    (version ? subsetSelecting(dr, version, input.versions) : null) ??
    subsetsOf(dr).find((s) => s.name === baseline) ??
    null;
  if (!subset) return plan;

  // The sentences assemblePlan adds for the objects come last; what precedes them is what the intents said.
  const objectSentences = assemblePlan(
    plan.objects.map((o) => draftOf(o)),
    [],
    service,
  ).summary.length;
  const intentSentences = plan.summary.slice(0, plan.summary.length - objectSentences);
  const drName = `DestinationRule ${drObject.name}`;

  const stillNamed = virtualServicesAfter(input, plan).filter((vs) =>
    destinationsOf(vs).some(
      (d) =>
        d?.subset === subset.name &&
        namesService(d.host, vs.metadata.namespace ?? input.namespace, service, input.namespace),
    ),
  );
  if (stillNamed.length > 0)
    return {
      ...plan,
      summary: [
        ...intentSentences,
        `keep subset ${subset.name} in ${drName}: VirtualService ${stillNamed.map((vs) => vs.metadata.name).join(', ')} still routes to it`,
        ...plan.summary.slice(intentSentences.length),
      ],
    };

  const { subsets: _subsets, ...rest } = dr.spec ?? {};
  void _subsets;
  const kept = subsetsOf(dr).filter((s) => s.name !== subset.name);
  dr.spec = kept.length > 0 ? { ...rest, subsets: kept } : rest;
  const drafts = plan.objects.map((o, i) => (i === drIndex ? draftOf(o, dr) : draftOf(o)));
  return assemblePlan(
    drafts,
    [
      ...intentSentences,
      `drop subset ${subset.name === baseline ? baseline : `${subset.name} (${baseline})`} from ${drName}: no route names it any more`,
    ],
    service,
  );
}
