import type { KubeObject } from '../store/kube-object.js';
import { labelsMatch } from './config-selector.js';
import { isRecord, sdsSecretConfig, typed, type EnvoyJson } from './envoy-json.js';
import { httpConnectionManager, tcpProxy } from './http-connection-manager.js';
import type { MeshIndex } from './mesh-index.js';
import { hostMatches, resolveHost } from '../istio-hosts.js';
import { containersOf } from './proxy-identity.js';
import { resolveTargetPort } from './endpoint-directory.js';
import { listenerModel, type ListenerModel } from './sidecar-listeners.js';
import { routeConfiguration, type RouteModel } from './sidecar-routes.js';
import {
  destinationCluster,
  qualifyGateway,
  translateHttpRoutes,
  type RouteContext,
} from './virtual-service-routes.js';

interface Server {
  gateway: KubeObject;
  key: string; // "ns/name"
  number: number;
  name: string;
  protocol: string;
  hosts: string[];
  tls: Record<string, unknown> | undefined;
}

/**
 * A gateway proxy's listeners and routes from the Gateways that select its pod and the VirtualServices bound to them.
 * Servers listen on the pod port the gateway Service maps their port to (80 → 8080 in Istio's chart).
 */
export function gatewayConfig(index: MeshIndex): { listeners: ListenerModel[]; routes: RouteModel[] } {
  const servers = serversOf(index);
  const byTarget = new Map<number, Server[]>();
  for (const server of servers) {
    const target = targetPortOf(index, server.number);
    const list = byTarget.get(target);
    if (list) list.push(server);
    else byTarget.set(target, [server]);
  }
  const listeners: ListenerModel[] = [];
  const routes: RouteModel[] = [];
  for (const [target, group] of [...byTarget].sort((a, b) => a[0] - b[0])) {
    const chains: EnvoyJson[] = [];
    const plain = group.filter((s) => ['HTTP', 'HTTP2', 'GRPC'].includes(s.protocol));
    if (plain.length > 0) {
      const routeName = `http.${target}`;
      chains.push({ filters: [hcm(index, target, routeName)] });
      routes.push({ name: routeName, config: routeConfiguration(routeName, virtualHosts(index, plain)) });
    }
    for (const server of group.filter((s) => s.protocol === 'HTTPS' && s.tls?.mode !== 'PASSTHROUGH')) {
      const routeName = `https.${server.number}.${server.name}.${server.key.split('/')[1]}.${server.key.split('/')[0]}`;
      chains.push({
        filter_chain_match: { server_names: server.hosts.filter((h) => h !== '*') },
        filters: [hcm(index, target, routeName)],
        transport_socket: {
          name: 'envoy.transport_sockets.tls',
          typed_config: typed('envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext', {
            common_tls_context: {
              alpn_protocols: ['h2', 'http/1.1'],
              tls_certificate_sds_secret_configs: [
                sdsSecretConfig(`kubernetes://${String(server.tls?.credentialName ?? 'unknown')}`),
              ],
            },
            require_client_certificate: false,
          }),
        },
      });
      routes.push({ name: routeName, config: routeConfiguration(routeName, virtualHosts(index, [server])) });
    }
    for (const server of group.filter((s) => s.protocol === 'TCP' || s.protocol === 'TLS')) {
      chains.push({ filters: tcpProxy(tcpDestination(index, server) ?? 'BlackHoleCluster', 'gateway') });
    }
    if (chains.length === 0) continue;
    listeners.push(
      listenerModel(`0.0.0.0_${target}`, '0.0.0.0', target, {
        filter_chains: chains,
        traffic_direction: 'OUTBOUND',
        ...(chains.some((c) => c.transport_socket)
          ? {
              listener_filters: [
                {
                  name: 'envoy.filters.listener.tls_inspector',
                  typed_config: typed('envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector'),
                },
              ],
            }
          : {}),
      }),
    );
  }
  return { listeners, routes };
}

function hcm(index: MeshIndex, target: number, rds: string): EnvoyJson {
  return httpConnectionManager({
    proxy: index.proxy,
    direction: 'gateway',
    statPrefix: `outbound_0.0.0.0_${target}`,
    rds,
  });
}

function serversOf(index: MeshIndex): Server[] {
  const out: Server[] = [];
  for (const gateway of index.gateways) {
    const selector = gateway.spec?.selector;
    if (!isRecord(selector) || !labelsMatch(selector as Record<string, string>, index.proxy.labels)) continue;
    const key = `${gateway.metadata.namespace}/${gateway.metadata.name}`;
    for (const s of Array.isArray(gateway.spec?.servers) ? gateway.spec.servers : []) {
      if (typeof s?.port?.number !== 'number') continue;
      out.push({
        gateway,
        key,
        number: s.port.number,
        name: String(s.port.name ?? s.port.protocol ?? 'http').toLowerCase(),
        protocol: String(s.port.protocol ?? 'HTTP').toUpperCase(),
        hosts: Array.isArray(s.hosts) ? s.hosts : ['*'],
        tls: isRecord(s.tls) ? s.tls : undefined,
      });
    }
  }
  return out;
}

/** The pod port behind a gateway port: the selecting Service's targetPort, else the chart's +8000 for low ports. */
function targetPortOf(index: MeshIndex, number: number): number {
  for (const service of index.services) {
    if (service.kind !== 'kubernetes' || !service.selector || !labelsMatch(service.selector, index.proxy.labels))
      continue;
    const port = service.ports.find((p) => p.port === number);
    const target = port ? resolveTargetPort(index.proxy.pod, port.targetPort) : undefined;
    if (target !== undefined) return target;
  }
  const declared = new Set(containersOf(index.proxy.pod).flatMap((c) => (c.ports ?? []).map((p) => p.containerPort)));
  if (declared.has(number)) return number;
  return number < 1024 ? number + 8000 : number;
}

/** VirtualServices bound to a server, with the hosts they share with it. */
function boundServices(index: MeshIndex, server: Server): { vs: KubeObject; hosts: string[] }[] {
  const out: { vs: KubeObject; hosts: string[] }[] = [];
  for (const vs of index.virtualServices) {
    const ns = vs.metadata.namespace ?? 'default';
    const gateways: string[] = Array.isArray(vs.spec?.gateways) ? vs.spec.gateways : [];
    if (!gateways.some((g) => qualifyGateway(g, ns) === server.key)) continue;
    const hosts: string[] = [];
    for (const raw of Array.isArray(vs.spec?.hosts) ? (vs.spec.hosts as string[]) : []) {
      const host = raw === '*' ? '*' : resolveHost(raw, ns);
      const allowed = server.hosts.some((entry) => {
        const slash = entry.indexOf('/');
        const entryNs = slash < 0 ? '*' : entry.slice(0, slash);
        const pattern = slash < 0 ? entry : entry.slice(slash + 1);
        const nsOk = entryNs === '*' || entryNs === ns || (entryNs === '.' && ns === server.gateway.metadata.namespace);
        return nsOk && (hostMatches(pattern, host) || hostMatches(host, pattern));
      });
      if (allowed) hosts.push(host);
    }
    if (hosts.length > 0) out.push({ vs, hosts });
  }
  return out;
}

function virtualHosts(index: MeshIndex, servers: Server[]): EnvoyJson[] {
  const byName = new Map<string, EnvoyJson>();
  for (const server of servers) {
    const ctx: RouteContext = {
      listenerPort: server.number,
      serviceByHost: index.serviceByHost,
      proxyLabels: index.proxy.labels,
      proxyNamespace: index.proxy.namespace,
      gateways: new Set([server.key]),
    };
    for (const { vs, hosts } of boundServices(index, server)) {
      const routes = translateHttpRoutes(vs, ctx);
      for (const host of hosts) {
        const name = `${host}:${server.number}`;
        const existing = byName.get(name);
        if (existing) (existing.routes as EnvoyJson[]).push(...routes);
        else
          byName.set(name, {
            name,
            domains: host === '*' ? ['*'] : [host, `${host}:*`],
            routes: [...routes],
            include_request_attempt_count: true,
          });
      }
    }
  }
  if (byName.size === 0) {
    const port = servers[0]?.number ?? 80;
    return [{ name: `blackhole:${port}`, domains: ['*'], routes: [] }];
  }
  return [...byName.values()];
}

function tcpDestination(index: MeshIndex, server: Server): string | undefined {
  for (const { vs } of boundServices(index, server)) {
    const routes = [
      ...(Array.isArray(vs.spec?.tcp) ? vs.spec.tcp : []),
      ...(Array.isArray(vs.spec?.tls) ? vs.spec.tls : []),
    ];
    const destination = routes[0]?.route?.[0]?.destination;
    if (destination) {
      const ctx: RouteContext = {
        listenerPort: server.number,
        serviceByHost: index.serviceByHost,
        proxyLabels: index.proxy.labels,
        proxyNamespace: index.proxy.namespace,
        gateways: new Set([server.key]),
      };
      return destinationCluster(destination, vs.metadata.namespace ?? 'default', ctx).cluster;
    }
  }
  return undefined;
}
