import { beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../../server/demo/store/kube-object.js';
import { GR } from '../../../../../server/demo/store/resource-types.js';
import type { Hop } from '../../../../../server/demo/traffic/hop.js';
import { envoyAdmin } from '../../../../../server/demo/envoy/index.js';
import { NOW_MS, STARTED_AT_MS, type Json } from './admin-call.js';
import { runTraffic, type MeshTraffic } from './mesh-traffic.js';
import { sentimentMesh, type SentimentMesh } from './sentiment-mesh.js';

// What a proxy's /clusters and /stats count, checked against the hops that went through that proxy. Envoy's router
// (envoyproxy/envoy source/common/router/router.cc) charges a host's rq_total per try, rq_success or rq_error (5xx) for
// the final answer, and the cluster's upstream_rq_<code> / upstream_rq_<N>xx / upstream_rq_completed for the answer
// sent downstream; /clusters prints the host stats as "cluster::ip:port::stat::value" (source/server/admin/
// clusters_handler.cc) and /stats the cluster tree as "cluster.<name>.<stat>: value" (docs: configuration/upstream/
// cluster_manager/cluster_stats).

const V1 = 'outbound|80|v1|sa-logic.demo.svc.cluster.local';
const V2 = 'outbound|80|v2|sa-logic.demo.svc.cluster.local';

function canary(mesh: SentimentMesh, spec: object = {}): void {
  mesh.store.create(GR.virtualservices, {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'sa-logic', namespace: 'demo' },
    spec: {
      hosts: ['sa-logic'],
      http: [
        {
          route: [
            { destination: { host: 'sa-logic', subset: 'v1' }, weight: 50 },
            { destination: { host: 'sa-logic', subset: 'v2' }, weight: 50 },
          ],
          ...spec,
        },
      ],
    },
  });
}

/** Opts a pod's proxy into cluster.outbound stats, as istio.io's circuit-breaking sample does for fortio. */
function withOutboundStats(mesh: SentimentMesh, pod: KubeObject): KubeObject {
  const annotations = { ...pod.metadata.annotations, 'sidecar.istio.io/statsInclusionPrefixes': 'cluster.outbound' };
  return mesh.store.update(GR.pods, { ...pod, metadata: { ...pod.metadata, annotations } });
}

function adminOf(mesh: SentimentMesh, traffic: MeshTraffic, pod: KubeObject, path: string) {
  const upstream = traffic.upstream.proxy(pod.metadata.namespace!, pod.metadata.name);
  const response = envoyAdmin({ store: mesh.store, pod, path, startedAtMs: STARTED_AT_MS, nowMs: NOW_MS, upstream });
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${response.body}`);
  return response.body;
}

/** "cluster::host::stat::value" lines of one cluster, as { "host::stat": value }. */
function hostStats(text: string, cluster: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${cluster}::`)) continue;
    const [, host, stat, value] = line.split('::');
    if (value !== undefined) out[`${host}::${stat}`] = value;
  }
  return out;
}

function statsOf(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .trimEnd()
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf(': ')), line.slice(line.indexOf(': ') + 2)]),
  );
}

const fromPod = (hops: Hop[], pod: KubeObject) => hops.filter((h) => h.source?.pod === pod.metadata.name);

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
});

describe('counters of retried and timed-out tries', () => {
  it('counts each retried try as the host’s rq_error and under retry.upstream_rq_<code>, and the retries taken', () => {
    const mesh = sentimentMesh({ withEndpoints: true });
    canary(mesh, { retries: { attempts: 2, retryOn: '5xx' } });
    const webapp = withOutboundStats(mesh, mesh.webapp);
    const traffic = runTraffic(mesh.store, { seconds: 30, rps: 10 });
    const sent = fromPod(traffic.hops, webapp).filter((h) => h.upstreamCluster === V2);
    const retried = sent.flatMap((h) => h.attempts.slice(0, -1));
    expect(retried.length).toBeGreaterThan(0);
    const stats = statsOf(adminOf(mesh, traffic, webapp, '/stats'));
    expect(stats[`cluster.${V2}.upstream_rq_retry`]).toBe(String(retried.length));
    expect(stats[`cluster.${V2}.retry.upstream_rq_500`]).toBe(String(retried.length));
    expect(stats[`cluster.${V2}.upstream_rq_total`]).toBe(String(sent.flatMap((h) => h.attempts).length));
    // Only the answers sent downstream count in upstream_rq_<code>.
    expect(stats[`cluster.${V2}.upstream_rq_completed`]).toBe(String(sent.length));
    const host = hostStats(adminOf(mesh, traffic, webapp, '/clusters'), V2);
    const finalErrors = sent.filter((h) => h.responseCode >= 500).length;
    expect(host[`${mesh.logicV2.status.podIP}:5000::rq_error`]).toBe(String(retried.length + finalErrors));
  });

  it('counts a try the route timeout cut short as rq_timeout, upstream_rq_timeout and a 504', () => {
    const mesh = sentimentMesh({ withEndpoints: true });
    canary(mesh, { timeout: '2s' });
    const webapp = withOutboundStats(mesh, mesh.webapp);
    const traffic = runTraffic(mesh.store, { seconds: 30, rps: 10 });
    const timedOut = fromPod(traffic.hops, webapp).filter((h) => h.upstreamCluster === V2 && h.responseCode === 504);
    expect(timedOut.length).toBeGreaterThan(0);
    const stats = statsOf(adminOf(mesh, traffic, webapp, '/stats'));
    expect(stats[`cluster.${V2}.upstream_rq_timeout`]).toBe(String(timedOut.length));
    expect(stats[`cluster.${V2}.upstream_rq_504`]).toBe(String(timedOut.length));
    const host = hostStats(adminOf(mesh, traffic, webapp, '/clusters'), V2);
    expect(host[`${mesh.logicV2.status.podIP}:5000::rq_timeout`]).toBe(String(timedOut.length));
  });
});

describe('outlier detection', () => {
  it('ejects the failing canary after consecutive 5xx, flags it in /clusters and sends it nothing meanwhile', () => {
    // Envoy's consecutive_5xx detection (docs: intro/arch_overview/upstream/outlier); Istio passes the rule's
    // consecutive5xxErrors, baseEjectionTime and maxEjectionPercent on to the cluster.
    const mesh = sentimentMesh({ withEndpoints: true });
    const rule = mesh.store.get(GR.destinationrules, 'demo', 'sa-logic')!;
    const outlierDetection = { consecutive5xxErrors: 3, baseEjectionTime: '20s', maxEjectionPercent: 100 };
    mesh.store.update(GR.destinationrules, { ...rule, spec: { ...rule.spec, trafficPolicy: { outlierDetection } } });
    canary(mesh);
    const webapp = withOutboundStats(mesh, mesh.webapp);
    const traffic = runTraffic(mesh.store, { seconds: 60, rps: 10 });
    const toV2 = fromPod(traffic.hops, webapp).filter((h) => h.upstreamCluster === V2);
    // With its only host ejected the v2 subset has no healthy host left: Istio turns off Envoy's panic mode.
    const refused = toV2.filter((h) => h.responseFlags === 'UH');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((h) => h.attempts.length === 0 && h.responseCode === 503)).toBe(true);

    const upstream = traffic.upstream.proxy('demo', webapp.metadata.name);
    const at = (nowMs: number, path: string) =>
      envoyAdmin({ store: mesh.store, pod: webapp, path, startedAtMs: STARTED_AT_MS, nowMs, upstream }).body;
    const during = refused[0]!.startMs;
    const host = `${mesh.logicV2.status.podIP}:5000`;
    expect(hostStats(at(during, '/clusters'), V2)[`${host}::health_flags`]).toBe('/failed_outlier_check');
    const json: Json = JSON.parse(at(during, '/clusters?format=json'));
    const status = json.cluster_statuses.find((c: Json) => c.name === V2).host_statuses[0].health_status;
    expect(status).toEqual({ failed_outlier_check: true, eds_health_status: 'HEALTHY' });
    const stats = statsOf(at(during, '/stats'));
    expect(stats[`cluster.${V2}.outlier_detection.ejections_active`]).toBe('1');
    expect(stats[`cluster.${V2}.membership_healthy`]).toBe('0');
    expect(stats[`cluster.${V2}.upstream_cx_none_healthy`]).toBe(String(refused.length));
    const enforced = Number(stats[`cluster.${V2}.outlier_detection.ejections_enforced_consecutive_5xx`]);
    expect(enforced).toBeGreaterThan(0);
    expect(stats[`cluster.${V2}.outlier_detection.ejections_enforced_total`]).toBe(String(enforced));
    expect(Number(stats[`cluster.${V2}.outlier_detection.ejections_detected_consecutive_5xx`])).toBeGreaterThanOrEqual(
      enforced,
    );
    // v1's hosts answer well and stay in.
    expect(stats[`cluster.${V1}.outlier_detection.ejections_total`]).toBe('0');
  });

  it('ejects even the only host of the canary subset under Istio’s default maxEjectionPercent of 10 %', () => {
    // Envoy weighs the hosts already ejected (none: 0 % < 10 %), so a first ejection always goes through
    // (source/common/upstream/outlier_detection_impl.cc, DetectorImpl::ejectHost).
    const mesh = sentimentMesh({ withEndpoints: true });
    const rule = mesh.store.get(GR.destinationrules, 'demo', 'sa-logic')!;
    const outlierDetection = { consecutive5xxErrors: 3 };
    mesh.store.update(GR.destinationrules, { ...rule, spec: { ...rule.spec, trafficPolicy: { outlierDetection } } });
    canary(mesh);
    const webapp = withOutboundStats(mesh, mesh.webapp);
    const traffic = runTraffic(mesh.store, { seconds: 30, rps: 10 });
    expect(fromPod(traffic.hops, webapp).some((h) => h.upstreamCluster === V2 && h.responseFlags === 'UH')).toBe(true);
    const stats = statsOf(adminOf(mesh, traffic, webapp, '/stats'));
    expect(Number(stats[`cluster.${V2}.outlier_detection.ejections_enforced_consecutive_5xx`])).toBeGreaterThan(0);
    expect(stats[`cluster.${V2}.outlier_detection.ejections_overflow`]).toBe('0');
  });
});

describe('reusing /clusters answers', () => {
  it('answers with the new counters once more traffic went through the proxy', () => {
    const mesh = sentimentMesh({ withEndpoints: true });
    const upstreamOf = (traffic: MeshTraffic) => traffic.upstream.proxy('istio-system', mesh.gateway.metadata.name);
    const first = runTraffic(mesh.store, { seconds: 5, rps: 5 });
    const call = (traffic: MeshTraffic) =>
      envoyAdmin({
        store: mesh.store,
        pod: mesh.gateway,
        path: '/clusters',
        startedAtMs: STARTED_AT_MS,
        nowMs: NOW_MS,
        upstream: upstreamOf(traffic),
      }).body;
    const before = call(first);
    expect(call(first)).toBe(before);
    const second = runTraffic(mesh.store, { seconds: 10, rps: 5, seed: 8 });
    expect(call(second)).not.toBe(before);
  });
});
