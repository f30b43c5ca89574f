import { describe, expect, it } from 'vitest';
import { GR } from '../../../src/store/resource-types.js';
import { envoyAdmin } from '../../../src/envoy/index.js';
import { NOW_MS, STARTED_AT_MS, type Json } from './admin-call.js';
import { adminOf, canary, fromPod, hostStats, statsOf, V1, V2, withOutboundStats } from './admin-traffic.js';
import { runTraffic, type MeshTraffic } from './mesh-traffic.js';
import { sentimentMesh } from './sentiment-mesh.js';

// Retries, timeouts and outlier ejections as the caller's proxy counts them (envoyproxy/envoy
// source/common/router/router.cc, source/common/upstream/outlier_detection_impl.cc), checked against the hops.

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

describe('POST /reset_counters', () => {
  // Envoy's AdminImpl::handlerResetCounters (source/server/admin/admin.cc) sets every counter to zero; gauges such as
  // a host's open connections (cx_active) keep their value, and the stats still exist.
  it('zeroes the proxy’s request counters and keeps its open connections', () => {
    const mesh = sentimentMesh({ withEndpoints: true });
    canary(mesh);
    const webapp = withOutboundStats(mesh, mesh.webapp);
    const traffic = runTraffic(mesh.store, { seconds: 20, rps: 5 });
    const upstream = traffic.upstream.proxy(webapp.metadata.namespace!, webapp.metadata.name);
    const call = (path: string, method = 'GET') =>
      envoyAdmin({ store: mesh.store, pod: webapp, path, method, startedAtMs: STARTED_AT_MS, nowMs: NOW_MS, upstream });
    const host = `${mesh.logicV2.status.podIP}:5000`;
    const before = hostStats(call('/clusters').body, V2);
    expect(Number(before[`${host}::rq_total`])).toBeGreaterThan(0);

    expect(call('/reset_counters', 'POST').body).toBe('OK\n');

    const after = hostStats(call('/clusters').body, V2);
    expect(after[`${host}::rq_total`]).toBe('0');
    expect(after[`${host}::rq_error`]).toBe('0');
    expect(after[`${host}::cx_active`]).toBe(before[`${host}::cx_active`]);
    const stats = statsOf(call('/stats').body);
    expect(stats[`cluster.${V2}.upstream_rq_total`]).toBe('0');
    expect(stats[`cluster.${V2}.upstream_rq_500`]).toBeUndefined(); // a dynamic stat, created again by its next charge
  });
});
