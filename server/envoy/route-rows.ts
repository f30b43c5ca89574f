// The Routes table: one row per route of every virtual host of every route config (envoy.admin.v3.RoutesConfigDump:
// static_route_configs and dynamic_route_configs, each { route_config }). A route's action (envoy.config.route.v3
// Route: route.cluster, route.weighted_clusters, redirect, direct_response) is what the canary changes: its
// weighted_clusters list each cluster with its weight, which Istio writes from the VirtualService's route weights.
import type { RouteRow } from '../../lib/api/envoy.js';
import { arr, field, num, obj, section, str, type Json } from './dump-fields.js';
import type { Table } from './table.js';

function matchText(match: unknown): string {
  const parts: string[] = [];
  const prefix = str(match, 'prefix');
  const path = str(match, 'path');
  const regex = str(obj(match, 'safe_regex'), 'regex');
  const separated = str(match, 'path_separated_prefix');
  if (prefix !== undefined) parts.push(`prefix ${prefix}`);
  if (path !== undefined) parts.push(`path ${path}`);
  if (separated !== undefined) parts.push(`path prefix ${separated}`);
  if (regex !== undefined) parts.push(`regex ${regex}`);
  for (const h of arr(match, 'headers')) {
    const name = str(h, 'name') ?? '?';
    const sm = obj(h, 'string_match');
    const value =
      str(h, 'exact_match') ??
      str(sm, 'exact') ??
      str(sm, 'prefix') ??
      str(obj(sm, 'safe_regex'), 'regex') ??
      str(obj(h, 'safe_regex_match'), 'regex') ??
      (field(h, 'present_match') ? 'present' : '…');
    parts.push(`header ${name}=${value}`);
  }
  return parts.join(', ') || 'any';
}

function actionOf(route: Json): Pick<RouteRow, 'action' | 'clusters' | 'timeout' | 'retries'> {
  const action = obj(route, 'route');
  if (action) {
    const timeout = str(action, 'timeout') ?? null;
    const retries = num(obj(action, 'retry_policy'), 'num_retries') ?? null;
    const weighted = obj(action, 'weighted_clusters');
    if (weighted) {
      const list = arr(weighted, 'clusters').map((c) => ({
        name: str(c, 'name') ?? '?',
        weight: num(c, 'weight') ?? 0,
      }));
      // total_weight was dropped from Envoy's API; the share of each is its weight over the sum of weights.
      const total = list.reduce((n, c) => n + c.weight, 0) || 1;
      const clusters = list.map((c) => ({ name: c.name, weight: Math.round((c.weight / total) * 1000) / 10 }));
      return { action: 'weighted', clusters, timeout, retries };
    }
    const cluster = str(action, 'cluster');
    if (cluster) return { action: 'cluster', clusters: [{ name: cluster, weight: 100 }], timeout, retries };
    const header = str(action, 'cluster_header');
    return { action: 'header', clusters: header ? [{ name: `header ${header}`, weight: 100 }] : [], timeout, retries };
  }
  if (obj(route, 'redirect')) return { action: 'redirect', clusters: [], timeout: null, retries: null };
  if (obj(route, 'direct_response')) return { action: 'direct', clusters: [], timeout: null, retries: null };
  return { action: 'none', clusters: [], timeout: null, retries: null };
}

export function routeRows(dump: { configs?: unknown }): Table<RouteRow> {
  const config = section(dump, 'RoutesConfigDump');
  const rows: RouteRow[] = [];
  const raw: unknown[] = [];
  const add = (source: RouteRow['source'], entry: unknown) => {
    const rc = obj(entry, 'route_config');
    if (!rc) return;
    const routeConfig = str(rc, 'name') ?? '(unnamed)';
    for (const vh of arr(rc, 'virtual_hosts')) {
      const virtualHost = str(vh, 'name') ?? '?';
      const domains = arr(vh, 'domains').filter((d): d is string => typeof d === 'string');
      for (const r of arr(vh, 'routes')) {
        const route = r as Json;
        rows.push({
          routeConfig,
          source,
          virtualHost,
          domains,
          name: str(route, 'name') ?? null,
          match: matchText(field(route, 'match')),
          ...actionOf(route),
          istioConfig: str(obj(obj(route, 'metadata'), 'filter_metadata')?.istio, 'config') ?? null,
        });
        raw.push({ routeConfig, virtualHost, route });
      }
    }
  };
  for (const c of arr(config, 'static_route_configs')) add('static', c);
  for (const c of arr(config, 'dynamic_route_configs')) add('dynamic', c);
  return { rows, raw };
}
