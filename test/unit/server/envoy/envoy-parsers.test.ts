// The config_dump parsers on real Envoy answers (../shared/fixtures/wire, see its README for where each comes from).
// The full dump is a Bookinfo details-v1 sidecar (Istio 1.10, Envoy 1.18.3) as istioctl re-encodes it, in jsonpb's
// lowerCamel names; Envoy writes snake_case, which the simulator's dumps test (envoy-simulator-dump.test.ts).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bootstrapRows } from '../../../../server/envoy/bootstrap-rows.js';
import { clusterRows } from '../../../../server/envoy/cluster-rows.js';
import { parseClusterStats, parseClusterStatuses } from '../../../../server/envoy/cluster-status.js';
import { listenerRows } from '../../../../server/envoy/listener-rows.js';
import { routeRows } from '../../../../server/envoy/route-rows.js';
import { secretRows } from '../../../../server/envoy/secret-rows.js';
import { WIRE } from '../../../helpers/fixtures.js';

const read = (name: string) => readFileSync(`${WIRE}/${name}`, 'utf8');
const dump = JSON.parse(read('envoy-config-dump.json')) as { configs: unknown[] };

describe('the config_dump parsers on a real sidecar dump (camelCase)', () => {
  it('lists every static and dynamic cluster, with what Istio encodes in the name and the default circuit breakers', () => {
    // The README counts 5 static and 23 dynamic clusters.
    const { rows, raw } = clusterRows(dump);
    expect(rows.filter((r) => r.source === 'static')).toHaveLength(5);
    expect(rows.filter((r) => r.source === 'dynamic')).toHaveLength(23);
    expect(raw).toHaveLength(rows.length);
    const istiod = rows.find((r) => r.name === 'outbound|15010||istiod.istio-system.svc.cluster.local')!;
    expect(istiod).toMatchObject({
      type: 'EDS',
      direction: 'outbound',
      port: 15010,
      subset: null,
      host: 'istiod.istio-system.svc.cluster.local',
      // Istio writes 2^32-1 for "no limit" in the DEFAULT priority thresholds.
      circuitBreakers: { maxConnections: 4294967295, maxRequests: 4294967295 },
    });
    expect(rows.find((r) => r.name === 'PassthroughCluster')).toMatchObject({ type: 'ORIGINAL_DST', tls: 'plaintext' });
  });

  it('lists the listeners with their address, port, direction and where their filter chains send traffic', () => {
    // 2 static + 16 dynamic, per the README.
    const { rows } = listenerRows(dump);
    expect(rows).toHaveLength(18);
    expect(rows.find((r) => r.name === '10.96.186.223_15012')).toMatchObject({
      address: '10.96.186.223',
      port: 15012,
      direction: 'OUTBOUND',
      filters: expect.arrayContaining(['tcp_proxy']),
      routesTo: ['outbound|15012||istiod.istio-system.svc.cluster.local'],
    });
    expect(rows.filter((r) => r.source === 'static').map((r) => r.port)).toEqual([15090, 15021]);
  });

  it('gives one row per route of each virtual host, with its match and its cluster at 100%', () => {
    const { rows } = routeRows(dump);
    const egress = rows.find((r) => r.virtualHost === 'istio-egressgateway.istio-system.svc.cluster.local:80')!;
    expect(egress).toMatchObject({
      routeConfig: '80',
      match: 'prefix /',
      action: 'cluster',
      clusters: [{ name: 'outbound|80||istio-egressgateway.istio-system.svc.cluster.local', weight: 100 }],
      retries: 2,
      timeout: '0s',
    });
    expect(egress.domains).toContain('istio-egressgateway.istio-system.svc.cluster.local:80');
  });

  it('reads the node and the metadata pilot-agent wrote into the bootstrap', () => {
    const byKey = new Map(bootstrapRows(dump).rows.map((r) => [r.key, r.value]));
    expect(byKey.get('node.id')).toBe(
      'sidecar~10.244.0.12~details-v1-79f774bdb9-6hxw6.default~default.svc.cluster.local',
    );
    expect(byKey.get('metadata.ISTIO_VERSION')).toBe('1.10.0');
    expect(byKey.get('envoy.version')).toBe('1.18.3');
    expect(byKey.get('LABELS.app')).toBe('details');
    expect(byKey.get('PROXY_CONFIG.discoveryAddress')).toBe('istiod.istio-system.svc:15012');
  });

  it('reads the workload certificate: SPIFFE id, issuer, validity and days left, as openssl reads the same PEM', () => {
    // `openssl x509 -noout -serial -issuer -dates -ext subjectAltName` on the default secret's first certificate:
    // serial D29B…5999, issuer O = cluster.local, Jun 9 18:16:44 2021 → Jun 10 18:16:44 2021 GMT,
    // URI:spiffe://cluster.local/ns/default/sa/bookinfo-details; the chain holds 2 certificates.
    const issuedMs = Date.parse('2021-06-09T18:16:44Z');
    const rows = secretRows(dump, issuedMs).rows;
    expect(rows.find((r) => r.name === 'default')).toMatchObject({
      kind: 'certificate',
      spiffeId: 'spiffe://cluster.local/ns/default/sa/bookinfo-details',
      issuer: 'O=cluster.local',
      serial: 'd29b9914e2f7d97977da82ab5fbc5999',
      notBefore: '2021-06-09T18:16:44.000Z',
      notAfter: '2021-06-10T18:16:44.000Z',
      daysLeft: 1,
      chainLength: 2,
      problem: null,
    });
    expect(rows.find((r) => r.name === 'ROOTCA')).toMatchObject({ kind: 'trust bundle', spiffeId: null });
    // Read today, the 24-hour certificate has long expired: days left is negative, not hidden.
    expect(secretRows(dump, Date.parse('2021-06-12T18:16:44Z')).rows[0]!.daysLeft).toBe(-2);
  });
});

describe('the live side of clusters: /clusters and /stats', () => {
  it('reads host health from /clusters?format=json in either spelling, outlier ejections as a failed flag', () => {
    // istioctl's test input mixes jsonpb (hostStatuses) and Envoy (host_statuses) spellings; reviews has one host
    // with failedOutlierCheck and istio-policy's only host is UNHEALTHY.
    const statuses = parseClusterStatuses(JSON.parse(read('envoy-clusters.json')));
    expect(statuses.get('outbound|9080||reviews.default.svc.cluster.local')!.hosts.map((h) => h.health)).toEqual([
      'HEALTHY',
      'HEALTHY',
      'failed_outlier_check',
    ]);
    expect(statuses.get('outbound|15014||istio-policy.istio-system.svc.cluster.local')!.hosts[0]!.health).toBe(
      'UNHEALTHY',
    );
    expect(statuses.get('inbound_9092')!.hosts).toHaveLength(1);
  });

  it("takes a cluster's circuit breakers from /clusters when its dump has none, and host counters as numbers", () => {
    const statuses = parseClusterStatuses(JSON.parse(read('envoy-clusters-envoy-test.json')));
    const dumpWithout = {
      configs: [
        {
          '@type': 'type.googleapis.com/envoy.admin.v3.ClustersConfigDump',
          static_clusters: [{ cluster: { name: 'fake_cluster', type: 'EDS' } }],
        },
      ],
    };
    const [row] = clusterRows(dumpWithout, { statuses }).rows;
    expect(row!.circuitBreakers).toEqual({
      maxConnections: 1,
      maxPendingRequests: 1024,
      maxRequests: 1024,
      maxRetries: 1,
    });
    expect(row!.endpoints).toBe(1);
  });

  it('splits /stats lines at the stat name, though cluster names hold dots and pipes', () => {
    const stats = parseClusterStats(
      read('envoy-stats-circuit-breaker.txt') + read('envoy-stats-outlier.txt') + read('envoy-stats-upstream-rq.txt'),
    );
    // fortio tripped httpbin's pending-request limit 21 times (istio.io circuit-breaking task).
    expect(stats.get('outbound|8000||httpbin.default.svc.cluster.local')).toEqual({
      'circuit_breakers.default.rq_pending_open': 0,
      upstream_rq_pending_active: 0,
      upstream_rq_pending_overflow: 21,
    });
    expect(stats.get('outbound|8080||backend-app-service.istio-test.svc.cluster.local')).toEqual({
      'outlier_detection.ejections_active': 0,
    });
    // The histogram summary line of the subset cluster is not a number and is skipped.
    expect([...stats.keys()].some((k) => k.includes('prod'))).toBe(false);
  });
});
