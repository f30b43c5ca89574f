// Gateway API for the mesh (GAMMA): an HTTPRoute whose parentRefs name a Service (group "", kind Service) routes that
// Service's mesh traffic. Istio turns such routes into VirtualServices with "gateway semantics"
// (pilot/pkg/config/kube/gateway/conversion.go: one per Service host, the routes of every HTTPRoute on it merged and
// sorted by the Gateway API's precedence, annotated internal.istio.io/route-semantics=gateway); this does the same,
// so the traffic model routes them as it routes any VirtualService. Semantics from the Gateway API spec
// (gateway-api.sigs.k8s.io/reference/spec, HTTPRouteRule, HTTPBackendRef, HTTPPathMatch; GEP-1426 for mesh):
// - a backendRef's weight defaults to 1, weights are relative (not percentages), a weight of 0 gets no traffic;
// - a rule without matches matches the path prefix "/"; a PathPrefix matches whole path segments ("/foo" matches
//   "/foo" and "/foo/bar", not "/foobar");
// - a route in another namespace than its parent Service ("consumer route") applies to callers in its own namespace.
import type { KubeObject } from '../store/kube-object.js';

export const ROUTE_SEMANTICS_ANNOTATION = 'internal.istio.io/route-semantics';
const SERVICE_DOMAIN = 'svc.cluster.local';

interface ParentRef {
  group?: string;
  kind?: string;
  name: string;
  namespace?: string;
  port?: number;
}
interface BackendRef {
  group?: string;
  kind?: string;
  name: string;
  namespace?: string;
  port?: number;
  weight?: number;
}
interface HttpRouteMatch {
  path?: { type?: string; value?: string };
  headers?: { type?: string; name: string; value: string }[];
  method?: string;
}
interface HttpRouteFilter {
  type: string;
  requestHeaderModifier?: HeaderModifier;
  requestMirror?: { backendRef: BackendRef; percent?: number; fraction?: { numerator: number; denominator?: number } };
}
interface HeaderModifier {
  set?: { name: string; value: string }[];
  add?: { name: string; value: string }[];
  remove?: string[];
}
interface HttpRouteRule {
  name?: string;
  matches?: HttpRouteMatch[];
  filters?: HttpRouteFilter[];
  backendRefs?: (BackendRef & { filters?: HttpRouteFilter[] })[];
  timeouts?: { request?: string };
}

// A backendRef defaults to group "" kind Service; a parentRef to group gateway.networking.k8s.io kind Gateway, so a
// mesh route must say group "" (or leave the group out) and kind Service (ParentReference, BackendObjectReference).
const isServiceRef = (ref: { group?: string; kind?: string }) =>
  (ref.group ?? '') === '' && (ref.kind ?? 'Service') === 'Service';
const isServiceParent = (ref: { group?: string; kind?: string }) => (ref.group ?? '') === '' && ref.kind === 'Service';

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One Gateway API match as an Istio HTTPMatchRequest (the shape matchesHttpRoute reads). */
function toIstioMatch(match: HttpRouteMatch, port: number | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const path = match.path ?? { type: 'PathPrefix', value: '/' };
  const value = path.value ?? '/';
  if (path.type === 'Exact') out.uri = { exact: value };
  else if (path.type === 'RegularExpression') out.uri = { regex: value };
  else if (value !== '/') out.uri = { regex: `${escapeRegex(value.replace(/\/+$/, ''))}(/.*)?` };
  else out.uri = { prefix: '/' };
  if (match.method) out.method = { exact: match.method };
  if (match.headers?.length) {
    out.headers = Object.fromEntries(
      match.headers.map((h) => [
        h.name.toLowerCase(),
        h.type === 'RegularExpression' ? { regex: h.value } : { exact: h.value },
      ]),
    );
  }
  if (port !== undefined) out.port = port;
  return out;
}

const hostOf = (ref: BackendRef, routeNamespace: string) =>
  `${ref.name}.${ref.namespace ?? routeNamespace}.${SERVICE_DOMAIN}`;

/** One HTTPRoute rule as Istio http routes, one per match (as Istio generates them, so each sorts on its own). */
function toIstioRoutes(rule: HttpRouteRule, route: KubeObject, port: number | undefined): Record<string, unknown>[] {
  const ns = route.metadata.namespace!;
  // A weight-0 backend gets nothing and a missing weight is 1 (HTTPBackendRef.weight); a rule left with no backend
  // answers 500 ("all traffic which matches this rule MUST receive a 500 status code"), as Istio's direct response.
  const backends = (rule.backendRefs ?? []).filter((b) => isServiceRef(b) && (b.weight ?? 1) > 0);
  const common: Record<string, unknown> = {
    name: `${ns}.${route.metadata.name}.${rule.name ?? (route.spec?.rules as unknown[]).indexOf(rule)}`,
    ...(backends.length === 0
      ? { directResponse: { status: 500 } }
      : {
          route: backends.map((b) => ({
            destination: { host: hostOf(b, ns), ...(b.port !== undefined ? { port: { number: b.port } } : {}) },
            weight: b.weight ?? 1,
          })),
        }),
  };
  if (rule.timeouts?.request) common.timeout = rule.timeouts.request;
  for (const filter of rule.filters ?? []) {
    if (filter.type === 'RequestHeaderModifier' && filter.requestHeaderModifier) {
      const m = filter.requestHeaderModifier;
      const pairs = (list?: { name: string; value: string }[]) =>
        list && Object.fromEntries(list.map((h) => [h.name.toLowerCase(), h.value]));
      common.headers = { request: { set: pairs(m.set), add: pairs(m.add), remove: m.remove } };
    }
    if (filter.type === 'RequestMirror' && filter.requestMirror && isServiceRef(filter.requestMirror.backendRef)) {
      const mirror = filter.requestMirror;
      const fraction = mirror.fraction;
      const percent = mirror.percent ?? (fraction ? (100 * fraction.numerator) / (fraction.denominator ?? 100) : 100);
      const ref = mirror.backendRef;
      common.mirror = { host: hostOf(ref, ns), ...(ref.port !== undefined ? { port: { number: ref.port } } : {}) };
      common.mirrorPercentage = { value: percent };
    }
  }
  const matches = rule.matches?.length ? rule.matches : [{}];
  return matches.map((m) => ({ ...common, match: [toIstioMatch(m, port)], precedence: precedenceOf(m) }));
}

/**
 * The Gateway API's order between rules of the routes on one parent (HTTPRouteRule): an Exact path first, then the
 * longest path, then a method match, then the most header matches; ties keep the routes' age order.
 */
function precedenceOf(m: HttpRouteMatch): number[] {
  const exact = m.path?.type === 'Exact' ? 1 : 0;
  const length = (m.path?.value ?? '/').length;
  return [exact, length, m.method ? 1 : 0, m.headers?.length ?? 0];
}

function byPrecedence(a: Record<string, unknown>, b: Record<string, unknown>): number {
  const pa = a.precedence as number[];
  const pb = b.precedence as number[];
  for (let i = 0; i < pa.length; i++) if (pa[i] !== pb[i]) return pb[i]! - pa[i]!;
  return 0;
}

const byAge = (a: KubeObject, b: KubeObject) => {
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.metadata.name < b.metadata.name ? -1 : 1;
};

/**
 * The VirtualServices Istio derives from HTTPRoutes bound to Services: one per (Service host, route namespace), the
 * rules of all its routes merged in precedence order, marked with gateway semantics. A consumer route (in another
 * namespace than the Service) is visible to its own namespace only.
 */
export function gammaVirtualServices(httpRoutes: KubeObject[]): KubeObject[] {
  const byParent = new Map<
    string,
    { host: string; ns: string; serviceNs: string; routes: Record<string, unknown>[]; oldest: KubeObject }
  >();
  for (const route of [...httpRoutes].sort(byAge)) {
    const ns = route.metadata.namespace!;
    for (const parent of ((route.spec?.parentRefs ?? []) as ParentRef[]).filter(isServiceParent)) {
      const serviceNs = parent.namespace ?? ns;
      const host = `${parent.name}.${serviceNs}.${SERVICE_DOMAIN}`;
      const key = `${host}|${ns}`;
      let entry = byParent.get(key);
      if (!entry) byParent.set(key, (entry = { host, ns, serviceNs, routes: [], oldest: route }));
      for (const rule of (route.spec?.rules ?? []) as HttpRouteRule[])
        entry.routes.push(...toIstioRoutes(rule, route, parent.port));
    }
  }
  return [...byParent.values()].map((e) => ({
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: {
      name: `${e.host.split('.')[0]}-gamma`,
      namespace: e.ns,
      creationTimestamp: e.oldest.metadata.creationTimestamp,
      resourceVersion: e.oldest.metadata.resourceVersion,
      annotations: { [ROUTE_SEMANTICS_ANNOTATION]: 'gateway' },
    },
    spec: {
      hosts: [e.host],
      gateways: ['mesh'],
      ...(e.ns !== e.serviceNs ? { exportTo: ['.'] } : {}),
      // A stable sort: equal precedence keeps the routes' age order.
      http: [...e.routes].sort(byPrecedence).map(({ precedence: _p, ...r }) => r),
    },
  }));
}

export const usesGatewaySemantics = (vs: KubeObject) =>
  vs.metadata.annotations?.[ROUTE_SEMANTICS_ANNOTATION] === 'gateway';
