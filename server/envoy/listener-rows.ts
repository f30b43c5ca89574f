// The Listeners table: static_listeners ({ listener }) and dynamic_listeners ({ name, active_state: { listener } })
// of envoy.admin.v3.ListenersConfigDump, with each listener's address, its filter chains and where they send traffic:
// the RDS route config of an http_connection_manager, or the cluster of a tcp_proxy.
import type { ListenerRow } from '../../lib/api/envoy.js';
import { arr, num, obj, section, str, type Json } from './dump-fields.js';
import type { Table } from './table.js';

function address(listener: Json): { address: string; port: number | null } {
  const socket = obj(obj(listener, 'address'), 'socket_address');
  if (socket) return { address: str(socket, 'address') ?? '?', port: num(socket, 'port_value') ?? null };
  const pipe = obj(obj(listener, 'address'), 'pipe');
  return { address: pipe ? `unix:${str(pipe, 'path') ?? '?'}` : '?', port: null };
}

// envoy.filters.network.http_connection_manager → http_connection_manager
const shortName = (name: string) => name.replace(/^envoy\.filters\.network\./, '').replace(/^envoy\./, '');

function chainsOf(listener: Json): unknown[] {
  const chains = arr(listener, 'filter_chains');
  const fallback = obj(listener, 'default_filter_chain');
  return fallback ? [...chains, fallback] : chains;
}

function routesOf(filter: unknown): string[] {
  const config = obj(filter, 'typed_config');
  const rds = obj(config, 'rds');
  if (rds) return [str(rds, 'route_config_name') ?? '(rds)'];
  const inline = obj(config, 'route_config');
  if (inline) return [`inline: ${str(inline, 'name') ?? 'route config'}`];
  const cluster = str(config, 'cluster');
  if (cluster) return [cluster];
  const weighted = obj(config, 'weighted_clusters');
  return arr(weighted, 'clusters').flatMap((c) => str(c, 'name') ?? []);
}

export function listenerRows(dump: { configs?: unknown }): Table<ListenerRow> {
  const config = section(dump, 'ListenersConfigDump');
  const rows: ListenerRow[] = [];
  const raw: unknown[] = [];
  const add = (source: ListenerRow['source'], entry: unknown, listener: Json | undefined) => {
    if (!listener) return;
    const chains = chainsOf(listener);
    const filters = new Set<string>();
    const routesTo = new Set<string>();
    for (const chain of chains) {
      for (const f of arr(chain, 'filters')) {
        const name = str(f, 'name');
        if (name) filters.add(shortName(name));
        for (const r of routesOf(f)) routesTo.add(r);
      }
    }
    const where = address(listener);
    rows.push({
      // Istio's static listeners (Prometheus 15090, health 15021) have no name; Envoy then names them by a UUID.
      name: str(listener, 'name') ?? str(entry, 'name') ?? `(unnamed) ${where.address}:${where.port ?? ''}`,
      source,
      ...where,
      direction: str(listener, 'traffic_direction') ?? null,
      filterChains: chains.length,
      filters: [...filters],
      routesTo: [...routesTo],
    });
    raw.push(entry);
  };
  for (const l of arr(config, 'static_listeners')) add('static', l, obj(l, 'listener'));
  for (const l of arr(config, 'dynamic_listeners')) {
    // A listener being replaced or drained shows its warming/draining state; the active one is what serves.
    const state = obj(l, 'active_state') ?? obj(l, 'warming_state') ?? obj(l, 'draining_state');
    add('dynamic', l, obj(state, 'listener'));
  }
  return { rows, raw };
}
