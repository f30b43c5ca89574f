import type { KubeObject } from '../store/kube-object.js';
import type { Protocol, ServiceRef } from './hop.js';
import {
  matchesHttpRoute,
  parseDurationMs,
  percentageOf,
  retryPolicyOf,
  ISTIO_DEFAULT_RETRY,
  type RequestFacts,
  type RetryPolicy,
} from './istio-route.js';
import { isExportedTo, resolveHost } from '../istio-hosts.js';
import { matchesLabels, type ExternalHost, type MeshIndex, type MeshPod, type MeshService } from './mesh-index.js';
import { outlierPolicyOf, type OutlierPolicy } from './outlier-policy.js';
import {
  claimKey,
  gatewayVirtualServices,
  meshVirtualServices,
  resolveTargetPort,
} from './virtual-service-selection.js';

export interface Fault {
  delayMs?: number;
  delayPercent?: number;
  abortStatus?: number;
  abortPercent?: number;
}

export interface Destination {
  service: ServiceRef;
  target: MeshService | ExternalHost;
  subset: string; // '' when none
  pods: MeshPod[]; // endpoints the cluster holds (subset-filtered); empty for external hosts
  targetPort: number;
  cluster: string; // outbound|<port>|<subset>|<host>
  tlsMode: 'auto' | 'DISABLE' | 'ISTIO_MUTUAL' | 'SIMPLE' | 'MUTUAL';
  /** The cluster's outlier detection, when its DestinationRule sets one. */
  outlier?: OutlierPolicy;
}

export type RouteDecision =
  | {
      ok: true;
      destination: Destination;
      routeName: string;
      timeoutMs?: number;
      retry: RetryPolicy;
      fault?: Fault;
      mirror?: { destination: Destination; percent: number };
      /** The route's request header changes (VirtualService headers.request; HTTPRoute RequestHeaderModifier). */
      requestHeaders?: HeaderOperations;
    }
  | { ok: false; code: number; flags: string; details: string; cluster: string; service: ServiceRef };

export interface RouteInput extends RequestFacts {
  /** The requesting proxy's pod: a sidecar (mesh routing) or a gateway (Gateway-bound VirtualServices). */
  from: MeshPod;
  target: MeshService | ExternalHost; // what the dialled host resolved to (for gateways: the gateway's own service)
  protocol: Protocol;
  random: () => number;
}

/** Lookups that depend only on the config, not on the request: cached per index (a new index after any change). */
interface RouteCaches {
  meshVirtualServices: Map<string, KubeObject[]>;
  gatewayVirtualServices: Map<string, KubeObject[]>;
  destinations: Map<string, { ok: true; destination: Destination } | Extract<RouteDecision, { ok: false }>>;
}
const caches = new WeakMap<MeshIndex, RouteCaches>();

function cachesOf(index: MeshIndex): RouteCaches {
  let c = caches.get(index);
  if (!c) {
    c = { meshVirtualServices: new Map(), gatewayVirtualServices: new Map(), destinations: new Map() };
    caches.set(index, c);
  }
  return c;
}

function cached<K, V>(map: Map<K, V>, key: K, compute: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = compute()));
  return value;
}

const isMeshService = (t: MeshService | ExternalHost): t is MeshService => 'pods' in t;

// A hop keeps its service ref and cluster name until it is logged and traced: one shared pair per (target, port,
// subset) instead of a new one per request saves ~200 bytes a hop (~150,000 hops are in flight at 5,000 workloads).
// Keyed by the index's own objects, so a rebuilt index starts afresh.
const names = new WeakMap<MeshService | ExternalHost, Map<string, { cluster: string; service: ServiceRef }>>();

function namesOf(
  target: MeshService | ExternalHost,
  portNumber: number,
  subset: string,
): { cluster: string; service: ServiceRef } {
  let byPort = names.get(target);
  if (!byPort) names.set(target, (byPort = new Map()));
  const key = `${portNumber}|${subset}`;
  let known = byPort.get(key);
  if (!known) {
    known = {
      cluster: ['outbound', portNumber, subset, target.host].join('|'),
      service: {
        host: target.host,
        name: isMeshService(target) ? target.name : target.host,
        namespace: target.namespace,
        port: portNumber,
      },
    };
    byPort.set(key, known);
  }
  return known;
}

/** Chooses where one request goes, as the calling Envoy would with the config istiod pushed to it. */
export function routeRequest(index: MeshIndex, input: RouteInput): RouteDecision {
  const c = cachesOf(index);
  const virtualServices = input.from.ref.isGateway
    ? cached(
        c.gatewayVirtualServices,
        `${input.from.ref.namespace}/${input.from.ref.workload}|${input.port}|${input.authority}`,
        () => gatewayVirtualServices(index, input),
      )
    : cached(c.meshVirtualServices, `${input.from.ref.namespace}|${claimKey(input)}|${input.target.host}`, () =>
        meshVirtualServices(index, input),
      );
  for (const vs of virtualServices) {
    const routes = (input.protocol === 'tcp' ? vs.spec?.tcp : vs.spec?.http) as HttpRouteSpec[] | undefined;
    for (const route of routes ?? []) {
      const matches = input.protocol === 'tcp' ? (route.match ?? []).map((m) => ({ port: m.port })) : route.match;
      if (!matchesHttpRoute(matches as never, input)) continue;
      return decide(index, input, vs, route);
    }
  }
  if (input.from.ref.isGateway) {
    return noRoute(input);
  }
  // No VirtualService: the default route to the host itself, round robin over all its endpoints.
  const destination = cached(c.destinations, `${input.from.ref.namespace}|-|${input.target.host}|${input.port}`, () =>
    destinationFor(index, input, input.target, undefined, ''),
  );
  if (!destination.ok) return destination;
  return { ok: true, destination: destination.destination, routeName: 'default', retry: ISTIO_DEFAULT_RETRY };
}

export interface HeaderOperations {
  set?: Record<string, string>;
  add?: Record<string, string>;
  remove?: string[];
}

interface HttpRouteSpec {
  name?: string;
  headers?: { request?: HeaderOperations };
  directResponse?: { status?: number };
  match?: (Record<string, unknown> & { port?: number })[];
  route?: { destination: { host: string; subset?: string; port?: { number?: number } }; weight?: number }[];
  timeout?: string;
  retries?: { attempts?: number; perTryTimeout?: string; retryOn?: string };
  fault?: {
    delay?: { fixedDelay?: string; percentage?: { value?: number }; percent?: number };
    abort?: { httpStatus?: number; percentage?: { value?: number } };
  };
  mirror?: { host: string; subset?: string; port?: { number?: number } };
  mirrorPercentage?: { value?: number };
  mirrors?: {
    destination: { host: string; subset?: string; port?: { number?: number } };
    percentage?: { value?: number };
  }[];
}

function decide(index: MeshIndex, input: RouteInput, vs: KubeObject, route: HttpRouteSpec): RouteDecision {
  if (route.directResponse) {
    // Envoy answers the route's direct response itself (route.proto DirectResponseAction): no cluster, no upstream.
    const service = unknownService(input.target.host, input.port);
    return {
      ok: false,
      code: route.directResponse.status ?? 200,
      flags: '-',
      details: 'direct_response',
      cluster: '-',
      service,
    };
  }
  const destinations = route.route ?? [];
  if (destinations.length === 0) {
    return noRoute(input);
  }
  const chosen = pickWeighted(destinations, input.random);
  const namespace = vs.metadata.namespace!;
  const result = cachedDestination(index, input, chosen.destination, namespace);
  if (!result.ok) return result;
  const fault: Fault | undefined = route.fault
    ? {
        delayMs: parseDurationMs(route.fault.delay?.fixedDelay),
        delayPercent: route.fault.delay ? percentageOf(route.fault.delay, 100) : undefined,
        abortStatus: route.fault.abort?.httpStatus,
        abortPercent: route.fault.abort ? percentageOf(route.fault.abort, 100) : undefined,
      }
    : undefined;
  const mirrorSpec = route.mirror ?? route.mirrors?.[0]?.destination;
  let mirror: { destination: Destination; percent: number } | undefined;
  if (mirrorSpec) {
    const mirrored = cachedDestination(index, input, mirrorSpec, namespace);
    // mirrorPercentage is itself a Percent ({value}); a mirrors entry holds one under `percentage`. Either way a
    // missing value mirrors everything (virtual_service.proto HTTPRoute.mirror_percentage, HTTPMirrorPolicy).
    const percent = route.mirror
      ? (route.mirrorPercentage?.value ?? 100)
      : percentageOf(route.mirrors?.[0] as never, 100);
    if (mirrored.ok) mirror = { destination: mirrored.destination, percent };
  }
  return {
    ok: true,
    destination: result.destination,
    routeName: route.name ?? 'default',
    timeoutMs: parseDurationMs(route.timeout),
    retry: route.retries ? retryPolicyOf(route.retries) : ISTIO_DEFAULT_RETRY,
    fault,
    mirror,
    ...(route.headers?.request ? { requestHeaders: route.headers.request } : {}),
  };
}

/** The request headers after a route's changes: remove, then set (replacing), then add (appending, comma-joined). */
export function applyHeaderOperations(headers: Record<string, string>, ops: HeaderOperations): Record<string, string> {
  const out = { ...headers };
  for (const name of ops.remove ?? []) delete out[name.toLowerCase()];
  for (const [name, value] of Object.entries(ops.set ?? {})) out[name.toLowerCase()] = value;
  for (const [name, value] of Object.entries(ops.add ?? {})) {
    const key = name.toLowerCase();
    out[key] = out[key] === undefined ? value : `${out[key]},${value}`;
  }
  return out;
}

function cachedDestination(
  index: MeshIndex,
  input: RouteInput,
  spec: { host: string; subset?: string; port?: { number?: number } },
  vsNamespace: string,
): { ok: true; destination: Destination } | Extract<RouteDecision, { ok: false }> {
  const key = `${input.from.ref.namespace}|${vsNamespace}|${spec.host}|${spec.subset ?? ''}|${spec.port?.number ?? ''}|${input.port}`;
  return cached(cachesOf(index).destinations, key, () => destinationByName(index, input, spec, vsNamespace));
}

function destinationByName(
  index: MeshIndex,
  input: RouteInput,
  spec: { host: string; subset?: string; port?: { number?: number } },
  vsNamespace: string,
): { ok: true; destination: Destination } | Extract<RouteDecision, { ok: false }> {
  const host = resolveHost(spec.host, vsNamespace);
  const known = index.servicesByHost.get(host) ?? index.externalHosts.get(host);
  // A host not exported to the caller's namespace has no cluster in its proxy, like an unknown one.
  const target = known && isExportedTo(known.exportTo, known.namespace, input.from.ref.namespace) ? known : undefined;
  const port = spec.port?.number ?? (target?.ports.length === 1 ? target.ports[0]!.port : input.port);
  if (!target) {
    // istiod builds no cluster for an unknown or invisible host; Envoy answers 503 cluster_not_found.
    const cluster = `outbound|${port}|${spec.subset ?? ''}|${host}`;
    return {
      ok: false,
      code: 503,
      flags: 'NC',
      details: 'cluster_not_found',
      cluster,
      service: unknownService(host, port),
    };
  }
  return destinationFor(index, { ...input, port }, target, spec.subset, spec.subset ?? '');
}

function destinationFor(
  index: MeshIndex,
  input: RouteInput,
  target: MeshService | ExternalHost,
  subsetName: string | undefined,
  subset: string,
): { ok: true; destination: Destination } | Extract<RouteDecision, { ok: false }> {
  const port = target.ports.find((p) => p.port === input.port) ?? target.ports[0];
  const portNumber = port?.port ?? input.port;
  const { cluster, service } = namesOf(target, portNumber, subset);
  const dr = index.destinationRuleFor(target.host, input.from.ref.namespace, target.namespace);
  let pods = isMeshService(target) ? target.pods : [];
  let policy = dr?.spec?.trafficPolicy as { tls?: { mode?: string }; outlierDetection?: unknown } | undefined;
  let outlierDetection = policy?.outlierDetection;
  if (subsetName) {
    const subsetSpec = (
      (dr?.spec?.subsets ?? []) as { name: string; labels?: Record<string, string>; trafficPolicy?: unknown }[]
    ).find((s) => s.name === subsetName);
    if (!subsetSpec) return { ok: false, code: 503, flags: 'NC', details: 'cluster_not_found', cluster, service };
    pods = pods.filter((p) => matchesLabels(p.labels, subsetSpec.labels));
    policy = (subsetSpec.trafficPolicy as typeof policy) ?? policy;
    // Istio merges a subset's policy field by field over the rule's.
    outlierDetection = policy?.outlierDetection ?? outlierDetection;
  }
  const targetPort = resolveTargetPort(port?.targetPort ?? portNumber, pods[0]);
  const tlsMode = (policy?.tls?.mode as Destination['tlsMode'] | undefined) ?? 'auto';
  const outlier = outlierPolicyOf(outlierDetection, pods.length);
  return { ok: true, destination: { service, target, subset, pods, targetPort, cluster, tlsMode, outlier } };
}

function pickWeighted<T extends { weight?: number }>(items: T[], random: () => number): T {
  if (items.length === 1) return items[0]!;
  // Istio: a missing weight counts as 0 when others are set; all missing shares evenly.
  const weights = items.map((i) => i.weight ?? 0);
  const total = weights.reduce((a, b) => a + b, 0);
  if (total <= 0) return items[Math.floor(random() * items.length)]!;
  let r = random() * total;
  for (let i = 0; i < items.length; i++) {
    r -= weights[i]!;
    if (r < 0) return items[i]!;
  }
  return items[items.length - 1]!;
}

/** Envoy's local reply when no route matches: 404 with the NR flag. */
function noRoute(input: RouteInput): Extract<RouteDecision, { ok: false }> {
  return {
    ok: false,
    code: 404,
    flags: 'NR',
    details: 'route_not_found',
    cluster: '-',
    service: unknownService(input.authority, input.port),
  };
}

function unknownService(host: string, port: number): ServiceRef {
  return { host: host || 'unknown', name: host || 'unknown', namespace: 'unknown', port };
}
