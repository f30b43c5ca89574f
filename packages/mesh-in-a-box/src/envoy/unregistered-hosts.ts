import type { EnvoyJson } from './envoy-json.js';
import type { MeshIndex } from './mesh-index.js';
import { hostMatches } from '../istio-hosts.js';
import { translateHttpRoutes, type RouteContext } from './virtual-service-routes.js';

/** The only port on which istiod gives VirtualService hosts outside the registry a virtual host of their own. */
export const UNREGISTERED_HOSTS_PORT = 80;

/**
 * Virtual hosts for the VirtualService hosts that name nothing in the registry (`sa-logic.demo`, `api.example.org`
 * without a ServiceEntry), as istiod builds them for the port-80 route only (pilot/pkg/networking/core/route/route.go
 * separateVSHostsAndServices; httproute.go builds them before the Services' virtual hosts, so they claim their domain,
 * and a Service's virtual host loses that alternative name). The oldest VirtualService claims a host first.
 */
export function unregisteredVirtualHosts(index: MeshIndex): EnvoyJson[] {
  const out: EnvoyJson[] = [];
  const claimed = new Set<string>();
  const ctx: RouteContext = {
    listenerPort: UNREGISTERED_HOSTS_PORT,
    serviceByHost: index.serviceByHost,
    proxyLabels: index.proxy.labels,
    proxyNamespace: index.proxy.namespace,
    gateways: new Set(['mesh']),
  };
  for (const { object, hosts } of index.config.meshVirtualServices) {
    const own = hosts.filter((h) => !claimed.has(h) && !inRegistry(index, h));
    if (own.length === 0) continue;
    const routes = translateHttpRoutes(object, ctx);
    if (routes.length === 0) continue;
    for (const host of own) {
      claimed.add(host);
      out.push({
        name: `${host}:${UNREGISTERED_HOSTS_PORT}`,
        domains: host.startsWith('*') ? [host] : [host, `${host}:${UNREGISTERED_HOSTS_PORT}`],
        routes,
        include_request_attempt_count: true,
      });
    }
  }
  return out;
}

function inRegistry(index: MeshIndex, host: string): boolean {
  if (!host.startsWith('*')) return index.serviceByHost.has(host);
  return index.services.some((s) => hostMatches(host, s.hostname) || hostMatches(s.hostname, host));
}

/** A Service's virtual host without the domains a VirtualService's own virtual host claimed first. */
export function withoutClaimed(vhost: EnvoyJson, claimed: Set<string>): EnvoyJson {
  const domains = vhost.domains as string[];
  if (!domains.some((d) => claimed.has(d))) return vhost;
  return { ...vhost, domains: domains.filter((d) => !claimed.has(d)) };
}
