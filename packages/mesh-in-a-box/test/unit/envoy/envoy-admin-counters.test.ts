import { beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/store/kube-object.js';
import type { Hop } from '../../../src/traffic/hop.js';
import type { Json } from './admin-call.js';
import { adminOf, canary, fromPod, hostStats, statsOf, V1, V2, withOutboundStats } from './admin-traffic.js';
import { runTraffic, type MeshTraffic } from './mesh-traffic.js';
import { sentimentMesh, type SentimentMesh } from './sentiment-mesh.js';

// What a proxy's /clusters and /stats count, checked against the hops that went through that proxy. Envoy's router
// (envoyproxy/envoy source/common/router/router.cc) charges a host's rq_total per try, rq_success or rq_error (5xx) for
// the final answer, and the cluster's upstream_rq_<code> / upstream_rq_<N>xx / upstream_rq_completed for the answer
// sent downstream; /clusters prints the host stats as "cluster::ip:port::stat::value" (source/server/admin/
// clusters_handler.cc) and /stats the cluster tree as "cluster.<name>.<stat>: value" (docs: configuration/upstream/
// cluster_manager/cluster_stats).

describe('a sidecar’s /clusters and /stats after traffic to a failing canary', () => {
  let mesh: SentimentMesh;
  let traffic: MeshTraffic;
  let webapp: KubeObject;
  let sent: Hop[];
  beforeAll(() => {
    mesh = sentimentMesh({ withEndpoints: true });
    canary(mesh);
    webapp = withOutboundStats(mesh, mesh.webapp);
    traffic = runTraffic(mesh.store, { seconds: 60, rps: 10 });
    sent = fromPod(traffic.hops, webapp);
  });

  it('counts, per sa-logic host, the requests the sa-webapp sidecar sent and how each ended', () => {
    const text = adminOf(mesh, traffic, webapp, '/clusters');
    for (const [cluster, pods] of [
      [V1, mesh.logicV1],
      [V2, [mesh.logicV2]],
    ] as const) {
      const stats = hostStats(text, cluster);
      for (const pod of pods) {
        const host = `${pod.status.podIP}:5000`;
        const tries = sent.flatMap((h) => h.attempts).filter((a) => a.destination.pod === pod.metadata.name);
        const failed = tries.filter((a) => a.responseCode >= 500).length;
        expect(tries.length, `${pod.metadata.name} got requests`).toBeGreaterThan(20);
        expect(stats[`${host}::rq_total`]).toBe(String(tries.length));
        expect(stats[`${host}::rq_error`]).toBe(String(failed));
        expect(stats[`${host}::rq_success`]).toBe(String(tries.length - failed));
        expect(stats[`${host}::health_flags`]).toBe('healthy');
        expect(Number(stats[`${host}::cx_total`])).toBeGreaterThanOrEqual(1);
        expect(stats[`${host}::cx_active`]).toBe(stats[`${host}::cx_total`]); // Istio keeps idle connections an hour
      }
    }
    // The failing canary's errors are there: a third at once, a third after 30 s.
    const v2Errors = Number(hostStats(text, V2)[`${mesh.logicV2.status.podIP}:5000::rq_error`]);
    expect(v2Errors).toBeGreaterThan(0);
  });

  it('gives /stats the same totals as /clusters, with the 5xx of the v2 canary', () => {
    const stats = statsOf(adminOf(mesh, traffic, webapp, '/stats'));
    const clusters = adminOf(mesh, traffic, webapp, '/clusters');
    for (const cluster of [V1, V2]) {
      const hosts = hostStats(clusters, cluster);
      const sum = (stat: string) =>
        Object.entries(hosts)
          .filter(([key]) => key.endsWith(`::${stat}`))
          .reduce((total, [, value]) => total + Number(value), 0);
      const finals = sent.filter((h) => h.upstreamCluster === cluster);
      const fiveXx = finals.filter((h) => h.responseCode >= 500).length;
      expect(stats[`cluster.${cluster}.upstream_rq_total`]).toBe(String(sum('rq_total')));
      expect(stats[`cluster.${cluster}.upstream_cx_total`]).toBe(String(sum('cx_total')));
      expect(stats[`cluster.${cluster}.upstream_rq_completed`]).toBe(String(finals.length));
      expect(stats[`cluster.${cluster}.upstream_rq_2xx`]).toBe(String(finals.length - fiveXx));
      expect(stats[`cluster.${cluster}.upstream_rq_200`]).toBe(String(finals.length - fiveXx));
      expect(stats[`cluster.${cluster}.upstream_rq_5xx`] ?? '0').toBe(String(fiveXx));
      expect(stats[`cluster.${cluster}.membership_total`]).toBe(cluster === V1 ? '2' : '1');
      expect(stats[`cluster.${cluster}.membership_healthy`]).toBe(cluster === V1 ? '2' : '1');
      expect(stats[`cluster.${cluster}.circuit_breakers.default.cx_open`]).toBe('0');
      expect(stats[`cluster.${cluster}.circuit_breakers.default.remaining_cx`]).toBe(
        String(4294967295 - sum('cx_active')),
      );
      expect(stats[`cluster.${cluster}.upstream_rq_time`]).toMatch(/^P0\((nan|[\d.]+),[\d.]+\) P25\(/);
    }
    expect(Number(stats[`cluster.${V2}.upstream_rq_500`])).toBeGreaterThan(0);
    expect(stats[`cluster.${V1}.upstream_rq_500`]).toBeUndefined(); // no charge, no stat: it is a dynamic one
  });

  it('counts on the canary’s own sidecar, in its inbound cluster, what that pod received', () => {
    const v2 = mesh.logicV2;
    const host = `${v2.status.podIP}:5000`;
    const stats = hostStats(adminOf(mesh, traffic, v2, '/clusters'), 'inbound|5000||');
    const received = traffic.hops.flatMap((h) => h.attempts).filter((a) => a.destination.pod === v2.metadata.name);
    expect(received.length).toBeGreaterThan(20);
    expect(stats[`${host}::rq_total`]).toBe(String(received.length));
    expect(stats[`${host}::rq_error`]).toBe(String(received.filter((a) => a.responseCode >= 500).length));
  });

  it('carries the same host counters in /clusters?format=json, counters as strings and zero values left out', () => {
    const text = hostStats(adminOf(mesh, traffic, webapp, '/clusters'), V2);
    const json: Json = JSON.parse(adminOf(mesh, traffic, webapp, '/clusters?format=json'));
    const cluster = json.cluster_statuses.find((c: Json) => c.name === V2);
    const [host] = cluster.host_statuses;
    const address = `${host.address.socket_address.address}:${host.address.socket_address.port_value}`;
    const byName = Object.fromEntries(host.stats.map((s: Json) => [s.name, s]));
    expect(byName.rq_total).toEqual({ value: text[`${address}::rq_total`], name: 'rq_total' });
    expect(byName.rq_error).toEqual({ value: text[`${address}::rq_error`], name: 'rq_error' });
    expect(byName.cx_active).toEqual({ type: 'GAUGE', value: text[`${address}::cx_active`], name: 'cx_active' });
    expect(byName.rq_timeout).toEqual({ name: 'rq_timeout' });
    expect(byName.rq_active).toEqual({ type: 'GAUGE', name: 'rq_active' });
  });

  it('filters /stats by regex, leaves out unmoved stats with usedonly, and answers the same in JSON', () => {
    const filtered = statsOf(adminOf(mesh, traffic, webapp, `/stats?filter=${encodeURIComponent('v2.*rq_5')}`));
    expect(Object.keys(filtered).sort()).toEqual([`cluster.${V2}.upstream_rq_500`, `cluster.${V2}.upstream_rq_5xx`]);
    const used = statsOf(adminOf(mesh, traffic, webapp, '/stats?usedonly'));
    expect(used[`cluster.${V2}.upstream_rq_total`]).toBeDefined();
    expect(used[`cluster.${V2}.upstream_rq_retry`]).toBeUndefined();
    const all = statsOf(adminOf(mesh, traffic, webapp, '/stats'));
    expect(all[`cluster.${V2}.upstream_rq_retry`]).toBe('0');
    const json: Json = JSON.parse(adminOf(mesh, traffic, webapp, '/stats?format=json'));
    const rows = json.stats.filter((s: Json) => s.name);
    expect(rows.find((s: Json) => s.name === `cluster.${V2}.upstream_rq_total`).value).toBe(
      Number(all[`cluster.${V2}.upstream_rq_total`]),
    );
    const histograms = json.stats.find((s: Json) => s.histograms).histograms;
    expect(histograms.supported_quantiles).toEqual([0, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 100]);
    const rqTime = histograms.computed_quantiles.find((h: Json) => h.name === `cluster.${V2}.upstream_rq_time`);
    expect(rqTime.values).toHaveLength(10);
    // The canary's slow failures take 30 s: its request-time maximum is past 30,000 ms.
    expect(rqTime.values[9].cumulative).toBeGreaterThan(30_000);
  });

  it('serves the same cluster counters on /stats/prometheus, named as Istio’s stats tags leave them', () => {
    const stats = statsOf(adminOf(mesh, traffic, webapp, '/stats'));
    const prometheus = adminOf(mesh, traffic, webapp, '/stats/prometheus');
    const label = `cluster_name="${V2}"`;
    const sample = (series: string) =>
      prometheus
        .split('\n')
        .find((l) => l.startsWith(`${series} `))
        ?.split(' ')[1];
    expect(sample(`envoy_cluster_upstream_rq_total{${label}}`)).toBe(stats[`cluster.${V2}.upstream_rq_total`]);
    expect(sample(`envoy_cluster_upstream_rq{response_code_class="5xx",${label}}`)).toBe(
      stats[`cluster.${V2}.upstream_rq_5xx`],
    );
    // Istio's response_code pattern (_rq(_(\.d{3}))$) matches no code: the code stays in the name.
    expect(sample(`envoy_cluster_upstream_rq_500{${label}}`)).toBe(stats[`cluster.${V2}.upstream_rq_500`]);
    expect(sample(`envoy_cluster_upstream_rq_time_count{${label}}`)).toBe(stats[`cluster.${V2}.upstream_rq_completed`]);
    expect(sample(`envoy_cluster_upstream_rq_time_bucket{${label},le="+Inf"}`)).toBe(
      stats[`cluster.${V2}.upstream_rq_completed`],
    );
    expect(prometheus).toContain('# TYPE envoy_cluster_upstream_rq_time histogram\n');
  });

  it('shows no cluster.outbound stats on a sidecar Istio configured by default, only cluster.xds-grpc', () => {
    // istio.io "Envoy Statistics": the default collection keys are cluster_manager, listener_manager, server and
    // cluster.xds-grpc; other cluster stats need proxyStatsMatcher or sidecar.istio.io/statsInclusionPrefixes.
    const stats = statsOf(adminOf(mesh, traffic, mesh.gateway, '/stats'));
    const names = Object.keys(stats);
    expect(names.filter((n) => n.startsWith('cluster.outbound'))).toEqual([]);
    expect(stats['cluster.xds-grpc.upstream_cx_active']).toBe('1');
    expect(stats['cluster.xds-grpc.upstream_rq_active']).toBe('1');
    expect(stats['server.live']).toBe('1');
    // /clusters always shows the host counters: the gateway's sa-webapp host counts what it forwarded.
    const forwarded = fromPod(traffic.hops, mesh.gateway).length;
    const webappHost = `${mesh.webapp.status.podIP}:8080`;
    const hosts = hostStats(
      adminOf(mesh, traffic, mesh.gateway, '/clusters'),
      'outbound|80||sa-webapp.demo.svc.cluster.local',
    );
    expect(hosts[`${webappHost}::rq_total`]).toBe(String(forwarded));
  });

  it('keeps no cluster stat at all for a sidecar whose stats matcher rejects them, as Envoy makes them null stats', () => {
    // envoyproxy/envoy source/common/stats/thread_local_store.cc: a stat the matcher rejects is a null stat, with no
    // storage; so a default proxy spends nothing on its upstream clusters' counters, codes or timing histograms.
    const gateway = traffic.upstream.proxy('istio-system', mesh.gateway.metadata.name)!;
    const cluster = gateway.clusters.get('outbound|80||sa-webapp.demo.svc.cluster.local')!;
    expect(cluster.keepsStats).toBe(false);
    expect([cluster.codes.size, cluster.rqTime, cluster.other]).toEqual([0, undefined, undefined]);
    expect([...cluster.hosts.values()].reduce((n, h) => n + h.rq_total, 0)).toBeGreaterThan(0);
    // The sidecar opted into cluster.outbound stats keeps them.
    const opted = traffic.upstream.proxy('demo', webapp.metadata.name)!.clusters.get(V1)!;
    expect([opted.keepsStats, opted.codes.size > 0, opted.rqTime !== undefined]).toEqual([true, true, true]);
  });
});
