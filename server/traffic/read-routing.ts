// How the service is routed now, for the traffic panel to start from: its versions and their subsets, what routes
// it, the default route's share per version, the dark launch and mirror Sextant writes, the resilience settings, the
// "send all back" target and the GitOps owners. Read with the same rules the planner edits by, so that what the
// panel shows is what a change starts from.
import type { DarkLaunchChange, MirrorChange, TrafficRoutingResponse } from '../../lib/api/traffic-change.js';
import type { KubeObject } from '../sources/kubernetes.js';
import { parseCookieRegex } from './cookie-match.js';
import { defaultRouteIndex, routesOf, type Destination, type Route } from './default-route.js';
import { defaultRuleIndex, gatewayRoutesFor, rulesOf } from './gateway-routes.js';
import { gitopsOwners } from './gitops-owners.js';
import { DARK_LAUNCH_ROUTE } from './plan-dark-launch.js';
import type { PlanInput, ServiceVersion } from './plan-types.js';
import { readResilience } from './read-resilience.js';
import { meshVirtualServices, serviceDestinationRules } from './routing-objects.js';
import { subsetSelecting } from './subsets.js';

export type RoutingView = Omit<TrafficRoutingResponse, 'access'>;

const ref = (o: KubeObject, namespace: string) => ({
  apiVersion: o.apiVersion ?? '',
  kind: o.kind ?? '',
  namespace: o.metadata.namespace ?? namespace,
  name: o.metadata.name,
});

/** Versions in natural order (v2 before v10), the order "oldest first" means for version labels. */
const natural = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/**
 * Shares by version from destinations that each name a version; null when any goes to no single version (the whole
 * Service, another host) or nothing is routed. One destination alone takes everything, weighted or not.
 */
function sharesOf(
  destinations: readonly { version: string | null; weight: number | undefined }[],
  versions: readonly ServiceVersion[],
): Record<string, number> | null {
  if (destinations.length === 0 || destinations.some((d) => d.version === null)) return null;
  const weights: Record<string, number> = Object.fromEntries(versions.map((v) => [v.name, 0]));
  for (const d of destinations)
    weights[d.version as string] =
      (weights[d.version as string] ?? 0) + (destinations.length === 1 ? 100 : (d.weight ?? 0));
  return weights;
}

/**
 * The baseline to send everything back to, when a split exists (two versions or more with a share): the oldest
 * version by name among those with a share, which in a canary is the one that had all the traffic before (v1 in
 * the article). Without history the planner cannot know better; the audit log can, and the UI may prefer it.
 */
export function baselineOf(weights: Record<string, number> | null): string | null {
  if (!weights) return null;
  const sharing = Object.keys(weights)
    .filter((v) => (weights[v] ?? 0) > 0)
    .sort(natural);
  return sharing.length >= 2 ? (sharing[0] ?? null) : null;
}

export function readRouting(input: PlanInput): RoutingView {
  const service = { namespace: input.namespace, name: input.service.metadata.name };
  const versions = [...input.versions].sort((a, b) => natural(a.name, b.name));
  const dr = serviceDestinationRules(input)[0] ?? null;
  const owners = (objects: KubeObject[]) => objects.flatMap((o) => gitopsOwners(o).map((w) => w.message));
  const versionRows = versions.map((v) => ({
    name: v.name,
    subset: subsetSelecting(dr, v, versions)?.name ?? null,
    pods: v.pods,
  }));
  const empty = { darkLaunch: null, mirror: null, resilience: readResilience(undefined, dr) };

  const gateway = gatewayRoutesFor(input)[0];
  if (gateway) {
    const rule = rulesOf(gateway)[defaultRuleIndex(gateway)];
    const backends = (rule?.backendRefs ?? []).map((b) => ({
      version: input.versionServices[b.name ?? ''] ?? null,
      weight: typeof b.weight === 'number' ? b.weight : 1, // Gateway API: absent weight is 1
    }));
    const weights = proportional(sharesOf(backends, versions), backends);
    return {
      service,
      versions: versionRows,
      routedBy: 'gateway-api',
      objects: [ref(gateway, input.namespace)],
      weights,
      ...empty,
      sendAllBackTo: baselineOf(weights),
      gitops: owners([gateway]),
    };
  }

  const vs = meshVirtualServices(input)[0] ?? null;
  const subsetVersion = (subset: string | undefined) =>
    versions.find((v) => subset !== undefined && subsetSelecting(dr, v, versions)?.name === subset)?.name ?? null;
  const routes = routesOf(vs, 'http').length > 0 ? routesOf(vs, 'http') : routesOf(vs, 'tcp');
  const route = routes[defaultRouteIndex(routes)];
  const destinations = (route?.route ?? []).map((d: Destination) => ({
    version: subsetVersion(d.destination?.subset),
    weight: d.weight,
  }));
  const weights = vs ? sharesOf(destinations, versions) : null;
  const objects = [vs, dr].filter((o): o is KubeObject => o !== null);
  return {
    service,
    versions: versionRows,
    routedBy: objects.length > 0 ? 'istio' : 'none',
    objects: objects.map((o) => ref(o, input.namespace)),
    weights,
    darkLaunch: darkLaunchOf(
      routesOf(vs, 'http').find((r) => r.name === DARK_LAUNCH_ROUTE),
      subsetVersion,
    ),
    mirror: mirrorOf(route, subsetVersion),
    resilience: readResilience(route, dr),
    sendAllBackTo: baselineOf(weights),
    gitops: owners(objects),
  };
}

/** Gateway API weights are proportions: scaled to percentages (rounded) for the panel. */
function proportional(
  weights: Record<string, number> | null,
  backends: readonly { weight: number }[],
): Record<string, number> | null {
  if (!weights || backends.length <= 1) return weights;
  const total = backends.reduce((sum, b) => sum + b.weight, 0);
  if (total === 0) return weights;
  return Object.fromEntries(Object.entries(weights).map(([v, w]) => [v, Math.round((w * 100) / total)]));
}

function darkLaunchOf(route: Route | undefined, versionOf: (s: string | undefined) => string | null) {
  const version = versionOf(route?.route?.[0]?.destination?.subset);
  const match = (Array.isArray(route?.match) ? route.match[0] : undefined) as
    { headers?: Record<string, Record<string, string>> } | undefined;
  const [header, condition] = Object.entries(match?.headers ?? {})[0] ?? [];
  if (!version || !header || !condition) return null;
  if (header === 'cookie' && condition.regex) {
    const cookie = parseCookieRegex(condition.regex);
    if (cookie) return { version, match: cookie } satisfies DarkLaunchChange;
  }
  const mode = (['exact', 'prefix', 'regex'] as const).find((m) => typeof condition[m] === 'string');
  if (!mode) return null;
  return { version, match: { header, value: condition[mode] as string, mode } } satisfies DarkLaunchChange;
}

function mirrorOf(route: Route | undefined, versionOf: (s: string | undefined) => string | null): MirrorChange {
  const mirror = route?.mirror as { subset?: string } | undefined;
  const version = versionOf(mirror?.subset);
  if (!version) return null;
  // Without mirrorPercentage every request is mirrored (HTTPRoute.mirrorPercentage).
  const percent = (route?.mirrorPercentage as { value?: number } | undefined)?.value ?? 100;
  return { version, percent };
}
