import { bootstrapConfig } from './bootstrap-config.js';
import { isEdsCluster, loadAssignment } from './endpoints-dump.js';
import { isRecord, typed, type EnvoyJson } from './envoy-json.js';
import type { ProxyConfig } from './proxy-config.js';
import { dynamicSecrets } from './secrets-dump.js';

const ADMIN = 'envoy.admin.v3.';

export interface ConfigDumpQuery {
  resource?: string;
  mask?: string;
  nameRegex?: string;
  includeEds: boolean;
}

export type DumpResult = { status: 200; json: EnvoyJson } | { status: 400 | 404; text: string };

/** Inline route configurations of HTTP connection managers: Envoy lists them as static route configs. */
function inlineRoutes(listener: EnvoyJson): EnvoyJson[] {
  const out: EnvoyJson[] = [];
  const chains = [...((listener.filter_chains as EnvoyJson[] | undefined) ?? [])];
  if (isRecord(listener.default_filter_chain)) chains.push(listener.default_filter_chain);
  for (const chain of chains) {
    for (const filter of (chain.filters as EnvoyJson[] | undefined) ?? []) {
      const route = (filter.typed_config as EnvoyJson | undefined)?.route_config;
      if (isRecord(route)) out.push(route);
    }
  }
  return out;
}

/** The top-level dumps in Envoy's order: bootstrap, clusters, (endpoints), listeners, scoped routes, routes, secrets. */
function topLevelDumps(proxy: ProxyConfig, includeEds: boolean): EnvoyJson[] {
  const version = proxy.versionInfo;
  const pushed = proxy.pushTime;
  const loaded = proxy.bootstrapTime;
  const { statics: staticClusters, dynamics: dynamicClusters } = proxy.clusters;
  const { statics: staticListeners, dynamics: dynamicListeners } = proxy.listeners;
  const dumps: EnvoyJson[] = [
    typed(`${ADMIN}BootstrapConfigDump`, {
      bootstrap: bootstrapConfig(proxy.identity, proxy.statsInclusion),
      last_updated: loaded,
    }),
    typed(`${ADMIN}ClustersConfigDump`, {
      version_info: version,
      static_clusters: staticClusters.map((c) => ({ cluster: c.config, last_updated: loaded })),
      dynamic_active_clusters: dynamicClusters.map((c) => ({
        version_info: version,
        cluster: c.config,
        last_updated: pushed,
      })),
    }),
  ];
  if (includeEds) {
    dumps.push(
      typed(`${ADMIN}EndpointsConfigDump`, {
        static_endpoint_configs: staticClusters
          .filter((c) => c.config.load_assignment && c.config.type === 'STATIC')
          .map((c) => ({ endpoint_config: loadAssignment(c) })),
        dynamic_endpoint_configs: dynamicClusters
          .filter(isEdsCluster)
          .map((c) => ({ version_info: version, endpoint_config: loadAssignment(c), last_updated: pushed })),
      }),
    );
  }
  const staticRoutes = [...staticListeners, ...dynamicListeners].flatMap((l) => inlineRoutes(l.config));
  dumps.push(
    typed(`${ADMIN}ListenersConfigDump`, {
      version_info: version,
      static_listeners: staticListeners.map((l) => ({ listener: l.config, last_updated: loaded })),
      dynamic_listeners: dynamicListeners.map((l) => ({
        name: l.name,
        active_state: { version_info: version, listener: l.config, last_updated: pushed },
      })),
    }),
    typed(`${ADMIN}ScopedRoutesConfigDump`),
    typed(`${ADMIN}RoutesConfigDump`, {
      static_route_configs: staticRoutes.map((r) => ({
        route_config: typed('envoy.config.route.v3.RouteConfiguration', r),
        last_updated: pushed,
      })),
      dynamic_route_configs: proxy.routes.map((r) => ({
        version_info: version,
        route_config: r.config,
        last_updated: pushed,
      })),
    }),
    typed(`${ADMIN}SecretsConfigDump`, { dynamic_active_secrets: dynamicSecrets(proxy) }),
  );
  return dumps;
}

// The repeated fields ?resource= may name, with the message type of their elements.
const RESOURCE_TYPES: Record<string, string> = {
  static_clusters: 'ClustersConfigDump.StaticCluster',
  dynamic_active_clusters: 'ClustersConfigDump.DynamicCluster',
  dynamic_warming_clusters: 'ClustersConfigDump.DynamicCluster',
  static_endpoint_configs: 'EndpointsConfigDump.StaticEndpointConfig',
  dynamic_endpoint_configs: 'EndpointsConfigDump.DynamicEndpointConfig',
  static_listeners: 'ListenersConfigDump.StaticListener',
  dynamic_listeners: 'ListenersConfigDump.DynamicListener',
  inline_scoped_route_configs: 'ScopedRoutesConfigDump.InlineScopedRouteConfigs',
  dynamic_scoped_route_configs: 'ScopedRoutesConfigDump.DynamicScopedRouteConfigs',
  static_route_configs: 'RoutesConfigDump.StaticRouteConfig',
  dynamic_route_configs: 'RoutesConfigDump.DynamicRouteConfig',
  static_secrets: 'SecretsConfigDump.StaticSecret',
  dynamic_active_secrets: 'SecretsConfigDump.DynamicSecret',
  dynamic_warming_secrets: 'SecretsConfigDump.DynamicSecret',
};

/** The name ?name_regex= matches for one element of a repeated field. */
function resourceName(element: EnvoyJson): string | undefined {
  const inner =
    (element.cluster as EnvoyJson | undefined) ??
    (element.route_config as EnvoyJson | undefined) ??
    (element.listener as EnvoyJson | undefined) ??
    ((element.active_state as EnvoyJson | undefined)?.listener as EnvoyJson | undefined);
  if (inner) return typeof inner.name === 'string' ? inner.name : undefined;
  const endpoint = element.endpoint_config as EnvoyJson | undefined;
  if (endpoint) return String(endpoint.cluster_name);
  return typeof element.name === 'string' ? element.name : undefined;
}

/** Keeps only the fields a FieldMask names ("cluster.name,cluster.type"), through arrays, keeping '@type'. */
export function applyMask(value: EnvoyJson, paths: string[][]): EnvoyJson {
  const out: EnvoyJson = {};
  if (typeof value['@type'] === 'string') out['@type'] = value['@type'];
  const heads = new Map<string, string[][]>();
  for (const [head, ...rest] of paths) {
    if (!head) continue;
    const list = heads.get(head) ?? [];
    list.push(rest);
    heads.set(head, list);
  }
  for (const [head, rests] of heads) {
    const child = value[head];
    if (child === undefined) continue;
    if (rests.some((r) => r.length === 0)) out[head] = child;
    else if (Array.isArray(child)) out[head] = child.map((c) => (isRecord(c) ? applyMask(c, rests) : c));
    else if (isRecord(child)) out[head] = applyMask(child, rests);
  }
  return out;
}

/** /config_dump with Envoy's query parameters: resource, mask, name_regex and include_eds. */
export function configDump(proxy: ProxyConfig, query: ConfigDumpQuery): DumpResult {
  let nameFilter: RegExp | undefined;
  if (query.nameRegex !== undefined && query.nameRegex !== '') {
    try {
      nameFilter = new RegExp(query.nameRegex);
    } catch (err) {
      return { status: 400, text: `Error while parsing name_regex from ${query.nameRegex}: ${(err as Error).message}` };
    }
  }
  const masks = query.mask ? query.mask.split(',').map((p) => p.trim().split('.')) : undefined;
  const nameMatches = (element: EnvoyJson) => {
    if (!nameFilter) return true;
    const name = resourceName(element);
    return name !== undefined && nameFilter.test(name);
  };
  const dumps = topLevelDumps(proxy, query.includeEds || query.resource?.includes('endpoint') === true);

  if (query.resource) {
    const field = query.resource;
    const type = RESOURCE_TYPES[field];
    const holder = dumps.find((d) => field in d);
    if (!type && holder) {
      return { status: 400, text: `${field} is not a repeated field. Use ?mask=${field} to get only this field` };
    }
    if (!type) return { status: 404, text: `${field} not found in config dump` };
    const elements = (holder?.[field] as EnvoyJson[] | undefined) ?? [];
    const configs = elements
      .filter(nameMatches)
      .map((e) => typed(ADMIN + type, e))
      .map((e) => (masks ? applyMask(e, masks) : e));
    return { status: 200, json: { configs } };
  }

  const configs = dumps.map((dump) => {
    let out = dump;
    if (nameFilter) {
      out = { ...dump };
      for (const [key, value] of Object.entries(dump)) {
        if (Array.isArray(value) && key in RESOURCE_TYPES) {
          out[key] = value.filter((e) => isRecord(e) && nameMatches(e));
        }
      }
    }
    return masks ? applyMask(out, masks) : out;
  });
  return { status: 200, json: { configs } };
}
