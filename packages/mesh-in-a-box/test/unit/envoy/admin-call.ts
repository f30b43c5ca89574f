import { envoyAdmin, type EnvoyAdminResponse } from '../../../src/envoy/index.js';
import type { KubeObject } from '../../../src/store/kube-object.js';
import type { ObjectStore } from '../../../src/store/object-store.js';

export const STARTED_AT_MS = Date.parse('2026-01-31T12:00:00.000Z');
export const NOW_MS = STARTED_AT_MS + 3_600_000;

export function admin(
  store: ObjectStore,
  pod: KubeObject,
  path: string,
  extra: { method?: string; statsPrometheus?: () => string } = {},
): EnvoyAdminResponse {
  return envoyAdmin({ store, pod, path, startedAtMs: STARTED_AT_MS, nowMs: NOW_MS, ...extra });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export function adminJson(store: ObjectStore, pod: KubeObject, path: string): Json {
  const response = admin(store, pod, path);
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${response.body}`);
  return JSON.parse(response.body);
}

const typeSuffix = (config: Json) => String(config['@type']).split('.').pop();

/** One section of a config dump by its message name ("ClustersConfigDump"). */
export function section(dump: Json, name: string): Json {
  const found = dump.configs.find((c: Json) => typeSuffix(c) === name);
  if (!found) throw new Error(`no ${name} in the dump`);
  return found;
}

export function dynamicCluster(dump: Json, name: string): Json {
  const entry = section(dump, 'ClustersConfigDump').dynamic_active_clusters.find((c: Json) => c.cluster.name === name);
  if (!entry) throw new Error(`no cluster ${name}`);
  return entry.cluster;
}

export function routeConfig(dump: Json, name: string): Json {
  const entry = section(dump, 'RoutesConfigDump').dynamic_route_configs.find((r: Json) => r.route_config.name === name);
  if (!entry) throw new Error(`no route configuration ${name}`);
  return entry.route_config;
}

export function virtualHost(dump: Json, route: string, name: string): Json {
  const found = routeConfig(dump, route).virtual_hosts.find((v: Json) => v.name === name);
  if (!found) throw new Error(`no virtual host ${name} in route ${route}`);
  return found;
}

export function dynamicListener(dump: Json, name: string): Json {
  const entry = section(dump, 'ListenersConfigDump').dynamic_listeners.find((l: Json) => l.name === name);
  if (!entry) throw new Error(`no listener ${name}`);
  return entry.active_state.listener;
}
