import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GR } from '../../../src/store/resource-types.js';
import { admin, adminJson, NOW_MS, STARTED_AT_MS, type Json } from './admin-call.js';
import { sentimentMesh } from './sentiment-mesh.js';
import { WIRE } from '../../helpers/fixtures.js';

const serverInfoFixture: Json = JSON.parse(readFileSync(`${WIRE}/envoy-server-info.json`, 'utf8'));

describe('/server_info', () => {
  it('has the fields of a real server_info, plus the node current Envoy reports', () => {
    const mesh = sentimentMesh();
    const info = adminJson(mesh.store, mesh.webapp, '/server_info');
    expect(Object.keys(info).sort()).toEqual([...Object.keys(serverInfoFixture), 'node'].sort());
    // Envoy 1.32 dropped these from CommandLineOptions (reserved in the proto); the rest are still there.
    const removed = [
      'hidden_envoy_deprecated_max_stats',
      'hidden_envoy_deprecated_max_obj_name_len',
      'bootstrap_version',
    ];
    expect(Object.keys(info.command_line_options)).toEqual(
      expect.arrayContaining(Object.keys(serverInfoFixture.command_line_options).filter((k) => !removed.includes(k))),
    );
  });

  it('says LIVE, the Envoy 1.32 build Istio 1.24 ships, the uptime and the node id', () => {
    const mesh = sentimentMesh();
    const info = adminJson(mesh.store, mesh.webapp, '/server_info');
    expect(info.state).toBe('LIVE');
    expect(info.version).toMatch(/^[0-9a-f]{40}\/1\.32\.\d+-dev\/Clean\/RELEASE\/BoringSSL$/);
    expect(info.uptime_current_epoch).toBe(`${(NOW_MS - STARTED_AT_MS) / 1000}s`);
    expect(info.node.id).toBe('sidecar~10.244.0.20~sa-webapp-v1-6b7c8d9e0f-k7l8m.demo~demo.svc.cluster.local');
    expect(info.node.user_agent_build_version.version).toMatchObject({ major_number: 1, minor_number: 32 });
    const gateway = adminJson(mesh.store, mesh.gateway, '/server_info');
    expect(gateway.node.id).toBe(
      'router~10.244.0.5~istio-ingressgateway-6c8d7f9b5c-x2z4w.istio-system~istio-system.svc.cluster.local',
    );
  });
});

describe('/listeners', () => {
  it('prints one "name::address:port" line per listener, and ListenerStatuses as JSON', () => {
    const mesh = sentimentMesh();
    const lines = admin(mesh.store, mesh.webapp, '/listeners').body.trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(/^[^:]+::\d+\.\d+\.\d+\.\d+:\d+$/);
    expect(lines).toEqual(
      expect.arrayContaining([
        'virtualOutbound::0.0.0.0:15001',
        'virtualInbound::0.0.0.0:15006',
        '0.0.0.0_80::0.0.0.0:80',
      ]),
    );
    expect(lines.filter((l) => l.endsWith('::0.0.0.0:15090'))).toHaveLength(1);
    const statuses = adminJson(mesh.store, mesh.webapp, '/listeners?format=json').listener_statuses;
    expect(statuses.find((s: Json) => s.name === 'virtualInbound').local_address).toEqual({
      socket_address: { address: '0.0.0.0', port_value: 15006 },
    });
  });
});

describe('the other admin paths', () => {
  it('serves Envoy’s own kept stats, then the proxy’s istio_* metrics, on /stats/prometheus', () => {
    const mesh = sentimentMesh();
    const metrics = 'istio_requests_total{reporter="source"} 3\n';
    const response = admin(mesh.store, mesh.webapp, '/stats/prometheus', { statsPrometheus: () => metrics });
    expect(response).toMatchObject({ status: 200, contentType: 'text/plain; version=0.0.4' });
    expect(response.body.endsWith(metrics)).toBe(true);
    // Istio's stats_tags turn cluster.xds-grpc. into a cluster_name label (Envoy's PrometheusStatsFormatter).
    expect(response.body).toContain('# TYPE envoy_server_live gauge\nenvoy_server_live 1\n');
    expect(response.body).toContain('envoy_cluster_upstream_cx_active{cluster_name="xds-grpc"} 1\n');
    expect(admin(mesh.store, mesh.webapp, '/stats/prometheus').body).not.toContain('istio_');
  });

  it('answers /ready with LIVE and /stats with the server gauges readiness checks read', () => {
    const mesh = sentimentMesh();
    expect(admin(mesh.store, mesh.webapp, '/ready')).toMatchObject({ status: 200, body: 'LIVE\n' });
    const stats = admin(mesh.store, mesh.webapp, '/stats?filter=^(server.state|listener_manager.workers_started)').body;
    expect(stats).toBe('listener_manager.workers_started: 1\nserver.state: 0\n');
  });

  it('lists the admin commands after "invalid path" on an unknown path', () => {
    const mesh = sentimentMesh();
    const response = admin(mesh.store, mesh.webapp, '/no_such_page');
    expect(response.status).toBe(404);
    expect(response.body).toMatch(/^invalid path\. admin commands are:\n/);
    expect(response.body).toContain('  /config_dump: ');
    expect(response.body).toContain('  /quitquitquit (POST): ');
  });

  it('refuses state-changing paths unless they come as POST', () => {
    const mesh = sentimentMesh();
    expect(admin(mesh.store, mesh.webapp, '/quitquitquit')).toMatchObject({
      status: 405,
      body: 'Method GET not allowed, POST required.',
    });
    expect(admin(mesh.store, mesh.webapp, '/healthcheck/fail', { method: 'POST' }).status).toBe(200);
  });

  it('lists the workload certificate with its SPIFFE identity on /certs', () => {
    const mesh = sentimentMesh();
    const certs = adminJson(mesh.store, mesh.webapp, '/certs').certificates;
    const leaf = certs.flatMap((c: Json) => c.cert_chain)[0];
    expect(leaf.subject_alt_names).toEqual([{ uri: 'spiffe://cluster.local/ns/demo/sa/sa-webapp' }]);
  });

  it('reuses an answer until the store changes, then shows the change', () => {
    const mesh = sentimentMesh();
    const first = admin(mesh.store, mesh.webapp, '/clusters');
    expect(admin(mesh.store, mesh.webapp, '/clusters')).toBe(first);
    mesh.store.create(GR.services, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'sa-feedback', namespace: 'demo' },
      spec: {
        clusterIP: '10.96.10.5',
        ports: [{ name: 'http', port: 80, targetPort: 80 }],
        selector: { app: 'sa-feedback' },
      },
    });
    const after = admin(mesh.store, mesh.webapp, '/clusters');
    expect(first.body).not.toContain('outbound|80||sa-feedback.demo.svc.cluster.local');
    expect(after.body).toContain('outbound|80||sa-feedback.demo.svc.cluster.local::added_via_api::true');
  });
});
