import type { KubeObject } from '../store/kube-object.js';
import { labelsMatch } from './config-selector.js';
import { envoyDuration, isRecord, shared, type EnvoyJson } from './envoy-json.js';
import { resolveHost } from '../istio-hosts.js';
import type { MeshService } from './mesh-services.js';
import {
  DEFAULT_RETRY_POLICY,
  faultConfig,
  headerOps,
  mirrorPolicies,
  REDIRECT_CODES,
  retryPolicy,
} from './route-policies.js';

/** What a route translation needs to know about where it runs. */
export interface RouteContext {
  /** The port of the listener (and route configuration) being built. */
  listenerPort: number;
  serviceByHost: Map<string, MeshService>;
  proxyLabels: Record<string, string>;
  proxyNamespace: string;
  /** Gateway names ("ns/name") the routes are built for; 'mesh' for sidecars. */
  gateways: Set<string>;
}

const NO_STREAM_LIMIT = shared({ max_stream_duration: '0s', grpc_timeout_header_max: '0s' });

/** outbound|<port>|<subset>|<host> for a VirtualService destination. */
export function destinationCluster(
  destination: unknown,
  vsNamespace: string,
  ctx: RouteContext,
): { cluster: string; host: string; port: number } {
  const d = isRecord(destination) ? destination : {};
  const host = resolveHost(String(d.host ?? ''), vsNamespace);
  const service = ctx.serviceByHost.get(host);
  const named = isRecord(d.port) && typeof d.port.number === 'number' ? d.port.number : undefined;
  const port = named ?? (service?.ports.length === 1 ? service.ports[0]!.port : ctx.listenerPort);
  return { cluster: `outbound|${port}|${typeof d.subset === 'string' ? d.subset : ''}|${host}`, host, port };
}

function stringMatcher(value: unknown): EnvoyJson | undefined {
  if (!isRecord(value)) return undefined;
  if (typeof value.exact === 'string') return { exact: value.exact };
  if (typeof value.prefix === 'string') return { prefix: value.prefix };
  if (typeof value.regex === 'string') return { safe_regex: { regex: value.regex } };
  return undefined;
}

function routeMatch(match: Record<string, unknown>): EnvoyJson {
  const out: EnvoyJson = {};
  const uri = isRecord(match.uri) ? match.uri : undefined;
  if (typeof uri?.exact === 'string') out.path = uri.exact;
  else if (typeof uri?.regex === 'string') out.safe_regex = { regex: uri.regex };
  else out.prefix = typeof uri?.prefix === 'string' ? uri.prefix : '/';
  if (match.ignoreUriCase === true) out.case_sensitive = false;
  const headers: EnvoyJson[] = [];
  const addHeader = (name: string, value: unknown, invert = false) => {
    const matcher = stringMatcher(value);
    if (matcher) headers.push({ name, string_match: matcher, ...(invert ? { invert_match: true } : {}) });
    else if (isRecord(value)) headers.push({ name, present_match: true, ...(invert ? { invert_match: true } : {}) });
  };
  if (match.method) addHeader(':method', match.method);
  if (match.authority) addHeader(':authority', match.authority);
  if (match.scheme) addHeader(':scheme', match.scheme);
  for (const [name, value] of Object.entries(isRecord(match.headers) ? match.headers : {}))
    addHeader(name.toLowerCase(), value);
  for (const [name, value] of Object.entries(isRecord(match.withoutHeaders) ? match.withoutHeaders : {})) {
    addHeader(name.toLowerCase(), value, true);
  }
  if (headers.length > 0) out.headers = headers;
  const query = Object.entries(isRecord(match.queryParams) ? match.queryParams : {})
    .map(([name, value]) => ({ name, string_match: stringMatcher(value) }))
    .filter((q) => q.string_match);
  if (query.length > 0) out.query_parameters = query;
  return out;
}

/** Istio drops a match at generation time when it names other source workloads, gateways or ports. */
function matchApplies(match: Record<string, unknown>, ctx: RouteContext, vsNamespace: string): boolean {
  if (isRecord(match.sourceLabels) && !labelsMatch(match.sourceLabels as Record<string, string>, ctx.proxyLabels))
    return false;
  if (typeof match.sourceNamespace === 'string' && match.sourceNamespace !== ctx.proxyNamespace) return false;
  if (typeof match.port === 'number' && match.port !== ctx.listenerPort) return false;
  if (Array.isArray(match.gateways) && match.gateways.length > 0) {
    return match.gateways.some((g: string) => ctx.gateways.has(g === 'mesh' ? 'mesh' : qualifyGateway(g, vsNamespace)));
  }
  return true;
}

export function qualifyGateway(name: string, namespace: string): string {
  return name.includes('/') ? name : `${namespace}/${name}`;
}

/** The Envoy routes for one VirtualService, in its order: one route per match of each http route. */
export function translateHttpRoutes(vs: KubeObject, ctx: RouteContext): EnvoyJson[] {
  const vsNamespace = vs.metadata.namespace ?? 'default';
  const configPath = `/apis/networking.istio.io/v1/namespaces/${vsNamespace}/virtual-service/${vs.metadata.name}`;
  const out: EnvoyJson[] = [];
  for (const http of Array.isArray(vs.spec?.http) ? (vs.spec.http as Record<string, unknown>[]) : []) {
    if (!isRecord(http)) continue;
    const matches =
      Array.isArray(http.match) && http.match.length > 0 ? (http.match as Record<string, unknown>[]) : [undefined];
    for (const match of matches) {
      if (match && !matchApplies(match, ctx, vsNamespace)) continue;
      out.push(translateOne(http, match, { ctx, vsNamespace, configPath }));
    }
  }
  return out;
}

function translateOne(
  http: Record<string, unknown>,
  match: Record<string, unknown> | undefined,
  where: { ctx: RouteContext; vsNamespace: string; configPath: string },
): EnvoyJson {
  const { ctx, vsNamespace } = where;
  const route: EnvoyJson = { match: routeMatch(match ?? {}) };
  let operationHost = '';
  if (isRecord(http.redirect)) {
    const r = http.redirect;
    route.redirect = {
      ...(typeof r.uri === 'string' ? { path_redirect: r.uri } : {}),
      ...(typeof r.authority === 'string' ? { host_redirect: r.authority } : {}),
      ...(typeof r.port === 'number' ? { port_redirect: r.port } : {}),
      ...(typeof r.scheme === 'string' ? { scheme_redirect: r.scheme } : {}),
      response_code: REDIRECT_CODES[typeof r.redirectCode === 'number' ? r.redirectCode : 301] ?? 'MOVED_PERMANENTLY',
    };
  } else if (isRecord(http.directResponse)) {
    const body = isRecord(http.directResponse.body) ? http.directResponse.body : undefined;
    route.direct_response = {
      status: http.directResponse.status,
      ...(typeof body?.string === 'string' ? { body: { inline_string: body.string } } : {}),
    };
  } else {
    const destinations = (Array.isArray(http.route) ? (http.route as Record<string, unknown>[]) : []).filter(
      (d) => isRecord(d) && (d.weight === undefined || Number(d.weight) > 0),
    );
    const resolved = destinations.map((d) => ({
      ...destinationCluster(d.destination, vsNamespace, ctx),
      weight: Number(d.weight ?? 100),
    }));
    operationHost = resolved[0] ? `${resolved[0].host}:${resolved[0].port}` : '';
    const action: EnvoyJson = {};
    if (resolved.length === 1) action.cluster = resolved[0]!.cluster;
    else if (resolved.length > 1)
      action.weighted_clusters = { clusters: resolved.map((r) => ({ name: r.cluster, weight: r.weight })) };
    else action.cluster_not_found_response_code = 'SERVICE_UNAVAILABLE';
    const timeout = envoyDuration(http.timeout) ?? '0s';
    action.timeout = timeout;
    const retry = retryPolicy(http.retries);
    if (retry) action.retry_policy = retry;
    if (isRecord(http.rewrite)) {
      if (typeof http.rewrite.uri === 'string') action.prefix_rewrite = http.rewrite.uri;
      if (typeof http.rewrite.authority === 'string') action.host_rewrite_literal = http.rewrite.authority;
    }
    const mirrors = mirrorPolicies(http, (d) => destinationCluster(d, vsNamespace, ctx).cluster);
    if (mirrors.length > 0) action.request_mirror_policies = mirrors;
    action.max_stream_duration =
      timeout === '0s' ? NO_STREAM_LIMIT : { max_stream_duration: timeout, grpc_timeout_header_max: timeout };
    route.route = action;
  }
  route.metadata = { filter_metadata: { istio: { config: where.configPath } } };
  const path =
    typeof (match?.uri as Record<string, unknown> | undefined)?.prefix === 'string'
      ? String((match!.uri as Record<string, unknown>).prefix)
      : '/';
  route.decorator = { operation: `${operationHost}${path.endsWith('/') ? path : `${path}/`}*` };
  headerOps(isRecord(http.headers) ? http.headers.request : undefined, route, 'request');
  headerOps(isRecord(http.headers) ? http.headers.response : undefined, route, 'response');
  const fault = faultConfig(http.fault);
  if (fault) route.typed_per_filter_config = { 'envoy.filters.http.fault': fault };
  const name = [http.name, match?.name].filter((n) => typeof n === 'string' && n !== '').join('.');
  if (name) route.name = name;
  return route;
}

const MATCH_ALL = shared({ prefix: '/' });

export function defaultRoute(service: MeshService, port: number): EnvoyJson {
  return {
    match: MATCH_ALL,
    route: {
      cluster: `outbound|${port}||${service.hostname}`,
      timeout: '0s',
      retry_policy: DEFAULT_RETRY_POLICY,
      max_stream_duration: NO_STREAM_LIMIT,
    },
    decorator: { operation: `${service.hostname}:${port}/*` },
    name: 'default',
  };
}
