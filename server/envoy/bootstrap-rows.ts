// The Bootstrap table: what the proxy was started with (envoy.admin.v3.BootstrapConfigDump.bootstrap): its node id
// and cluster, the metadata pilot-agent writes into the node (ISTIO_VERSION, LABELS, CLUSTER_ID, MESH_ID, the
// PROXY_CONFIG, ...; istio pkg/model/proxy.go NodeMetadata), Envoy's own version, and where it gets its config (xDS).
import type { BootstrapRow } from '../../lib/api/envoy.js';
import { arr, field, num, obj, section, str } from './dump-fields.js';
import type { Table } from './table.js';

const text = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

export function bootstrapRows(dump: { configs?: unknown }): Table<BootstrapRow> {
  const bootstrap = obj(section(dump, 'BootstrapConfigDump'), 'bootstrap');
  const rows: BootstrapRow[] = [];
  const raw: unknown[] = [];
  const add = (key: string, value: unknown) => {
    if (value === undefined || value === null) return;
    rows.push({ key, value: text(value) });
    raw.push(value);
  };
  if (!bootstrap) return { rows, raw };
  const node = obj(bootstrap, 'node');
  add('node.id', field(node, 'id'));
  add('node.cluster', field(node, 'cluster'));
  const version = obj(obj(node, 'user_agent_build_version'), 'version');
  if (version)
    add(
      'envoy.version',
      `${num(version, 'major_number') ?? 0}.${num(version, 'minor_number') ?? 0}.${num(version, 'patch') ?? 0}`,
    );
  add('node.locality', field(node, 'locality'));
  // Metadata keys are Istio's own (upper case), written the same by every encoder.
  const metadata = obj(node, 'metadata') ?? {};
  for (const key of Object.keys(metadata).sort()) {
    const value = metadata[key];
    if (key === 'PROXY_CONFIG' && value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value).sort(([a], [b]) => a.localeCompare(b))) add(`PROXY_CONFIG.${k}`, v);
    } else if (key === 'LABELS' && value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value).sort(([a], [b]) => a.localeCompare(b))) add(`LABELS.${k}`, v);
    } else add(`metadata.${key}`, value);
  }
  const ads = obj(obj(bootstrap, 'dynamic_resources'), 'ads_config');
  const grpc = arr(ads, 'grpc_services')[0];
  add('xds.cluster', str(obj(grpc, 'envoy_grpc'), 'cluster_name'));
  add('xds.api', str(ads, 'api_type'));
  const admin = obj(obj(obj(bootstrap, 'admin'), 'address'), 'socket_address');
  if (admin) add('admin.address', `${str(admin, 'address') ?? '?'}:${num(admin, 'port_value') ?? '?'}`);
  add('static_resources.clusters', arr(obj(bootstrap, 'static_resources'), 'clusters').length);
  add('static_resources.listeners', arr(obj(bootstrap, 'static_resources'), 'listeners').length);
  return { rows, raw };
}
