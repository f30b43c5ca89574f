// Which services the Istio config points at: VirtualServices (by host or route destination) and DestinationRules
// (by host), resolved to FQDNs the way Istio resolves short names (relative to the config's namespace).
import type { KubeObject } from '../sources/kubernetes.js';
import { hostMatches, toFqdn } from '../validation/hosts.js';

const CLUSTER_DOMAIN = 'svc.cluster.local';

export interface ConfigRef {
  kind: string;
  namespace: string;
  name: string;
}

/**
 * Istio's short-name rule, the one the validator uses: "reviews" in namespace bookinfo is
 * reviews.bookinfo.svc.cluster.local, while "reviews.bookinfo" stays as written and names no Service.
 */
export const fqdn = (host: string, configNamespace: string): string => toFqdn(host, configNamespace);

export const serviceHost = (namespace: string, name: string) => `${name}.${namespace}.${CLUSTER_DOMAIN}`;

/** Host → configs that name it; wildcard hosts ("*.demo.svc.cluster.local", "*") apart. */
export class HostIndex {
  private readonly exact = new Map<string, ConfigRef[]>();
  private readonly wildcards: { pattern: string; ref: ConfigRef }[] = [];

  add(host: string, ref: ConfigRef): void {
    const full = fqdn(host, ref.namespace);
    if (full.startsWith('*')) {
      this.wildcards.push({ pattern: full, ref });
      return;
    }
    const list = this.exact.get(full);
    if (!list) this.exact.set(full, [ref]);
    else if (!list.some((r) => r.name === ref.name && r.namespace === ref.namespace)) list.push(ref);
  }

  refsFor(host: string): ConfigRef[] {
    const found = [...(this.exact.get(host) ?? [])];
    for (const w of this.wildcards) if (hostMatches(w.pattern, host)) found.push(w.ref);
    return found;
  }
}

interface RoutedSpec {
  hosts?: string[];
  gateways?: string[];
  http?: { route?: { destination?: { host?: string } }[] }[];
  tcp?: { route?: { destination?: { host?: string } }[] }[];
  tls?: { route?: { destination?: { host?: string } }[] }[];
}

/**
 * The services a VirtualService names, as FQDNs: the hosts it routes for sidecars (only when bound to the mesh: the
 * hosts of a gateway-only VirtualService are names clients give the gateway, such as "*", not Services) and the
 * hosts its routes send to.
 */
export function virtualServiceHosts(spec: unknown, namespace: string): Set<string> {
  const s = (spec ?? {}) as RoutedSpec;
  const hosts = new Set<string>();
  const toMesh = !s.gateways || s.gateways.length === 0 || s.gateways.includes('mesh');
  if (toMesh) for (const h of s.hosts ?? []) hosts.add(fqdn(h, namespace));
  for (const routes of [s.http, s.tcp, s.tls])
    for (const r of routes ?? [])
      for (const d of r.route ?? []) if (d.destination?.host) hosts.add(fqdn(d.destination.host, namespace));
  return hosts;
}

/** VirtualServices by the hosts they serve and the hosts their routes send to. */
export function indexVirtualServices(virtualServices: readonly KubeObject[]): HostIndex {
  const index = new HostIndex();
  for (const vs of virtualServices) {
    const namespace = vs.metadata.namespace ?? '';
    const ref: ConfigRef = { kind: 'VirtualService', namespace, name: vs.metadata.name };
    for (const host of virtualServiceHosts(vs.spec, namespace)) index.add(host, ref);
  }
  return index;
}

export function indexDestinationRules(destinationRules: readonly KubeObject[]): HostIndex {
  const index = new HostIndex();
  for (const dr of destinationRules) {
    const host = (dr.spec as { host?: string } | undefined)?.host;
    if (host)
      index.add(host, { kind: 'DestinationRule', namespace: dr.metadata.namespace ?? '', name: dr.metadata.name });
  }
  return index;
}
