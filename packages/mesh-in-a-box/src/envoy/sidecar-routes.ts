import { reusableJson } from './compact-json.js';
import { shared, typed, type EnvoyJson } from './envoy-json.js';
import type { MeshIndex } from './mesh-index.js';
import type { MeshService } from './mesh-services.js';
import { UNREGISTERED_HOSTS_PORT, unregisteredVirtualHosts, withoutClaimed } from './unregistered-hosts.js';
import { defaultRoute, translateHttpRoutes, type RouteContext } from './virtual-service-routes.js';

/** A RouteConfiguration served over RDS. */
export interface RouteModel {
  name: string;
  config: EnvoyJson;
}

export function routeConfiguration(name: string, virtualHosts: EnvoyJson[]): EnvoyJson {
  return typed('envoy.config.route.v3.RouteConfiguration', {
    name,
    virtual_hosts: virtualHosts,
    validate_clusters: false,
  });
}

/** Every name a client in `viewerNamespace` may put in Host for the service, with and without the port. */
export function serviceDomains(service: MeshService, port: number, viewerNamespace: string): string[] {
  const out: string[] = [];
  const add = (name: string) => {
    if (name.startsWith('*')) out.push(name);
    else out.push(name, `${name}:${port}`);
  };
  add(service.hostname);
  if (service.kind === 'kubernetes') {
    if (service.namespace === viewerNamespace) add(service.name);
    add(`${service.name}.${service.namespace}.svc`);
    add(`${service.name}.${service.namespace}`);
  }
  if (service.address) add(service.address);
  return out;
}

// Virtual hosts without a VirtualService depend only on the service, the port and whether the client shares the
// service's namespace (the short name): keep them with the (frozen) service they come from.
const defaultHosts = new WeakMap<MeshService, Map<string, EnvoyJson>>();

function defaultVirtualHost(service: MeshService, port: number, viewerNamespace: string): EnvoyJson {
  let byKey = defaultHosts.get(service);
  if (!byKey) defaultHosts.set(service, (byKey = new Map()));
  const key = `${port}|${service.namespace === viewerNamespace}`;
  let vhost = byKey.get(key);
  if (!vhost) {
    vhost = reusableJson(
      Object.freeze({
        name: `${service.hostname}:${port}`,
        domains: serviceDomains(service, port, viewerNamespace),
        routes: [defaultRoute(service, port)],
        include_request_attempt_count: true,
      }),
    );
    byKey.set(key, vhost);
  }
  return vhost;
}

/** The virtual host of one service port: the routes of the VirtualService for it, or the default route. */
export function serviceVirtualHost(index: MeshIndex, service: MeshService, port: number): EnvoyJson {
  const vs = index.config.virtualService(service.hostname);
  if (!vs) return defaultVirtualHost(service, port, index.proxy.namespace);
  const ctx: RouteContext = {
    listenerPort: port,
    serviceByHost: index.serviceByHost,
    proxyLabels: index.proxy.labels,
    proxyNamespace: index.proxy.namespace,
    gateways: new Set(['mesh']),
  };
  return {
    name: `${service.hostname}:${port}`,
    domains: serviceDomains(service, port, index.proxy.namespace),
    routes: translateHttpRoutes(vs, ctx),
    include_request_attempt_count: true,
  };
}

const ALLOW_ANY = shared({
  name: 'allow_any',
  domains: ['*'],
  routes: [
    {
      match: { prefix: '/' },
      route: { cluster: 'PassthroughCluster', timeout: '0s', max_grpc_timeout: '0s' },
      name: 'allow_any',
    },
  ],
  include_request_attempt_count: true,
});

/**
 * The sidecar's RDS routes: one per HTTP port ("80") holding a virtual host per service on that port, and one per
 * sniffed service port ("<fqdn>:<port>") since those listeners are bound to the service's own address.
 */
export function buildSidecarRoutes(index: MeshIndex): RouteModel[] {
  const byPort = new Map<number, EnvoyJson[]>();
  const sniffed: RouteModel[] = [];
  for (const service of index.services) {
    for (const port of service.ports) {
      if (port.kind === 'tcp') continue;
      if (port.kind === 'auto' && service.address) {
        const name = `${service.hostname}:${port.port}`;
        sniffed.push({ name, config: routeConfiguration(name, [serviceVirtualHost(index, service, port.port)]) });
        continue;
      }
      let hosts = byPort.get(port.port);
      if (!hosts) byPort.set(port.port, (hosts = []));
      hosts.push(serviceVirtualHost(index, service, port.port));
    }
  }
  const own = unregisteredVirtualHosts(index);
  if (own.length > 0) {
    const claimed = new Set(own.flatMap((v) => v.domains as string[]));
    const services = (byPort.get(UNREGISTERED_HOSTS_PORT) ?? []).map((v) => withoutClaimed(v, claimed));
    byPort.set(UNREGISTERED_HOSTS_PORT, [...own, ...services]);
  }
  const ports = [...byPort.keys()].sort((a, b) => a - b);
  return [
    ...ports.map((port) => ({
      name: String(port),
      config: routeConfiguration(String(port), [ALLOW_ANY, ...byPort.get(port)!]),
    })),
    ...sniffed,
  ];
}
