import type { KubeObject } from '../store/kube-object.js';
import { gammaVirtualServices } from './gamma-routes.js';
import { parse as parseYaml } from 'yaml';
import { type AccessLogCustomFormat, customFormatOf } from '../telemetry/access-log-format.js';
import { TelemetryIndex } from '../telemetry/request-operation.js';
import type { ObjectStore } from '../store/object-store.js';
import { GR } from '../store/resource-types.js';
import {
  keepsUpstreamClusterStats,
  meshStatsMatcher,
  statsInclusionWith,
  type ProxyStatsMatcher,
} from '../envoy/stats-matcher.js';
import type { WorkloadSecurity } from '../security/index.js';
import type { WorkloadRef } from './hop.js';
import { exportToList, hostMatches, isExportedTo, resolveHost, SERVICE_DOMAIN } from '../istio-hosts.js';

export const CLUSTER_ID = 'Kubernetes';

export interface ServicePort {
  name: string;
  port: number;
  targetPort: number | string;
  protocol: string; // Kubernetes: TCP/UDP
  appProtocol?: string;
}

export interface MeshService {
  name: string;
  namespace: string;
  host: string; // FQDN
  selector?: Record<string, string>;
  ports: ServicePort[];
  /** Pods the selector picks, ready ones only, in a stable order. */
  pods: MeshPod[];
  /** The cluster IP, when it has one: a client may dial it instead of a name. */
  address?: string;
  /** Its networking.istio.io/exportTo annotation; undefined: every namespace. */
  exportTo?: string[];
}

export interface MeshPod {
  object: KubeObject;
  ref: WorkloadRef;
  labels: Record<string, string>;
  env: Record<string, string>; // the app container's environment
  containerPorts: Map<string, number>; // named container ports, for named targetPorts
  /** The security policies in force on the pod, cached by the traffic model's security (inbound-security.ts). */
  security?: { index: object; value: WorkloadSecurity };
}

export interface ExternalHost {
  host: string;
  namespace: string;
  ports: ServicePort[];
  location: 'MESH_EXTERNAL' | 'MESH_INTERNAL';
  exportTo?: string[];
}

/**
 * The routing-relevant view of the cluster, rebuilt from the store when something changed: services with their
 * ready pods, Istio objects by the host they apply to, pods by name. Lookups are O(1); the traffic model asks it
 * on every request.
 */
export class MeshIndex {
  readonly servicesByHost = new Map<string, MeshService>();
  readonly podsByKey = new Map<string, MeshPod>(); // namespace/name
  readonly podsByWorkload = new Map<string, MeshPod[]>(); // namespace/workload
  readonly externalHosts = new Map<string, ExternalHost>();
  readonly virtualServices: KubeObject[];
  /** The VirtualServices Istio derives from HTTPRoutes bound to Services (GAMMA), with gateway semantics. */
  readonly gammaVirtualServices: KubeObject[];
  readonly destinationRules: KubeObject[];
  readonly gateways: KubeObject[];
  readonly accessLogEncoding: 'TEXT' | 'JSON';
  /** MeshConfig accessLogFormat, null for Istio's default format. */
  readonly accessLogFormat: AccessLogCustomFormat;
  private readonly drByHost = new Map<string, KubeObject[]>();
  private readonly wildcardDrs: { host: string; dr: KubeObject }[] = [];
  private readonly servicesByAddress = new Map<string, MeshService>();

  constructor(store: ObjectStore) {
    const podsByNamespace = new Map<string, MeshPod[]>();
    const telemetries = new TelemetryIndex(store.list(GR.telemetries));
    const meshMatcher = meshStatsMatcher(store);
    for (const pod of store.list(GR.pods)) {
      if (pod.metadata.deletionTimestamp || pod.status?.phase !== 'Running' || !pod.status?.podIP) continue;
      const meshPod = toMeshPod(pod, telemetries, meshMatcher);
      this.podsByKey.set(`${meshPod.ref.namespace}/${meshPod.ref.pod}`, meshPod);
      push(podsByNamespace, meshPod.ref.namespace, meshPod);
      push(this.podsByWorkload, `${meshPod.ref.namespace}/${meshPod.ref.workload}`, meshPod);
    }
    for (const svc of store.list(GR.services)) {
      const namespace = svc.metadata.namespace!;
      const selector = svc.spec?.selector as Record<string, string> | undefined;
      const candidates = selector ? (podsByNamespace.get(namespace) ?? []) : [];
      const pods = candidates.filter((p) => matchesLabels(p.labels, selector));
      pods.sort((a, b) => (a.ref.pod < b.ref.pod ? -1 : 1));
      const host = `${svc.metadata.name}.${namespace}.${SERVICE_DOMAIN}`;
      const address =
        typeof svc.spec?.clusterIP === 'string' && svc.spec.clusterIP !== 'None' ? svc.spec.clusterIP : '';
      const exportTo = exportToList(svc.metadata.annotations?.['networking.istio.io/exportTo']);
      const meshService: MeshService = {
        name: svc.metadata.name,
        namespace,
        host,
        selector,
        ports: ((svc.spec?.ports ?? []) as ServicePort[]).map((p) => ({
          name: p.name ?? '',
          port: p.port,
          targetPort: p.targetPort ?? p.port,
          protocol: p.protocol ?? 'TCP',
          appProtocol: p.appProtocol,
        })),
        pods,
        ...(address ? { address } : {}),
        ...(exportTo ? { exportTo } : {}),
      };
      this.servicesByHost.set(host, meshService);
      if (address) this.servicesByAddress.set(address, meshService);
    }
    for (const se of store.list(GR.serviceentries)) {
      const exportTo = exportToList(se.spec?.exportTo);
      for (const host of (se.spec?.hosts ?? []) as string[]) {
        this.externalHosts.set(host, {
          host,
          namespace: se.metadata.namespace!,
          ...(exportTo ? { exportTo } : {}),
          location: se.spec?.location === 'MESH_INTERNAL' ? 'MESH_INTERNAL' : 'MESH_EXTERNAL',
          ports: ((se.spec?.ports ?? []) as { number: number; name?: string; protocol?: string }[]).map((p) => ({
            name: p.name ?? '',
            port: p.number,
            targetPort: p.number,
            protocol: p.protocol ?? 'TCP',
          })),
        });
      }
    }
    this.virtualServices = store.list(GR.virtualservices);
    this.gammaVirtualServices = gammaVirtualServices(store.list(GR.httproutes));
    this.destinationRules = store.list(GR.destinationrules);
    this.gateways = store.list(GR.gateways);
    for (const dr of this.destinationRules) {
      const host = resolveHost(String(dr.spec?.host ?? ''), dr.metadata.namespace!);
      if (host.startsWith('*')) this.wildcardDrs.push({ host, dr });
      else push(this.drByHost, host, dr);
    }
    const meshConfig = store.get(GR.configmaps, 'istio-system', 'istio')?.['data'] as
      Record<string, string> | undefined;
    this.accessLogEncoding = /accessLogEncoding:\s*JSON/.test(meshConfig?.['mesh'] ?? '') ? 'JSON' : 'TEXT';
    this.accessLogFormat = customFormatOf(this.accessLogEncoding, readAccessLogFormat(meshConfig?.['mesh']));
  }

  /**
   * Resolves a name as an app would dial it from `fromNamespace` (Kubernetes DNS search path): 'sa-logic',
   * 'ratings.bookinfo', 'ratings.bookinfo.svc', the FQDN, or a ServiceEntry host.
   */
  lookupHost(name: string, fromNamespace: string): MeshService | ExternalHost | undefined {
    const key = `${fromNamespace}\u0000${name}`;
    let found = this.hostCache.get(key);
    if (found === undefined) this.hostCache.set(key, (found = this.resolveDialled(name, fromNamespace) ?? null));
    return found ?? undefined;
  }

  private readonly hostCache = new Map<string, MeshService | ExternalHost | null>();

  private resolveDialled(name: string, fromNamespace: string): MeshService | ExternalHost | undefined {
    const byAddress = this.servicesByAddress.get(name);
    if (byAddress) return byAddress;
    const candidates = name.includes('.')
      ? [name, `${name}.svc.cluster.local`, `${name}.cluster.local`, `${name}.${fromNamespace}.${SERVICE_DOMAIN}`]
      : [`${name}.${fromNamespace}.${SERVICE_DOMAIN}`];
    for (const host of candidates) {
      const found = this.servicesByHost.get(host) ?? this.externalHosts.get(host);
      if (found) return found;
    }
    return this.externalHosts.get(name);
  }

  /**
   * The DestinationRule for a host as the caller's proxy sees it: those exported to the caller's namespace, an exact
   * host before a wildcard, its own namespace first, then the host's, then the root.
   */
  destinationRuleFor(host: string, callerNamespace: string, hostNamespace: string): KubeObject | undefined {
    const visible = (r: KubeObject) =>
      isExportedTo(exportToList(r.spec?.exportTo), r.metadata.namespace!, callerNamespace);
    let rules = this.drByHost.get(host)?.filter(visible);
    if (!rules?.length)
      rules = this.wildcardDrs.filter((w) => hostMatches(w.host, host) && visible(w.dr)).map((w) => w.dr);
    if (rules.length === 0) return undefined;
    return (
      rules.find((r) => r.metadata.namespace === callerNamespace) ??
      rules.find((r) => r.metadata.namespace === hostNamespace) ??
      rules.find((r) => r.metadata.namespace === 'istio-system') ??
      rules[0]
    );
  }
}

export function matchesLabels(labels: Record<string, string>, selector: Record<string, string> | undefined): boolean {
  if (!selector) return true;
  for (const [k, v] of Object.entries(selector)) if (labels[k] !== v) return false;
  return true;
}

function toMeshPod(pod: KubeObject, telemetries: TelemetryIndex, meshMatcher: ProxyStatsMatcher | undefined): MeshPod {
  const labels = (pod.metadata.labels ?? {}) as Record<string, string>;
  const containers = (pod.spec?.containers ?? []) as {
    name: string;
    env?: { name: string; value?: string }[];
    ports?: { name?: string; containerPort: number }[];
  }[];
  const app = containers.find((c) => c.name !== 'istio-proxy') ?? containers[0];
  const env: Record<string, string> = {};
  for (const e of app?.env ?? []) env[e.name] = e.value ?? '';
  const containerPorts = new Map<string, number>();
  for (const c of containers) for (const p of c.ports ?? []) if (p.name) containerPorts.set(p.name, p.containerPort);
  const isGateway = labels['istio'] === 'ingressgateway' || labels['istio'] === 'egressgateway';
  const workload = workloadNameOf(pod);
  return {
    object: pod,
    labels,
    env,
    containerPorts,
    ref: {
      cluster: CLUSTER_ID,
      namespace: pod.metadata.namespace!,
      workload,
      app: labels['app'] ?? 'unknown',
      version: labels['version'] ?? 'unknown',
      canonicalService:
        labels['service.istio.io/canonical-name'] ?? labels['app.kubernetes.io/name'] ?? labels['app'] ?? workload,
      canonicalRevision:
        labels['service.istio.io/canonical-revision'] ??
        labels['app.kubernetes.io/version'] ??
        labels['version'] ??
        'latest',
      serviceAccount: String(pod.spec?.serviceAccountName ?? 'default'),
      pod: pod.metadata.name,
      podIp: String(pod.status?.podIP),
      hasSidecar: containers.some((c) => c.name === 'istio-proxy'),
      isGateway,
      ...histogramBucketsOf(pod),
      ...operationTagsOf(pod, labels, telemetries),
      ...(keepsUpstreamClusterStats(statsInclusionWith(meshMatcher, pod)) ? {} : { dropsClusterStats: true as const }),
    },
  };
}

/** The pod's request_operation tags, when a Telemetry gives it any (most pods: none, and no field). */
function operationTagsOf(pod: KubeObject, labels: Record<string, string>, telemetries: TelemetryIndex) {
  const operationTags = telemetries.tagsFor(pod.metadata.namespace!, labels);
  return operationTags ? { operationTags } : {};
}

const BUCKETS_ANNOTATION = 'sidecar.istio.io/statsHistogramBuckets';

/** The pod's histogram bucket override, when its annotation is a JSON object of number lists (else Envoy's defaults). */
function histogramBucketsOf(pod: KubeObject): { histogramBuckets?: Record<string, number[]> } {
  const raw = pod.metadata.annotations?.[BUCKETS_ANNOTATION];
  if (!raw) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null) return {};
    const buckets: Record<string, number[]> = {};
    for (const [prefix, bounds] of Object.entries(parsed)) {
      if (Array.isArray(bounds) && bounds.every((b) => typeof b === 'number' && b > 0))
        buckets[prefix] = [...(bounds as number[])].sort((a, b) => a - b);
    }
    return { histogramBuckets: buckets };
  } catch {
    return {}; // istio-agent rejects it too and the proxy keeps the defaults
  }
}

/** The workload a pod belongs to, as Istio names it: the Deployment behind its ReplicaSet, else its owner, else itself. */
export function workloadNameOf(pod: KubeObject): string {
  const owner = pod.metadata.ownerReferences?.find((o) => o.controller) ?? pod.metadata.ownerReferences?.[0];
  if (!owner) return pod.metadata.name;
  if (owner.kind === 'ReplicaSet') {
    const hash = pod.metadata.labels?.['pod-template-hash'];
    if (hash && owner.name.endsWith(`-${hash}`)) return owner.name.slice(0, -hash.length - 1);
  }
  return owner.name;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** MeshConfig's accessLogFormat from the istio ConfigMap's `mesh` YAML; undefined when absent or unreadable. */
function readAccessLogFormat(mesh: string | undefined): unknown {
  if (!mesh || !mesh.includes('accessLogFormat')) return undefined;
  try {
    return (parseYaml(mesh) as { accessLogFormat?: unknown } | null)?.accessLogFormat;
  } catch {
    return undefined;
  }
}
