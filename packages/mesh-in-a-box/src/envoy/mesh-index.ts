import type { KubeObject } from '../store/kube-object.js';
import type { ObjectStore } from '../store/object-store.js';
import { GR } from '../store/resource-types.js';
import { ConfigSelector, labelsMatch, sortByAge } from './config-selector.js';
import { hostMatches, isExportedTo } from '../istio-hosts.js';
import { servicesFromKubernetes, servicesFromServiceEntries, type MeshService } from './mesh-services.js';
import { ROOT_NAMESPACE, type ProxyIdentity } from './proxy-identity.js';

/** Everything about the mesh one proxy's config is computed from, indexed once per admin request. */
export interface MeshIndex {
  store: ObjectStore;
  proxy: ProxyIdentity;
  /** Services this proxy sees (exportTo and its Sidecar's egress hosts applied), in a stable order. */
  services: MeshService[];
  serviceByHost: Map<string, MeshService>;
  /** Kubernetes Services that select this proxy's pod: the inbound side. */
  ownServices: MeshService[];
  config: ConfigSelector;
  /** Every Gateway object, for gateway proxies and for binding VirtualServices. */
  gateways: KubeObject[];
  virtualServices: KubeObject[];
  /** The newest creation time of routing config, in ms: stands in for the time istiod last pushed. */
  configTimeMs: number;
}

export function buildMeshIndex(store: ObjectStore, proxy: ProxyIdentity): MeshIndex {
  const all = [
    ...servicesFromKubernetes(store.list(GR.services)),
    ...servicesFromServiceEntries(store.list(GR.serviceentries)),
  ];
  const egress = sidecarEgressHosts(store, proxy);
  const services: MeshService[] = [];
  const serviceByHost = new Map<string, MeshService>();
  for (const svc of all) {
    if (!isExportedTo(svc.exportTo, svc.namespace, proxy.namespace)) continue;
    if (egress && !egress.some((rule) => rule.allows(svc, proxy.namespace))) continue;
    if (serviceByHost.has(svc.hostname)) continue; // a Service shadows a ServiceEntry for the same host
    services.push(svc);
    serviceByHost.set(svc.hostname, svc);
  }
  services.sort((a, b) => (a.hostname < b.hostname ? -1 : a.hostname > b.hostname ? 1 : 0));

  const ownServices =
    proxy.type === 'sidecar'
      ? all.filter(
          (s) =>
            s.kind === 'kubernetes' &&
            s.namespace === proxy.namespace &&
            s.selector !== undefined &&
            labelsMatch(s.selector, proxy.labels),
        )
      : [];

  const destinationRules = store.list(GR.destinationrules);
  const virtualServices = store.list(GR.virtualservices);
  const gateways = store.list(GR.gateways);
  return {
    store,
    proxy,
    services,
    serviceByHost,
    ownServices,
    config: new ConfigSelector(proxy, destinationRules, virtualServices),
    gateways,
    virtualServices: sortByAge(virtualServices),
    configTimeMs: newestCreation([
      ...destinationRules,
      ...virtualServices,
      ...gateways,
      ...store.list(GR.serviceentries),
    ]),
  };
}

interface EgressRule {
  allows(svc: MeshService, proxyNamespace: string): boolean;
}

/**
 * The egress hosts of the Sidecar that applies to the proxy (a selecting one in its namespace, else the namespace
 * default, else the root namespace default); undefined when none applies and the proxy sees the whole mesh.
 */
function sidecarEgressHosts(store: ObjectStore, proxy: ProxyIdentity): EgressRule[] | undefined {
  if (proxy.type === 'router') return undefined; // Sidecar resources do not apply to gateways
  const local = store.list(GR.sidecars, proxy.namespace);
  const selected =
    local.find((s) => s.spec?.workloadSelector?.labels && labelsMatch(s.spec.workloadSelector.labels, proxy.labels)) ??
    local.find((s) => !s.spec?.workloadSelector) ??
    store.list(GR.sidecars, ROOT_NAMESPACE).find((s) => !s.spec?.workloadSelector);
  if (!selected || !Array.isArray(selected.spec?.egress)) return undefined;
  const rules: EgressRule[] = [];
  for (const egress of selected.spec.egress) {
    for (const entry of Array.isArray(egress?.hosts) ? (egress.hosts as string[]) : []) {
      const slash = entry.indexOf('/');
      const ns = slash < 0 ? '*' : entry.slice(0, slash);
      const host = slash < 0 ? entry : entry.slice(slash + 1);
      rules.push({
        allows: (svc, proxyNamespace) => {
          if (ns === '~') return false;
          const nsOk = ns === '*' || svc.namespace === (ns === '.' ? proxyNamespace : ns);
          return nsOk && hostMatches(host, svc.hostname);
        },
      });
    }
  }
  return rules;
}

function newestCreation(objects: KubeObject[]): number {
  let newest = 0;
  for (const o of objects) {
    const t = o.metadata.creationTimestamp ? Date.parse(o.metadata.creationTimestamp) : 0;
    if (t > newest) newest = t;
  }
  return newest;
}
