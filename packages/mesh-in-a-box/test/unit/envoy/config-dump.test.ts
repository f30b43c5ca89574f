import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { admin, adminJson, dynamicListener, section, type Json } from './admin-call.js';
import { sentimentMesh, type SentimentMesh } from './sentiment-mesh.js';
import { WIRE } from '../../helpers/fixtures.js';

// The Bookinfo sidecar dump is re-encoded by istioctl in camelCase; the waypoint one is Envoy's own snake_case.
const sidecarFixture: Json = JSON.parse(readFileSync(`${WIRE}/envoy-config-dump.json`, 'utf8'));
const waypointFixture: Json = JSON.parse(readFileSync(`${WIRE}/envoy-config-dump-waypoint.json`, 'utf8'));

const snake = (key: string) => (key.startsWith('@') ? key : key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
const keysOf = (value: Json) => Object.keys(value).map(snake).sort();
const typesOf = (dump: Json) => dump.configs.map((c: Json) => c['@type']);

let mesh: SentimentMesh;
let dump: Json;
beforeAll(() => {
  mesh = sentimentMesh({ withEndpoints: true });
  dump = adminJson(mesh.store, mesh.webapp, '/config_dump');
});

describe('/config_dump of a sidecar', () => {
  it('lists the sections of a real sidecar dump in the same order, with endpoints only when asked', () => {
    expect(typesOf(dump)).toEqual(typesOf(sidecarFixture));
    expect(typesOf(adminJson(mesh.store, mesh.webapp, '/config_dump?include_eds'))).toEqual(typesOf(waypointFixture));
  });

  it('gives every section the fields of the real dumps', () => {
    for (const fixtureSection of sidecarFixture.configs) {
      const name = String(fixtureSection['@type']).split('.').pop()!;
      expect(keysOf(section(dump, name)), name).toEqual(keysOf(fixtureSection));
    }
  });

  it('wraps each resource the way Envoy does (versions, timestamps, active state)', () => {
    const real = (name: string) => section(waypointFixture, name);
    const ours = (name: string) => section(dump, name);
    const fixtureClusters = section(sidecarFixture, 'ClustersConfigDump');
    expect(keysOf(ours('ClustersConfigDump').static_clusters[0])).toEqual(
      keysOf(real('ClustersConfigDump').static_clusters[0]),
    );
    expect(keysOf(ours('ClustersConfigDump').dynamic_active_clusters[0])).toEqual(
      keysOf(fixtureClusters.dynamicActiveClusters[0]),
    );
    expect(keysOf(ours('ListenersConfigDump').static_listeners[0])).toEqual(
      keysOf(real('ListenersConfigDump').static_listeners[0]),
    );
    const listener = ours('ListenersConfigDump').dynamic_listeners[0];
    const realListener = real('ListenersConfigDump').dynamic_listeners[0];
    expect(keysOf(listener)).toEqual(keysOf(realListener));
    expect(keysOf(listener.active_state)).toEqual(
      keysOf(section(sidecarFixture, 'ListenersConfigDump').dynamicListeners[0].activeState),
    );
    expect(keysOf(ours('RoutesConfigDump').dynamic_route_configs[0])).toEqual(
      keysOf(section(sidecarFixture, 'RoutesConfigDump').dynamicRouteConfigs[0]),
    );
    expect(keysOf(ours('SecretsConfigDump').dynamic_active_secrets[0])).toEqual(
      keysOf(real('SecretsConfigDump').dynamic_active_secrets[0]),
    );
    expect(ours('SecretsConfigDump').dynamic_active_secrets.map((s: Json) => s.name)).toEqual(['default', 'ROOTCA']);
  });

  it('reports the bootstrap node as istio-agent writes it for the pod', () => {
    const bootstrap = section(dump, 'BootstrapConfigDump').bootstrap;
    const fixtureBootstrap = section(sidecarFixture, 'BootstrapConfigDump').bootstrap;
    expect(keysOf(bootstrap)).toEqual(expect.arrayContaining(keysOf(fixtureBootstrap)));
    // Envoy 1.32 no longer has the deprecated build version the 1.18 fixture carries.
    expect(keysOf(bootstrap.node)).toEqual(
      keysOf(fixtureBootstrap.node).filter((k) => !k.startsWith('hidden_envoy_deprecated')),
    );
    const dropped = ['PILOT_CERT_PROVIDER', 'PROV_CERT', 'PROXY_VIA_AGENT']; // gone from Istio's node metadata by 1.24
    expect(Object.keys(bootstrap.node.metadata)).toEqual(
      expect.arrayContaining(Object.keys(fixtureBootstrap.node.metadata).filter((k) => !dropped.includes(k))),
    );
    expect(bootstrap.node.id).toBe('sidecar~10.244.0.20~sa-webapp-v1-6b7c8d9e0f-k7l8m.demo~demo.svc.cluster.local');
    expect(bootstrap.node.metadata).toMatchObject({
      NAME: 'sa-webapp-v1-6b7c8d9e0f-k7l8m',
      NAMESPACE: 'demo',
      LABELS: { app: 'sa-webapp', version: 'v1' },
      ISTIO_VERSION: '1.24.0',
      MESH_ID: 'cluster.local',
      CLUSTER_ID: 'Kubernetes',
      SERVICE_ACCOUNT: 'sa-webapp',
      WORKLOAD_NAME: 'sa-webapp-v1', // the Deployment behind the ReplicaSet
      APP_CONTAINERS: 'sa-webapp',
    });
  });

  it('builds outbound clusters and HTTP listeners with the fields of the real ones', () => {
    const realCluster = section(sidecarFixture, 'ClustersConfigDump').dynamicActiveClusters.find(
      (c: Json) => c.cluster.name === 'outbound|9080||reviews.default.svc.cluster.local',
    ).cluster;
    const ours = section(dump, 'ClustersConfigDump').dynamic_active_clusters.find(
      (c: Json) => c.cluster.name === 'outbound|80||sa-logic.demo.svc.cluster.local',
    ).cluster;
    expect(keysOf(ours)).toEqual(expect.arrayContaining(keysOf(realCluster)));

    const realListener = section(sidecarFixture, 'ListenersConfigDump').dynamicListeners.find(
      (l: Json) => l.name === '0.0.0.0_9080',
    ).activeState.listener;
    const listener = dynamicListener(dump, '0.0.0.0_80');
    // deprecatedV1.bindToPort became the listener's own bind_to_port.
    expect(keysOf(listener)).toEqual(expect.arrayContaining(keysOf(realListener).filter((k) => k !== 'deprecated_v1')));
    expect(listener.bind_to_port).toBe(false);
    const hcm = listener.filter_chains[0].filters[0].typed_config;
    expect(hcm.rds.route_config_name).toBe('80');
  });

  it('lists the sidecar listeners: virtual outbound and inbound, wildcard HTTP ports, address-bound TCP ports', () => {
    const names = section(dump, 'ListenersConfigDump').dynamic_listeners.map((l: Json) => l.name);
    expect(names).toEqual(
      expect.arrayContaining(['virtualOutbound', 'virtualInbound', '0.0.0.0_80', '10.96.10.4_6379']),
    );
    expect(dynamicListener(dump, 'virtualOutbound').address.socket_address.port_value).toBe(15001);
    const inbound = dynamicListener(dump, 'virtualInbound');
    expect(inbound.address.socket_address.port_value).toBe(15006);
    const webappChains = inbound.filter_chains.filter((c: Json) => c.filter_chain_match?.destination_port === 8080);
    expect(webappChains.map((c: Json) => c.filter_chain_match.transport_protocol)).toEqual(['tls', 'raw_buffer']);
    const tcp = dynamicListener(dump, '10.96.10.4_6379').filter_chains[0].filters.at(-1).typed_config;
    expect(tcp.cluster).toBe('outbound|6379||redis.demo.svc.cluster.local');
  });
});

describe('/config_dump query parameters', () => {
  it('dumps one repeated field with ?resource=, each element typed', () => {
    const clusters = adminJson(mesh.store, mesh.webapp, '/config_dump?resource=dynamic_active_clusters').configs;
    expect(clusters.length).toBe(section(dump, 'ClustersConfigDump').dynamic_active_clusters.length);
    expect(new Set(clusters.map((c: Json) => c['@type']))).toEqual(
      new Set(['type.googleapis.com/envoy.admin.v3.ClustersConfigDump.DynamicCluster']),
    );
  });

  it('keeps only the masked fields with ?resource= and ?mask=', () => {
    const names = adminJson(
      mesh.store,
      mesh.webapp,
      '/config_dump?resource=dynamic_active_clusters&mask=cluster.name',
    ).configs;
    for (const entry of names) {
      expect(Object.keys(entry).sort()).toEqual(['@type', 'cluster']);
      expect(Object.keys(entry.cluster).sort()).toEqual(['@type', 'name']);
    }
    expect(names.map((e: Json) => e.cluster.name)).toContain('outbound|80|v2|sa-logic.demo.svc.cluster.local');
  });

  it('applies ?mask= to every top-level dump without ?resource=', () => {
    const masked = adminJson(mesh.store, mesh.webapp, '/config_dump?mask=version_info').configs;
    expect(masked.map((c: Json) => Object.keys(c).sort())).toEqual([
      ['@type'],
      ['@type', 'version_info'],
      ['@type', 'version_info'],
      ['@type'],
      ['@type'],
      ['@type'],
    ]);
  });

  it('filters resources by name with ?name_regex=', () => {
    const filtered = adminJson(mesh.store, mesh.webapp, '/config_dump?name_regex=sa-logic');
    const clusterNames = section(filtered, 'ClustersConfigDump').dynamic_active_clusters.map(
      (c: Json) => c.cluster.name,
    );
    expect(clusterNames.sort()).toEqual([
      'outbound|80|v1|sa-logic.demo.svc.cluster.local',
      'outbound|80|v2|sa-logic.demo.svc.cluster.local',
      'outbound|80||sa-logic.demo.svc.cluster.local',
    ]);
    expect(section(filtered, 'ListenersConfigDump').dynamic_listeners).toEqual([]);
  });

  it('refuses a resource that is no repeated field, an unknown one, and a bad regex', () => {
    expect(admin(mesh.store, mesh.webapp, '/config_dump?resource=bootstrap').status).toBe(400);
    expect(admin(mesh.store, mesh.webapp, '/config_dump?resource=no_such_field').status).toBe(404);
    expect(admin(mesh.store, mesh.webapp, '/config_dump?name_regex=(').status).toBe(400);
  });
});
