import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/store/kube-object.js';
import { GR } from '../../../src/store/resource-types.js';
import { admin, adminJson, dynamicCluster, routeConfig, section, type Json } from './admin-call.js';
import { sentimentMesh } from './sentiment-mesh.js';

const V1 = 'outbound|80|v1|sa-logic.demo.svc.cluster.local';
const V2 = 'outbound|80|v2|sa-logic.demo.svc.cluster.local';
const ALL = 'outbound|80||sa-logic.demo.svc.cluster.local';

/** Host addresses per cluster, read from /clusters text lines ("cluster::ip:port::stat::value"). */
function hostsByCluster(text: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const line of text.trimEnd().split('\n')) {
    const [cluster, host, stat] = line.split('::');
    if (!/^\d+\.\d+\.\d+\.\d+:\d+$/.test(host!) || stat !== 'cx_active') continue;
    if (!out.has(cluster!)) out.set(cluster!, new Set());
    out.get(cluster!)!.add(host!);
  }
  return out;
}

function destinationRule(namespace: string, spec: object, name = 'sa-logic'): KubeObject {
  return { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name, namespace }, spec };
}

describe('outbound clusters', () => {
  for (const withEndpoints of [true, false]) {
    it(`give each DestinationRule subset only the pods with its labels (${withEndpoints ? 'Endpoints object' : 'pods by selector'})`, () => {
      const mesh = sentimentMesh({ withEndpoints });
      const hosts = hostsByCluster(admin(mesh.store, mesh.webapp, '/clusters').body);
      expect(hosts.get(V1)).toEqual(new Set(['10.244.0.11:5000', '10.244.0.12:5000']));
      expect(hosts.get(V2)).toEqual(new Set(['10.244.0.13:5000']));
      expect(hosts.get(ALL)).toEqual(new Set(['10.244.0.11:5000', '10.244.0.12:5000', '10.244.0.13:5000']));
    });
  }

  it('exist for every service port in the mesh plus the subsets, the inbound port and the special clusters', () => {
    const mesh = sentimentMesh();
    const names = section(
      adminJson(mesh.store, mesh.webapp, '/config_dump'),
      'ClustersConfigDump',
    ).dynamic_active_clusters.map((c: Json) => c.cluster.name);
    expect(names).toEqual(
      expect.arrayContaining([
        ALL,
        V1,
        V2,
        'outbound|80||sa-webapp.demo.svc.cluster.local',
        'outbound|6379||redis.demo.svc.cluster.local',
        'outbound|15021||istio-ingressgateway.istio-system.svc.cluster.local',
        'inbound|8080||',
        'BlackHoleCluster',
        'PassthroughCluster',
        'InboundPassthroughCluster',
      ]),
    );
    const statics = section(
      adminJson(mesh.store, mesh.webapp, '/config_dump'),
      'ClustersConfigDump',
    ).static_clusters.map((c: Json) => c.cluster.name);
    expect(statics.sort()).toEqual(['agent', 'prometheus_stats', 'sds-grpc', 'xds-grpc', 'zipkin']);
  });

  it('use auto mTLS with the service account of the pods when no DestinationRule sets tls', () => {
    const mesh = sentimentMesh({ withEndpoints: true });
    const cluster = dynamicCluster(adminJson(mesh.store, mesh.webapp, '/config_dump'), ALL);
    const [mtls, plain] = cluster.transport_socket_matches;
    expect(mtls.match).toEqual({ tlsMode: 'istio' });
    const tls = mtls.transport_socket.typed_config;
    expect(tls.sni).toBe('outbound_.80_._.sa-logic.demo.svc.cluster.local');
    expect(
      tls.common_tls_context.combined_validation_context.default_validation_context.match_typed_subject_alt_names,
    ).toEqual([{ san_type: 'URI', matcher: { exact: 'spiffe://cluster.local/ns/demo/sa/sa-logic' } }]);
    expect(plain.name).toBe('tlsMode-disabled');
  });

  it("apply the DestinationRule's traffic policy: limits, outlier detection, ISTIO_MUTUAL, subset overrides", () => {
    const mesh = sentimentMesh();
    mesh.store.update(
      GR.destinationrules,
      destinationRule('demo', {
        host: 'sa-logic',
        trafficPolicy: {
          connectionPool: {
            tcp: { maxConnections: 100, connectTimeout: '3s' },
            http: { http1MaxPendingRequests: 10, maxRetries: 4 },
          },
          outlierDetection: {
            consecutive5xxErrors: 5,
            interval: '10s',
            baseEjectionTime: '1m',
            maxEjectionPercent: 50,
          },
          tls: { mode: 'ISTIO_MUTUAL' },
        },
        subsets: [
          { name: 'v1', labels: { version: 'v1' } },
          { name: 'v2', labels: { version: 'v2' }, trafficPolicy: { connectionPool: { tcp: { maxConnections: 1 } } } },
        ],
      }),
    );
    const dump = adminJson(mesh.store, mesh.webapp, '/config_dump');
    const v1 = dynamicCluster(dump, V1);
    expect(v1.connect_timeout).toBe('3s');
    expect(v1.circuit_breakers.thresholds[0]).toEqual({
      max_connections: 100,
      max_pending_requests: 10,
      max_requests: 4294967295,
      max_retries: 4,
      track_remaining: true,
    });
    expect(v1.outlier_detection).toMatchObject({
      consecutive_5xx: 5,
      interval: '10s',
      base_ejection_time: '60s',
      max_ejection_percent: 50,
    });
    expect(v1.transport_socket.typed_config.sni).toBe('outbound_.80_.v1_.sa-logic.demo.svc.cluster.local');
    expect(v1.transport_socket.typed_config.common_tls_context.tls_certificate_sds_secret_configs[0].name).toBe(
      'default',
    );
    expect(v1.transport_socket_matches).toBeUndefined();
    expect(v1.metadata.filter_metadata.istio).toMatchObject({
      subset: 'v1',
      config: '/apis/networking.istio.io/v1/namespaces/demo/destination-rule/sa-logic',
    });
    // The subset's connectionPool replaces the rule's whole connectionPool, as Istio merges policies.
    expect(dynamicCluster(dump, V2).circuit_breakers.thresholds[0].max_connections).toBe(1);
    expect(dynamicCluster(dump, V2).circuit_breakers.thresholds[0].max_pending_requests).toBe(4294967295);

    const text = admin(mesh.store, mesh.webapp, '/clusters').body;
    expect(text).toContain(`${V1}::default_priority::max_connections::100\n`);
    expect(text).toContain(`${V1}::outlier::success_rate_average::-1\n`);
  });

  it("resolve a DestinationRule's short host in the rule's own namespace", () => {
    const mesh = sentimentMesh();
    mesh.store.create(
      GR.destinationrules,
      destinationRule(
        'istio-system',
        { host: 'sa-webapp', subsets: [{ name: 'v9', labels: { version: 'v9' } }] },
        'elsewhere',
      ),
    );
    const names = section(
      adminJson(mesh.store, mesh.webapp, '/config_dump'),
      'ClustersConfigDump',
    ).dynamic_active_clusters.map((c: Json) => c.cluster.name);
    expect(names).not.toContain('outbound|80|v9|sa-webapp.demo.svc.cluster.local');
  });

  it('turn ServiceEntry hosts into clusters resolved as the entry says, with HTTP ports routed by host', () => {
    const mesh = sentimentMesh();
    mesh.store.create(GR.serviceentries, {
      apiVersion: 'networking.istio.io/v1',
      kind: 'ServiceEntry',
      metadata: { name: 'external', namespace: 'demo' },
      spec: {
        hosts: ['api.example.com'],
        location: 'MESH_EXTERNAL',
        resolution: 'DNS',
        ports: [
          { number: 443, name: 'https', protocol: 'TLS' },
          { number: 80, name: 'http', protocol: 'HTTP' },
        ],
      },
    });
    mesh.store.create(GR.serviceentries, {
      apiVersion: 'networking.istio.io/v1',
      kind: 'ServiceEntry',
      metadata: { name: 'passthrough', namespace: 'demo' },
      spec: {
        hosts: ['*.internal.example.com'],
        resolution: 'NONE',
        ports: [{ number: 8443, name: 'tls', protocol: 'TLS' }],
      },
    });
    const dump = adminJson(mesh.store, mesh.webapp, '/config_dump');
    const dns = dynamicCluster(dump, 'outbound|443||api.example.com');
    expect(dns.type).toBe('STRICT_DNS');
    expect(dns.load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address).toEqual({
      address: 'api.example.com',
      port_value: 443,
    });
    expect(dns.transport_socket_matches).toBeUndefined(); // mesh-external: no auto mTLS
    expect(dynamicCluster(dump, 'outbound|8443||*.internal.example.com').type).toBe('ORIGINAL_DST');
    const hosts = routeConfig(dump, '80').virtual_hosts.map((v: Json) => v.name);
    expect(hosts).toContain('api.example.com:80');
  });

  it("hide what the pod's Sidecar egress hosts and the services' exportTo leave out", () => {
    const mesh = sentimentMesh();
    mesh.store.create(GR.sidecars, {
      apiVersion: 'networking.istio.io/v1',
      kind: 'Sidecar',
      metadata: { name: 'default', namespace: 'demo' },
      spec: { egress: [{ hosts: ['./*'] }] },
    });
    let names = section(
      adminJson(mesh.store, mesh.webapp, '/config_dump'),
      'ClustersConfigDump',
    ).dynamic_active_clusters.map((c: Json) => c.cluster.name);
    expect(names).toContain(ALL);
    expect(names.some((n: string) => n.includes('istio-ingressgateway'))).toBe(false);

    mesh.store.delete(GR.sidecars, 'demo', 'default');
    const redis = mesh.store.get(GR.services, 'demo', 'redis')!;
    mesh.store.update(GR.services, {
      ...redis,
      metadata: { ...redis.metadata, annotations: { 'networking.istio.io/exportTo': '.' } },
    });
    const gatewayDump = adminJson(mesh.store, mesh.gateway, '/config_dump');
    names = section(gatewayDump, 'ClustersConfigDump').dynamic_active_clusters.map((c: Json) => c.cluster.name);
    expect(names).not.toContain('outbound|6379||redis.demo.svc.cluster.local');
    expect(names).toContain(ALL);
  });
});

describe('/clusters', () => {
  it('prints parseable "cluster::key::value" and "cluster::host::stat::value" lines with per-host stats', () => {
    const mesh = sentimentMesh({ withEndpoints: true });
    const response = admin(mesh.store, mesh.webapp, '/clusters');
    expect(response.contentType).toMatch(/^text\/plain/);
    const stats = new Map<string, Map<string, string>>();
    for (const line of response.body.trimEnd().split('\n')) {
      const parts = line.split('::');
      expect(parts.length === 3 || parts.length === 4, line).toBe(true);
      if (parts.length === 4 && /^\d+\.\d+\.\d+\.\d+:\d+$/.test(parts[1]!)) {
        const key = `${parts[0]}::${parts[1]}`;
        if (!stats.has(key)) stats.set(key, new Map());
        stats.get(key)!.set(parts[2]!, parts[3]!);
      }
    }
    const host = stats.get(`${V2}::10.244.0.13:5000`)!;
    expect([...host.keys()]).toEqual(
      expect.arrayContaining([
        'cx_active',
        'cx_total',
        'rq_active',
        'rq_total',
        'rq_error',
        'health_flags',
        'weight',
        'region',
        'zone',
      ]),
    );
    expect(host.get('health_flags')).toBe('healthy');
    expect(host.get('weight')).toBe('1');
    expect(response.body).toContain(`${ALL}::added_via_api::true\n`);
    expect(response.body).toContain(`${ALL}::default_priority::max_connections::4294967295\n`);
    expect(response.body).toContain('prometheus_stats::added_via_api::false\n');
  });

  it('answers ?format=json with cluster statuses and their hosts', () => {
    const mesh = sentimentMesh({ withEndpoints: true });
    const statuses = adminJson(mesh.store, mesh.webapp, '/clusters?format=json').cluster_statuses;
    const v1 = statuses.find((s: Json) => s.name === V1);
    expect(v1.added_via_api).toBe(true);
    expect(v1.host_statuses.map((h: Json) => h.address.socket_address.address).sort()).toEqual([
      '10.244.0.11',
      '10.244.0.12',
    ]);
    expect(v1.host_statuses[0].health_status).toEqual({ eds_health_status: 'HEALTHY' });
    expect(v1.circuit_breakers.thresholds[1]).toMatchObject({ priority: 'HIGH', max_connections: 1024 });
  });
});
