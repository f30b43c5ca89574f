import type { KubeObject } from '../store/kube-object.js';
import type { ObjectStore } from '../store/object-store.js';
import { GR } from '../store/resource-types.js';
import { labelsMatch } from './config-selector.js';
import type { MeshPort, MeshService } from './mesh-services.js';
import { containersOf, SIDECAR_CONTAINER } from './proxy-identity.js';

/** One upstream host of a cluster, as EDS would deliver it. */
export interface UpstreamHost {
  address: string;
  port: number;
  healthy: boolean;
  labels: Record<string, string>;
  /** The pod behind the address, when the mesh knows it. */
  pod: KubeObject | undefined;
  /** Has a sidecar, so auto mTLS picks the tlsMode-istio socket for it. */
  istioMtls: boolean;
  /** A unix socket path in `address` (the bootstrap's SDS and xDS clusters), not an IP. */
  pipe?: true;
}

/**
 * Resolves service ports to pod addresses: from the Endpoints object when the store has one (as kube-proxy and istiod
 * do), else from the pods the selector matches. Pods are indexed lazily, once per request.
 */
export class EndpointDirectory {
  private podsByNamespace: Map<string, KubeObject[]> | undefined;
  private readonly podsByLabel = new Map<string, Map<string, KubeObject[]>>();

  constructor(private readonly store: ObjectStore) {}

  hosts(service: MeshService, port: MeshPort, subsetLabels?: Record<string, string>): UpstreamHost[] {
    const all = service.kind === 'serviceentry' ? this.entryHosts(service, port) : this.kubernetesHosts(service, port);
    return subsetLabels ? all.filter((h) => labelsMatch(subsetLabels, h.labels)) : all;
  }

  /** Service accounts ("ns/name") behind a service: the identities mTLS expects from its hosts. */
  serviceAccounts(service: MeshService): string[] {
    if (service.kind !== 'kubernetes') return NO_ACCOUNTS;
    const endpoints = this.store.get(GR.endpoints, service.namespace, service.name);
    if (!endpoints) {
      const port = service.ports[0];
      return port ? accountsOf(this.hosts(service, port).map((h) => h.pod)) : [];
    }
    // A pod's service account never changes, so the accounts behind one Endpoints version stay the same.
    let found = accountsByEndpoints.get(endpoints);
    if (!found) {
      const pods: (KubeObject | undefined)[] = [];
      for (const subset of Array.isArray(endpoints.subsets) ? (endpoints.subsets as EndpointSubset[]) : []) {
        for (const a of [...(subset.addresses ?? []), ...(subset.notReadyAddresses ?? [])]) {
          if (a.targetRef?.kind === 'Pod')
            pods.push(this.store.get(GR.pods, a.targetRef.namespace ?? service.namespace, a.targetRef.name));
        }
      }
      accountsByEndpoints.set(endpoints, (found = accountsOf(pods)));
    }
    return found;
  }

  private kubernetesHosts(service: MeshService, port: MeshPort): UpstreamHost[] {
    const endpoints = this.store.get(GR.endpoints, service.namespace, service.name);
    if (endpoints) return this.fromEndpoints(endpoints, service, port);
    if (!service.selector) return [];
    const out: UpstreamHost[] = [];
    for (const pod of this.podsSelectedBy(service.namespace, service.selector)) {
      const ip = pod.status?.podIP;
      const target = resolveTargetPort(pod, port.targetPort);
      if (typeof ip !== 'string' || target === undefined) continue;
      out.push(hostOf(ip, target, pod, isReady(pod)));
    }
    return out;
  }

  private fromEndpoints(endpoints: KubeObject, service: MeshService, port: MeshPort): UpstreamHost[] {
    const out: UpstreamHost[] = [];
    for (const subset of Array.isArray(endpoints.subsets) ? (endpoints.subsets as EndpointSubset[]) : []) {
      const ports = subset.ports ?? [];
      const match = ports.find((p) => p.name === port.name) ?? (ports.length === 1 ? ports[0] : undefined);
      if (!match) continue;
      const add = (addresses: EndpointAddress[] | undefined, healthy: boolean) => {
        for (const a of addresses ?? []) {
          const pod =
            a.targetRef?.kind === 'Pod'
              ? this.store.get(GR.pods, a.targetRef.namespace ?? service.namespace, a.targetRef.name)
              : undefined;
          out.push(hostOf(a.ip, match.port, pod, healthy));
        }
      };
      add(subset.addresses, true);
      add(subset.notReadyAddresses, false);
    }
    return out;
  }

  private entryHosts(service: MeshService, port: MeshPort): UpstreamHost[] {
    const spec = service.source.spec ?? {};
    const out: UpstreamHost[] = [];
    for (const ep of Array.isArray(spec.endpoints) ? spec.endpoints : []) {
      if (typeof ep?.address !== 'string') continue;
      const target = ep.ports?.[port.name] ?? (typeof port.targetPort === 'number' ? port.targetPort : port.port);
      out.push({
        address: ep.address,
        port: target,
        healthy: true,
        labels: ep.labels ?? {},
        pod: undefined,
        istioMtls: false,
      });
    }
    if (out.length === 0 && service.selector) {
      for (const pod of this.podsSelectedBy(service.namespace, service.selector)) {
        if (typeof pod.status?.podIP === 'string') out.push(hostOf(pod.status.podIP, port.port, pod, isReady(pod)));
      }
    }
    if (out.length === 0 && service.resolution !== 'ORIGINAL_DST' && !service.hostname.startsWith('*')) {
      // DNS resolution without endpoints: Envoy resolves the host itself.
      out.push({
        address: service.hostname,
        port: port.port,
        healthy: true,
        labels: {},
        pod: undefined,
        istioMtls: false,
      });
    }
    return out;
  }

  private podsSelectedBy(namespace: string, selector: Record<string, string>): KubeObject[] {
    // Pods grouped by namespace once, then indexed by one label key when a selector first asks for it: selectors
    // nearly always use the same key (app), so this stays one pass over the pods.
    if (!this.podsByNamespace) {
      this.podsByNamespace = new Map();
      for (const pod of this.store.list(GR.pods)) {
        const ns = pod.metadata.namespace ?? '';
        const list = this.podsByNamespace.get(ns);
        if (list) list.push(pod);
        else this.podsByNamespace.set(ns, [pod]);
      }
    }
    const keys = Object.keys(selector);
    if (keys.length === 0) return [];
    const key = keys[0]!;
    const indexKey = `${namespace}\u0000${key}`;
    let byValue = this.podsByLabel.get(indexKey);
    if (!byValue) {
      byValue = new Map();
      for (const pod of this.podsByNamespace.get(namespace) ?? []) {
        const value = pod.metadata.labels?.[key];
        if (value === undefined) continue;
        const list = byValue.get(value);
        if (list) list.push(pod);
        else byValue.set(value, [pod]);
      }
      this.podsByLabel.set(indexKey, byValue);
    }
    const candidates = byValue.get(selector[key]!) ?? [];
    return keys.length === 1
      ? candidates
      : candidates.filter((pod) => labelsMatch(selector, pod.metadata.labels ?? {}));
  }
}

const accountsByEndpoints = new WeakMap<KubeObject, string[]>();
const NO_ACCOUNTS: string[] = [];

function accountsOf(pods: (KubeObject | undefined)[]): string[] {
  const accounts: string[] = [];
  for (const pod of pods) {
    const sa = pod?.spec?.serviceAccountName;
    if (typeof sa !== 'string') continue;
    const account = `${pod!.metadata.namespace}/${sa}`;
    if (!accounts.includes(account)) accounts.push(account);
  }
  return accounts.length > 1 ? accounts.sort() : accounts;
}

interface EndpointAddress {
  ip: string;
  targetRef?: { kind?: string; name: string; namespace?: string };
}
interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: { name?: string; port: number; protocol?: string }[];
}

function hostOf(address: string, port: number, pod: KubeObject | undefined, healthy: boolean): UpstreamHost {
  return {
    address,
    port,
    healthy,
    labels: pod?.metadata.labels ?? {},
    pod,
    // Istio reads the injector's label; a sidecar container stands in for it on pods created without one.
    istioMtls: pod
      ? (pod.metadata.labels?.['security.istio.io/tlsMode'] ??
          (containersOf(pod).some((c) => c.name === SIDECAR_CONTAINER) ? 'istio' : '')) === 'istio'
      : false,
  };
}

function isReady(pod: KubeObject): boolean {
  if (pod.metadata.deletionTimestamp) return false;
  const conditions: { type: string; status: string }[] = Array.isArray(pod.status?.conditions)
    ? pod.status.conditions
    : [];
  const ready = conditions.find((c) => c.type === 'Ready');
  return ready ? ready.status === 'True' : pod.status?.phase === 'Running';
}

/** A Service's targetPort on one pod: a number as is, a name looked up among the pod's container ports. */
export function resolveTargetPort(pod: KubeObject, targetPort: number | string): number | undefined {
  if (typeof targetPort === 'number') return targetPort;
  if (/^\d+$/.test(targetPort)) return Number(targetPort);
  for (const container of containersOf(pod)) {
    const found = container.ports?.find((p) => p.name === targetPort);
    if (found) return found.containerPort;
  }
  return undefined;
}
