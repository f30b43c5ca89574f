// Stand-ins for three parts of the pure planner that Helper P writes on branch i19-p (gitops-owners, plan-restore,
// read-routing), so that the write path runs end to end meanwhile. When P's land, the imports in
// gitops-warnings.ts and rollback-traffic.ts move to them and this file goes.
import type { TrafficRoutingResponse } from '../../../lib/api/traffic-change.js';
import type { KubeObject } from '../../sources/kubernetes.js';
import { defaultRouteIndex, routesOf } from '../default-route.js';
import { planDiff } from '../plan-diff.js';
import { buildPlanToken } from '../plan-token.js';
import { CREATED_BY_LABEL, type PlanInput, type PlanResult, type RestoreTarget } from '../plan-types.js';
import { plannedObject, type Draft } from '../planned-object.js';
import { meshVirtualServices, serviceDestinationRules } from '../routing-objects.js';
import { subsetSelecting } from '../subsets.js';

/** GitOps owners in words, from the labels and annotations Argo CD, Flux and Helm set. */
export function gitopsOwners(obj: KubeObject): string[] {
  const labels = obj.metadata.labels ?? {};
  const annotations = obj.metadata.annotations ?? {};
  const out: string[] = [];
  const argo = labels['app.kubernetes.io/instance'] && annotations['argocd.argoproj.io/tracking-id'];
  if (argo || labels['argocd.argoproj.io/instance'] || annotations['argocd.argoproj.io/tracking-id'])
    out.push('Argo CD');
  if (
    Object.keys(labels).some(
      (k) => k.startsWith('kustomize.toolkit.fluxcd.io/') || k.startsWith('helm.toolkit.fluxcd.io/'),
    )
  )
    out.push('Flux');
  if (labels['app.kubernetes.io/managed-by'] === 'Helm') out.push('Helm');
  return out;
}

function all(input: PlanInput): KubeObject[] {
  return [...input.virtualServices, ...input.destinationRules, ...input.httpRoutes, ...input.grpcRoutes];
}

/** The objects as the entry recorded them before its change, planned against the objects as they are now. */
export function planRestore(input: PlanInput, target: RestoreTarget): PlanResult {
  const drafts: Draft[] = [];
  for (const { ref, before } of target.objects) {
    const current =
      all(input).find(
        (o) => o.kind === ref.kind && o.metadata.namespace === ref.namespace && o.metadata.name === ref.name,
      ) ?? null;
    let after: KubeObject | null = null;
    if (before) {
      const recorded = structuredClone(before) as unknown as KubeObject;
      after = { ...recorded, metadata: { ...recorded.metadata, resourceVersion: current?.metadata.resourceVersion } };
    } else if (current && current.metadata.labels?.[CREATED_BY_LABEL] === undefined) {
      after = current; // not Sextant's to remove
    }
    drafts.push({ ...ref, before: current, after });
  }
  const objects = drafts.filter((d) => d.before || d.after).map(plannedObject);
  return {
    ok: true,
    plan: {
      objects,
      diff: planDiff(objects),
      patch: objects.map((o) => o.patch),
      resourceVersion: buildPlanToken(
        drafts.map((d) => ({ ...d, resourceVersion: d.before?.metadata.resourceVersion ?? null })),
      ),
      summary: [`restore the routing of ${input.service.metadata.name} as it was before change ${target.entryId}`],
    },
  };
}

/** How the service is routed now, from its default route's split (stand-in for P's readRouting). */
export function readRouting(input: PlanInput): Omit<TrafficRoutingResponse, 'access' | 'gitops'> {
  const vs = meshVirtualServices(input)[0] ?? null;
  const dr = serviceDestinationRules(input)[0] ?? null;
  const versions = input.versions.map((v) => ({
    name: v.name,
    subset: subsetSelecting(dr, v, input.versions)?.name ?? null,
    pods: v.pods,
  }));
  const routes = routesOf(vs, 'http');
  const route = routes[defaultRouteIndex(routes)];
  let weights: Record<string, number> | null = null;
  if (route?.route && route.route.length > 0) {
    weights = Object.fromEntries(versions.map((v) => [v.name, 0]));
    for (const d of route.route) {
      const version = versions.find((v) => v.subset !== null && v.subset === d.destination?.subset);
      if (version)
        weights[version.name] = (weights[version.name] ?? 0) + (d.weight ?? (route.route.length === 1 ? 100 : 0));
    }
  }
  const objects = [vs, dr].flatMap((o) =>
    o
      ? [
          {
            apiVersion: o.apiVersion ?? '',
            kind: o.kind ?? '',
            namespace: o.metadata.namespace ?? '',
            name: o.metadata.name,
          },
        ]
      : [],
  );
  const split = weights !== null && Object.values(weights).some((w) => w > 0 && w < 100);
  const baseline = versions[0]?.name ?? null;
  return {
    service: { namespace: input.namespace, name: input.service.metadata.name },
    versions,
    routedBy: vs ? 'istio' : input.httpRoutes.length + input.grpcRoutes.length > 0 ? 'gateway-api' : 'none',
    objects,
    weights,
    darkLaunch: null,
    mirror: null,
    resilience: {},
    sendAllBackTo: split ? baseline : null,
  };
}
