import type { KubeObject } from '../store/kube-object.js';
import { ROOT_NAMESPACE } from './proxy-identity.js';
import { exportToList, hostMatches, isExportedTo, resolveHost } from '../istio-hosts.js';

/** A networking object indexed by the hosts it names, resolved to FQDNs in its own namespace. */
export interface HostConfig {
  object: KubeObject;
  hosts: string[];
}

/**
 * Picks the DestinationRule and VirtualService that apply to each host for one proxy. Objects are indexed by exact
 * host once; wildcard hosts stay in a short list. Lookups are then O(1) plus the wildcards.
 */
export class ConfigSelector {
  private readonly exactRules = new Map<string, HostConfig[]>();
  private readonly wildcardRules: HostConfig[] = [];
  private readonly exactServices = new Map<string, HostConfig[]>();
  private readonly wildcardServices: HostConfig[] = [];
  private readonly ruleCache = new Map<string, KubeObject | undefined>();
  private readonly serviceCache = new Map<string, KubeObject | undefined>();
  /** VirtualServices that apply to this proxy, oldest first, with their hosts resolved. */
  readonly meshVirtualServices: HostConfig[] = [];

  constructor(
    private readonly proxy: { namespace: string; labels: Record<string, string> },
    destinationRules: KubeObject[],
    virtualServices: KubeObject[],
  ) {
    for (const dr of sortByAge(destinationRules)) {
      if (!this.visible(dr) || !selectsProxy(dr, proxy)) continue;
      const host = typeof dr.spec?.host === 'string' ? dr.spec.host : undefined;
      if (host) this.add(this.exactRules, this.wildcardRules, dr, [host]);
    }
    for (const vs of sortByAge(virtualServices)) {
      if (!this.visible(vs) || !appliesToMesh(vs)) continue;
      const entry = this.add(
        this.exactServices,
        this.wildcardServices,
        vs,
        Array.isArray(vs.spec?.hosts) ? vs.spec.hosts : [],
      );
      this.meshVirtualServices.push(entry);
    }
  }

  /**
   * The DestinationRule for a host, as Istio picks it: from the proxy's namespace first, then the service's, then the
   * root namespace; exact hosts before wildcards; the oldest wins a tie.
   */
  destinationRule(host: string, serviceNamespace: string): KubeObject | undefined {
    const key = `${host}|${serviceNamespace}`;
    if (this.ruleCache.has(key)) return this.ruleCache.get(key);
    const candidates = this.candidates(this.exactRules, this.wildcardRules, host);
    const order = [this.proxy.namespace, serviceNamespace, ROOT_NAMESPACE];
    let found: KubeObject | undefined;
    for (const ns of order) {
      found = candidates.find((c) => c.metadata.namespace === ns);
      if (found) break;
    }
    this.ruleCache.set(key, found);
    return found;
  }

  /** The VirtualService that routes a host for sidecars: exact hosts first, own namespace first, then the oldest. */
  virtualService(host: string): KubeObject | undefined {
    if (this.serviceCache.has(host)) return this.serviceCache.get(host);
    const candidates = this.candidates(this.exactServices, this.wildcardServices, host);
    const own = candidates.find((c) => c.metadata.namespace === this.proxy.namespace);
    const found = own ?? candidates[0];
    this.serviceCache.set(host, found);
    return found;
  }

  private candidates(exact: Map<string, HostConfig[]>, wildcards: HostConfig[], host: string): KubeObject[] {
    const out = (exact.get(host) ?? []).map((c) => c.object);
    for (const c of wildcards) if (c.hosts.some((h) => hostMatches(h, host))) out.push(c.object);
    return out;
  }

  private add(
    exact: Map<string, HostConfig[]>,
    wildcards: HostConfig[],
    object: KubeObject,
    rawHosts: string[],
  ): HostConfig {
    const namespace = object.metadata.namespace ?? 'default';
    const hosts = rawHosts.filter((h) => typeof h === 'string').map((h) => resolveHost(h, namespace));
    const entry = { object, hosts };
    if (hosts.some((h) => h.startsWith('*'))) wildcards.push(entry);
    for (const host of hosts) {
      if (host.startsWith('*')) continue;
      const list = exact.get(host);
      if (list) list.push(entry);
      else exact.set(host, [entry]);
    }
    return entry;
  }

  private visible(object: KubeObject): boolean {
    const owner = object.metadata.namespace ?? 'default';
    return isExportedTo(exportToList(object.spec?.exportTo), owner, this.proxy.namespace);
  }
}

/** A DestinationRule with a workloadSelector applies only to the selected workloads of its own namespace. */
function selectsProxy(dr: KubeObject, proxy: { namespace: string; labels: Record<string, string> }): boolean {
  const selector = dr.spec?.workloadSelector?.matchLabels;
  if (!selector) return true;
  return dr.metadata.namespace === proxy.namespace && labelsMatch(selector, proxy.labels);
}

/** VirtualServices without gateways, or naming the reserved gateway "mesh", apply to sidecars. */
function appliesToMesh(vs: KubeObject): boolean {
  const gateways = vs.spec?.gateways;
  return !Array.isArray(gateways) || gateways.length === 0 || gateways.includes('mesh');
}

export function labelsMatch(selector: Record<string, string>, labels: Record<string, string>): boolean {
  for (const [key, value] of Object.entries(selector)) if (labels[key] !== value) return false;
  return true;
}

export function sortByAge(objects: KubeObject[]): KubeObject[] {
  return [...objects].sort((a, b) => {
    const at = a.metadata.creationTimestamp ?? '';
    const bt = b.metadata.creationTimestamp ?? '';
    if (at !== bt) return at < bt ? -1 : 1;
    const an = `${a.metadata.namespace}/${a.metadata.name}`;
    const bn = `${b.metadata.namespace}/${b.metadata.name}`;
    return an < bn ? -1 : an > bn ? 1 : 0;
  });
}
