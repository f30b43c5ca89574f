// The default route of a VirtualService: the first `http` (or `tcp`) route without `match`, which takes every request
// no earlier route matched (istio.io reference/config/networking/virtual-service: routes are tried in order; a route
// without match matches everything). A split writes its destinations there and leaves every other field of that
// route (retries, timeout, headers, fault, mirror…) and every other route as they were. gRPC is HTTP/2, so its
// routes are `http` routes too.
import type { KubeObject } from '../sources/kubernetes.js';
import type { PlanProblem } from './plan-types.js';
import { namesService } from './routing-objects.js';

export type RouteList = 'http' | 'tcp';

export type Route = Record<string, unknown> & { match?: unknown; route?: Destination[] };
export type Destination = Record<string, unknown> & {
  destination?: { host?: string; subset?: string; port?: unknown; [key: string]: unknown };
  weight?: number;
};

/** Where traffic goes: a subset of the service and its share (0–100). */
export interface Share {
  subset: string;
  weight: number;
}

const hasMatch = (route: Route) => Array.isArray(route.match) && route.match.length > 0;

export function routesOf(vs: KubeObject | null | undefined, list: RouteList): Route[] {
  const routes = vs?.spec?.[list];
  return Array.isArray(routes) ? (routes as Route[]) : [];
}

/** The index of the default route in the list; -1 when every route has a match. */
export const defaultRouteIndex = (routes: readonly Route[]) => routes.findIndex((r) => !hasMatch(r));

/** What `http` routes cannot send on to subsets: they answer themselves or hand over to another VirtualService. */
const NOT_A_ROUTE = ['redirect', 'directResponse', 'delegate'] as const;

/**
 * Which route lists a split edits: those the VirtualService has (`http`, `tcp`), or, for a VirtualService with
 * neither, `tcp` when every port of the Service is declared TCP-only and `http` otherwise (Istio routes a port of
 * unknown protocol by sniffing it, and HTTP routes apply to what it detects as HTTP).
 */
export function listsToEdit(vs: KubeObject, service: KubeObject): RouteList[] {
  const lists = (['http', 'tcp'] as const).filter((l) => routesOf(vs, l).length > 0);
  if (lists.length > 0) return [...lists];
  return servesOnlyTcp(service) ? ['tcp'] : ['http'];
}

// Istio's protocol selection: a port's appProtocol, else its name's prefix before "-"
// (istio.io docs/ops/configuration/traffic-management/protocol-selection). These carry no HTTP.
const TCP_PROTOCOLS = new Set(['tcp', 'tls', 'mongo', 'mysql', 'redis']);

function servesOnlyTcp(service: KubeObject): boolean {
  const ports = Array.isArray(service.spec?.ports) ? (service.spec.ports as Record<string, unknown>[]) : [];
  if (ports.length === 0) return false;
  return ports.every((p) => {
    const declared = typeof p.appProtocol === 'string' ? p.appProtocol : String(p.name ?? '').split('-')[0];
    return TCP_PROTOCOLS.has((declared ?? '').toLowerCase());
  });
}

/** A refusal when the default route does not route (a redirect, a direct response, a delegation). */
export function defaultRouteProblem(vs: KubeObject): PlanProblem | null {
  const routes = routesOf(vs, 'http');
  const route = routes[defaultRouteIndex(routes)];
  const field = route && NOT_A_ROUTE.find((f) => route[f] !== undefined);
  if (!field) return null;
  return {
    field: 'weights',
    message:
      `the default route of VirtualService ${vs.metadata.name} has ${field} instead of destinations; ` +
      'change it by hand, or remove it to let Sextant split the traffic',
  };
}

/**
 * Writes the shares as the destinations of the default route in `list` (edited in place; added last when every
 * route has a match). One share at 100 % is one destination without weight, as a person writes it (the article's
 * sa-logic-vs.yaml); shares at 0 are left out. A destination already there for the same subset keeps its other
 * fields (port, headers), and the host keeps the spelling the route used.
 */
export function setDefaultRoute(vs: KubeObject, list: RouteList, shares: readonly Share[], service: KubeObject): void {
  const spec = (vs.spec ??= {});
  const routes = Array.isArray(spec[list]) ? (spec[list] as Route[]) : (spec[list] = [] as Route[]);
  let index = defaultRouteIndex(routes as Route[]);
  if (index < 0) index = (routes as Route[]).push({}) - 1;
  const route = (routes as Route[])[index] as Route;
  const { name, namespace = '' } = service.metadata;
  const vsNamespace = vs.metadata.namespace ?? namespace;
  const ours = (route.route ?? []).filter((d) => namesService(d.destination?.host, vsNamespace, name, namespace));
  const host = ours[0]?.destination?.host ?? name;
  const port = ours[0]?.destination?.port;
  const kept = shares.filter((s) => s.weight > 0);
  route.route = kept.map((share) => {
    const before = ours.find((d) => d.destination?.subset === share.subset);
    const destination = before
      ? { ...before.destination, host, subset: share.subset }
      : { host, subset: share.subset, ...(port !== undefined ? { port } : {}) };
    const next: Destination = { ...before, destination };
    if (kept.length === 1) delete next.weight;
    else next.weight = share.weight;
    return next;
  });
}

/**
 * The default `http` route, added last when every route has a match, sending to the Service as it stands (no
 * subset: every version, as before any VirtualService), so that a mirror or a timeout changes nothing else.
 */
export function ensureDefaultRoute(vs: KubeObject, service: KubeObject): Route {
  const spec = (vs.spec ??= {});
  const routes = Array.isArray(spec.http) ? (spec.http as Route[]) : (spec.http = [] as Route[]);
  const index = defaultRouteIndex(routes as Route[]);
  if (index >= 0) return (routes as Route[])[index] as Route;
  const route: Route = { route: [{ destination: { host: service.metadata.name } }] };
  (routes as Route[]).push(route);
  return route;
}
