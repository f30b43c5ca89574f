// The simulated mesh against Istio's host table (spec/istio-host-resolution.yaml, read as data: the package shares
// no code with the console, which is tested against the same table on its side). Each row is checked twice: in the
// Envoy config the mesh serves (what istiod would push) and in the traffic it routes; the two must agree.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { gatewayConfig } from '../../src/envoy/gateway-config.js';
import { buildMeshIndex } from '../../src/envoy/mesh-index.js';
import { resolveHost } from '../../src/istio-hosts.js';
import { proxyIdentity } from '../../src/envoy/proxy-identity.js';
import { buildSidecarRoutes } from '../../src/envoy/sidecar-routes.js';
import { destinationCluster } from '../../src/envoy/virtual-service-routes.js';
import type { KubeObject } from '../../src/store/kube-object.js';
import { ObjectStore } from '../../src/store/object-store.js';
import { GR } from '../../src/store/resource-types.js';
import { MeshIndex } from '../../src/traffic/mesh-index.js';
import { routeRequest, type RouteDecision } from '../../src/traffic/route-request.js';

interface HostCase {
  field: string;
  namespace: string;
  host: string;
  resolves: string | null;
  service?: string;
  serviceEntryHost?: string;
  applies: boolean;
  from?: string;
  exportTo?: string[];
  authority?: string;
  port?: number;
  virtualService?: { namespace: string; host: string };
  why: string;
}

interface Table {
  registry: {
    services: { name: string; namespace: string; port: number; clusterIP: string; exportTo?: string }[];
    serviceEntries: { name: string; namespace: string; hosts: string[]; port: number; exportTo?: string[] }[];
  };
  cases: HostCase[];
}

// A data file, read with fs: the table is shared as facts, not as code (the package imports nothing of the console).
const TABLE_FILE = join(import.meta.dirname, '..', '..', '..', '..', 'spec', 'istio-host-resolution.yaml');
const table = parse(readFileSync(TABLE_FILE, 'utf8')) as Table;

/** Fields the simulator does not act on: it enforces no AuthorizationPolicy and routes no Gateway API route. */
const NOT_SIMULATED = new Set(['AuthorizationPolicy.operation.hosts', 'HTTPRoute.hostnames', 'HTTPRoute.backendRefs']);
const NAMESPACES = ['demo', 'bookinfo', 'shop', 'istio-system'];
const WEBAPP = 'sa-webapp.demo.svc.cluster.local';

function clientPod(namespace: string, ip: string, labels: Record<string, string>, name = 'client'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { 'security.istio.io/tlsMode': 'istio', ...labels } },
    spec: {
      serviceAccountName: 'client',
      containers: [{ name: 'app' }, { name: 'istio-proxy', ports: [{ containerPort: 8080, protocol: 'TCP' }] }],
    },
    status: { phase: 'Running', podIP: ip, conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

/** The table's registry, a client pod with a sidecar in each namespace, and an ingress gateway in istio-system. */
function meshWith(objects: { gr: (typeof GR)[keyof typeof GR]; object: KubeObject }[]): ObjectStore {
  const store = new ObjectStore();
  NAMESPACES.forEach((name, i) => {
    store.create(GR.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    store.create(GR.pods, clientPod(name, `10.244.9.${i + 1}`, { app: 'client' }));
  });
  const gatewayLabels = { app: 'istio-ingressgateway', istio: 'ingressgateway' };
  store.create(GR.pods, clientPod('istio-system', '10.244.9.100', gatewayLabels, 'istio-ingressgateway'));
  const ports = (port: number) => [{ name: 'http', port, targetPort: port, protocol: 'TCP' }];
  for (const s of table.registry.services) {
    const annotations = s.exportTo ? { 'networking.istio.io/exportTo': s.exportTo } : undefined;
    store.create(GR.services, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: s.name, namespace: s.namespace, ...(annotations ? { annotations } : {}) },
      spec: { clusterIP: s.clusterIP, selector: { app: s.name }, ports: ports(s.port) },
    });
  }
  store.create(GR.services, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'istio-ingressgateway', namespace: 'istio-system' },
    spec: {
      clusterIP: '10.96.0.50',
      selector: { istio: 'ingressgateway' },
      ports: [{ name: 'http2', port: 80, targetPort: 8080 }],
    },
  });
  for (const se of table.registry.serviceEntries) {
    store.create(GR.serviceentries, {
      apiVersion: 'networking.istio.io/v1',
      kind: 'ServiceEntry',
      metadata: { name: se.name, namespace: se.namespace },
      spec: {
        hosts: se.hosts,
        location: 'MESH_EXTERNAL',
        resolution: 'DNS',
        ports: [{ number: se.port, name: 'http', protocol: 'HTTP' }],
        ...(se.exportTo ? { exportTo: se.exportTo } : {}),
      },
    });
  }
  for (const { gr, object } of objects) store.create(gr, object);
  return store;
}

const targetHost = (c: HostCase) => {
  if (!c.service) return c.serviceEntryHost!;
  const [name, namespace] = c.service.split('.');
  return `${name}.${namespace}.svc.cluster.local`;
};

const istio = (kind: string, namespace: string, spec: object): KubeObject => ({
  apiVersion: 'networking.istio.io/v1',
  kind,
  metadata: { name: 'under-test', namespace, creationTimestamp: '2026-01-01T00:00:00Z' },
  spec,
});

const proxyIn = (store: ObjectStore, namespace: string, pod = 'client') =>
  proxyIdentity({ pod: store.get(GR.pods, namespace, pod)! });

/** One request as the proxy of `from` would route it to `host` (a registry host), in the traffic model. */
function route(
  store: ObjectStore,
  from: string,
  host: string,
  authority = host,
  client = 'client',
  port?: number,
): RouteDecision | undefined {
  const index = new MeshIndex(store);
  const pod = index.podsByKey.get(`${from}/${client}`)!;
  const target = index.servicesByHost.get(host) ?? index.externalHosts.get(host);
  if (!target) return undefined;
  return routeRequest(index, {
    from: pod,
    target,
    protocol: 'http',
    random: () => 0.5,
    method: 'GET',
    path: '/',
    authority,
    port: port ?? target.ports[0]!.port,
    headers: {},
  });
}

interface Outcome {
  resolves: string | null;
  applies: boolean;
}

/** Per field: what the Envoy config says, and what the traffic does (undefined: the traffic does not model it). */
const byField: Record<string, (c: HostCase) => { envoy: Outcome; traffic?: Outcome }> = {
  'VirtualService.hosts': (c) => {
    const t = targetHost(c);
    const from = c.from ?? c.namespace;
    const spec = {
      hosts: [c.host],
      ...(c.exportTo ? { exportTo: c.exportTo } : {}),
      http: [{ name: 'under-test', route: [{ destination: { host: t } }] }],
    };
    const store = meshWith([{ gr: GR.virtualservices, object: istio('VirtualService', c.namespace, spec) }]);
    const index = buildMeshIndex(store, proxyIn(store, from));
    let envoyApplies = index.serviceByHost.has(t) && index.config.virtualService(t)?.metadata.name === 'under-test';
    if (c.authority !== undefined) {
      // The virtual host Envoy picks for that Host header on that port, and whose routes it holds.
      const vhost = buildSidecarRoutes(index)
        .filter((r) => r.name === String(c.port))
        .flatMap((r) => r.config.virtual_hosts as { domains: string[]; routes: { name?: string }[] }[])
        .find((v) => v.domains.includes(c.authority!));
      envoyApplies = !!vhost?.routes.some((r) => r.name === 'under-test');
    }
    const decision = route(store, from, t, c.authority ?? t, 'client', c.port);
    return {
      envoy: { resolves: resolveHost(c.host, c.namespace), applies: envoyApplies },
      traffic: {
        resolves: resolveHost(c.host, c.namespace),
        applies: !!decision?.ok && decision.routeName === 'under-test',
      },
    };
  },
  'VirtualService.destination': (c) => {
    const t = targetHost(c);
    const from = c.from ?? c.namespace;
    const spec = { hosts: [WEBAPP], http: [{ route: [{ destination: { host: c.host } }] }] };
    const store = meshWith([{ gr: GR.virtualservices, object: istio('VirtualService', c.namespace, spec) }]);
    const index = buildMeshIndex(store, proxyIn(store, from));
    const ctx = {
      listenerPort: 80,
      serviceByHost: index.serviceByHost,
      proxyLabels: index.proxy.labels,
      proxyNamespace: from,
      gateways: new Set(['mesh']),
    };
    const { host } = destinationCluster({ host: c.host }, c.namespace, ctx);
    const decision = route(store, from, WEBAPP);
    return {
      envoy: { resolves: host, applies: index.serviceByHost.get(host)?.hostname === t },
      traffic: {
        resolves: resolveHost(c.host, c.namespace),
        applies: !!decision?.ok && decision.destination.target.host === t,
      },
    };
  },
  'DestinationRule.host': (c) => {
    const t = targetHost(c);
    const from = c.from ?? c.namespace;
    const spec = {
      host: c.host,
      trafficPolicy: { tls: { mode: 'DISABLE' } },
      ...(c.exportTo ? { exportTo: c.exportTo } : {}),
    };
    const store = meshWith([{ gr: GR.destinationrules, object: istio('DestinationRule', c.namespace, spec) }]);
    const index = buildMeshIndex(store, proxyIn(store, from));
    const service = index.serviceByHost.get(t);
    const envoyApplies =
      !!service && index.config.destinationRule(t, service.namespace)?.metadata.name === 'under-test';
    const decision = route(store, from, t);
    return {
      envoy: { resolves: resolveHost(c.host, c.namespace), applies: envoyApplies },
      traffic: {
        resolves: resolveHost(c.host, c.namespace),
        applies: !!decision?.ok && decision.destination.tlsMode === 'DISABLE',
      },
    };
  },
  'Sidecar.egress.hosts': (c) => {
    const sidecar = {
      ...istio('Sidecar', c.namespace, { egress: [{ hosts: [c.host] }] }),
      apiVersion: 'networking.istio.io/v1',
    };
    const store = meshWith([{ gr: GR.sidecars, object: sidecar }]);
    const index = buildMeshIndex(store, proxyIn(store, c.namespace));
    // Only what is imported is checked: the "namespace/host" spelling is the console's concern.
    return { envoy: { resolves: c.resolves, applies: index.serviceByHost.has(targetHost(c)) } };
  },
  'Gateway.servers.hosts': (c) => {
    const vs = c.virtualService!;
    const gateway = istio('Gateway', c.namespace, {
      selector: { istio: 'ingressgateway' },
      servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: [c.host] }],
    });
    const bound = istio('VirtualService', vs.namespace, {
      hosts: [vs.host],
      gateways: [`${c.namespace}/under-test`],
      http: [{ name: 'under-test', route: [{ destination: { host: WEBAPP } }] }],
    });
    const store = meshWith([
      { gr: GR.gateways, object: gateway },
      { gr: GR.virtualservices, object: bound },
    ]);
    const { routes } = gatewayConfig(buildMeshIndex(store, proxyIn(store, 'istio-system', 'istio-ingressgateway')));
    const hosts = routes.flatMap((r) => r.config.virtual_hosts as { name: string }[]);
    // A Host header both the server and the VirtualService accept, when there is one.
    const vsHost = resolveHost(vs.host, vs.namespace);
    const serverHost = c.host.split('/').pop()!;
    const authority = [vsHost, serverHost, 'www.example.com']
      .map((h) => h.replace(/^\*/, 'www'))
      .find((h) => !h.startsWith('www') || h.includes('.'))!;
    const ingress = 'istio-ingressgateway.istio-system.svc.cluster.local';
    const decision = route(store, 'istio-system', ingress, authority, 'istio-ingressgateway');
    return {
      envoy: { resolves: c.resolves, applies: hosts.some((h) => !h.name.startsWith('blackhole')) },
      traffic: { resolves: c.resolves, applies: !!decision?.ok && decision.routeName === 'under-test' },
    };
  },
  'request.authority': (c) => {
    const store = meshWith([]);
    const routes = buildSidecarRoutes(buildMeshIndex(store, proxyIn(store, c.namespace)));
    const vhost = routes
      .flatMap((r) => r.config.virtual_hosts as { name: string; domains: string[] }[])
      .find((v) => v.name !== 'allow_any' && v.domains.includes(c.host));
    const envoyHost = vhost ? vhost.name.slice(0, vhost.name.lastIndexOf(':')) : null;
    const dialled = new MeshIndex(store).lookupHost(c.host.replace(/:\d+$/, ''), c.namespace)?.host ?? null;
    const t = targetHost(c);
    return {
      envoy: { resolves: envoyHost, applies: envoyHost === t },
      traffic: { resolves: dialled, applies: dialled === t },
    };
  },
};

const caseName = (c: HostCase) =>
  `${c.field} "${c.host}" in ${c.namespace}${c.exportTo ? ` exportTo ${c.exportTo.join(',')}` : ''}${
    c.from && c.from !== c.namespace ? ` seen from ${c.from}` : ''
  } → ${c.applies ? 'applies to' : 'not'} ${c.service ?? c.serviceEntryHost ?? `${c.virtualService?.namespace}/${c.virtualService?.host}`}`;

describe("the simulated mesh routes every host of Istio's host table as Istio does", () => {
  it('acts on every field of the table except those it does not simulate', () => {
    const fields = new Set(table.cases.map((c) => c.field));
    expect([...fields].filter((f) => !byField[f] && !NOT_SIMULATED.has(f))).toEqual([]);
  });

  const simulated = table.cases.filter((c) => !NOT_SIMULATED.has(c.field));
  it.each(simulated.map((c) => [caseName(c), c] as const))('%s', (_name, c) => {
    const { envoy, traffic } = byField[c.field]!(c);
    const expected = { resolves: c.resolves, applies: c.applies };
    expect(envoy, `Envoy config: ${c.why}`).toEqual(expected);
    if (traffic) expect(traffic, `traffic: ${c.why}`).toEqual(expected);
  });
});
