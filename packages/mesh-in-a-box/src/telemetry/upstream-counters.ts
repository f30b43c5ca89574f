// Envoy's per-cluster and per-host upstream stats, kept for every proxy as hops finish. The router and the connection
// pools charge them as envoyproxy/envoy does (source/common/router/router.cc, source/common/conn_pool/
// conn_pool_base.cc): each try takes a stream from the host's pool (rq_total, upstream_rq_total); a try that is
// retried counts as the host's rq_error and under retry.upstream_rq_<code>; only the final answer reaches
// upstream_rq_<code>, upstream_rq_<N>xx and upstream_rq_completed, and the host's rq_success or rq_error (5xx); a
// timed-out try counts rq_timeout. The admin's /clusters and /stats read these, so both agree with the hops.

import type { Attempt, Hop, ServiceRef, WorkloadRef } from '../traffic/hop.js';
import type { OutlierPolicy } from '../traffic/outlier-policy.js';
import type { TargetPortOf } from './access-log-addresses.js';
import { LogLinearHistogram } from './log-linear-histogram.js';
import {
  chargeCode,
  ClusterCounters,
  count,
  openStream,
  ProxyUpstreamCounters,
  RX_BYTES,
  TX_BYTES,
  type HostCounters,
} from './cluster-counters.js';

interface Inbound {
  proxy: ProxyUpstreamCounters;
  cluster: ClusterCounters;
  host: HostCounters;
}

// gRPC statuses Envoy maps to a 5xx for the host's success count (Grpc::Utility::grpcToHttpStatus): UNKNOWN, INTERNAL,
// DATA_LOSS → 500, UNIMPLEMENTED → 501, UNAVAILABLE → 503, DEADLINE_EXCEEDED → 504.
const GRPC_5XX = new Set([2, 4, 12, 13, 14, 15]);

/** The counters of every proxy of the mesh, fed by finished hops (a HopSink). */
export class UpstreamCounters {
  private readonly byPod = new Map<string, ProxyUpstreamCounters>();
  private byRef = new WeakMap<WorkloadRef, ProxyUpstreamCounters>();
  // The server side's inbound cluster and host by (service, server pod): both refs are shared by many hops.
  private inbound = new WeakMap<ServiceRef, WeakMap<WorkloadRef, Inbound>>();

  constructor(private readonly targetPortOf: TargetPortOf) {}

  /** The counters of one pod's proxy (namespace/name), undefined until it has proxied a request. */
  proxy(namespace: string, pod: string): ProxyUpstreamCounters | undefined {
    return this.byPod.get(`${namespace}/${pod}`);
  }

  forgetPod(namespace: string, pod: string): void {
    this.byPod.delete(`${namespace}/${pod}`);
    this.byRef = new WeakMap(); // they may still point at the dropped counters
    this.inbound = new WeakMap();
  }

  record(hop: Hop): void {
    // A fault filter's abort, or the gateway's own jwt_authn/RBAC refusal, answers before the router sends anything
    // upstream: no cluster stat moves.
    const routed =
      hop.upstreamCluster !== '-' &&
      hop.upstreamCluster !== '' &&
      !hop.responseFlags.includes('FI') &&
      hop.localReply === undefined;
    if (hop.source?.hasSidecar && routed) this.recordClient(this.proxyOf(hop.source), hop);
    // The server's sidecar forwards each try to its app through the inbound cluster of the app's port.
    for (const attempt of hop.attempts) {
      const server = attempt.destination;
      // A request the sidecar refused itself (jwt_authn, RBAC) never reached its inbound cluster.
      if (server.hasSidecar && !server.isGateway && !attempt.localReply) this.recordServer(hop, attempt);
    }
  }

  private proxyOf(ref: WorkloadRef): ProxyUpstreamCounters {
    let proxy = this.byRef.get(ref);
    if (!proxy) {
      const key = `${ref.namespace}/${ref.pod}`;
      proxy = this.byPod.get(key);
      if (!proxy) this.byPod.set(key, (proxy = new ProxyUpstreamCounters(!ref.dropsClusterStats)));
      this.byRef.set(ref, proxy);
    }
    return proxy;
  }

  private recordClient(proxy: ProxyUpstreamCounters, hop: Hop): void {
    proxy.touch();
    const cluster = proxy.cluster(hop.upstreamCluster);
    const attempts = hop.attempts;
    if (hop.protocol === 'tcp') return this.recordConnection(cluster, hop, attempts[attempts.length - 1]);
    if (attempts.length === 0) return this.recordWithoutTry(cluster, hop);
    const multiplexed = hop.protocol === 'grpc';
    for (let i = 0; i < attempts.length; i++) {
      const attempt = attempts[i]!;
      const last = i === attempts.length - 1;
      const host = cluster.hostOf(attempt.destination, () => this.targetPortOf(hop.service, attempt.destination));
      if (i > 0) {
        cluster.add('upstream_rq_retry');
        cluster.add('upstream_rq_retry_backoff_exponential');
      }
      openStream(cluster, host, attempt, multiplexed);
      cluster.hot[TX_BYTES]! += attempt.requestBytes;
      cluster.hot[RX_BYTES]! += attempt.responseBytes;
      if (attempt.responseCode === 0 && attempt.responseFlags === 'DC') {
        // The caller's proxy gave up on this try: a per-try timeout when it tried again, else the route's timeout,
        // answered 504 (chargeUpstreamAbort).
        host.rq_timeout++;
        host.rq_error++;
        // A timeout is a local-origin failure, which outlier detection counts as a gateway error (504).
        this.outlierResult(proxy, cluster, host, hop.outlierDetection, 504, attempt.startMs + attempt.durationMs);
        if (!last) {
          cluster.add('upstream_rq_per_try_timeout');
          continue;
        }
        cluster.add('upstream_rq_timeout');
        chargeCode(cluster, hop.responseCode || 504);
        continue;
      }
      this.outlierResult(
        proxy,
        cluster,
        host,
        hop.outlierDetection,
        attempt.responseCode,
        attempt.startMs + attempt.durationMs,
      );
      if (!last) {
        host.rq_error++;
        if (cluster.keepsStats) count((cluster.retryCodes ??= new Map()), attempt.responseCode);
        continue;
      }
      this.recordAnswer(cluster, host, hop.responseCode, hop.grpcStatus, hop.durationMs, hop.startMs + hop.durationMs);
      if (attempts.length > 1 && hop.responseCode < 500) cluster.add('upstream_rq_retry_success');
    }
  }

  /**
   * Envoy's consecutive-errors outlier detection (source/common/upstream/outlier_detection_impl.cc): a 5xx extends the
   * host's run of 5xx, a 502/503/504 also its run of gateway errors, anything else ends both; a run that reaches the
   * threshold is detected, and enforced unless the hosts already ejected reach max_ejection_percent
   * (ejections_overflow). An ejection lasts base_ejection_time times the host's ejections so far, at most 300 s (Envoy
   * lets it go at the next interval tick after that; here at that moment).
   */
  private outlierResult(
    proxy: ProxyUpstreamCounters,
    cluster: ClusterCounters,
    host: HostCounters,
    policy: OutlierPolicy | undefined,
    code: number,
    atMs: number,
  ): void {
    if (!policy) return;
    if (code < 500) {
      host.consecutive5xx = 0;
      host.consecutiveGateway = 0;
      return;
    }
    host.consecutive5xx++;
    host.consecutiveGateway = code >= 502 && code <= 504 ? host.consecutiveGateway + 1 : 0;
    let kind: 'consecutive_5xx' | 'consecutive_gateway_failure';
    if (policy.consecutive5xx !== undefined && host.consecutive5xx >= policy.consecutive5xx) kind = 'consecutive_5xx';
    else if (
      policy.consecutiveGatewayErrors !== undefined &&
      host.consecutiveGateway >= policy.consecutiveGatewayErrors
    )
      kind = 'consecutive_gateway_failure';
    else return;
    host.consecutive5xx = 0;
    host.consecutiveGateway = 0;
    if (host.ejectedUntilMs > atMs) return; // already out: a late answer of a request sent before
    cluster.add(`outlier_detection.ejections_detected_${kind}`);
    if (kind === 'consecutive_5xx') cluster.add('outlier_detection.ejections_consecutive_5xx');
    let active = 0;
    for (const other of cluster.hosts.values()) if (other.ejectedUntilMs > atMs) active++;
    // DetectorImpl::ejectHost weighs the hosts already ejected, not counting this one: the first always may go.
    if ((100 * active) / Math.max(policy.hosts, cluster.hosts.size) >= policy.maxEjectionPercent) {
      cluster.add('outlier_detection.ejections_overflow');
      return;
    }
    if (kind === 'consecutive_5xx') cluster.add('outlier_detection.ejections_total');
    host.ejections++;
    host.ejectedUntilMs = atMs + Math.min(policy.baseEjectionMs * host.ejections, policy.maxEjectionMs);
    cluster.ejectedUntilMs = Math.max(cluster.ejectedUntilMs, host.ejectedUntilMs);
    proxy.ejectedUntilMs = Math.max(proxy.ejectedUntilMs, host.ejectedUntilMs);
    cluster.add(`outlier_detection.ejections_enforced_${kind}`);
    cluster.add('outlier_detection.ejections_enforced_total');
  }

  /** The pod IPs a proxy's outlier detection keeps out of one of its clusters at a time (the traffic model asks). */
  ejected(proxyRef: WorkloadRef, clusterName: string, atMs: number): ReadonlySet<string> | undefined {
    const proxy = this.byRef.get(proxyRef) ?? this.byPod.get(`${proxyRef.namespace}/${proxyRef.pod}`);
    const cluster = proxy?.clusters.get(clusterName);
    if (!cluster || cluster.ejectedUntilMs <= atMs) return undefined;
    const out = new Set<string>();
    for (const [address, host] of cluster.hosts) if (host.ejectedUntilMs > atMs) out.add(address);
    return out;
  }

  /** No try reached a proxy of the mesh: no healthy host, a reset, or a host outside the mesh (ServiceEntry). */
  private recordWithoutTry(cluster: ClusterCounters, hop: Hop): void {
    if (hop.responseFlags.includes('UH')) cluster.add('upstream_cx_none_healthy');
    if (hop.responseCodeDetails !== 'via_upstream' || hop.responseCode === 0) {
      if (hop.responseCode > 0) chargeCode(cluster, hop.responseCode);
      return;
    }
    // A DNS cluster's host is the name Envoy resolves, as /clusters lists it.
    const host = cluster.host(hop.service.host, hop.service.port);
    const endMs = hop.startMs + hop.durationMs;
    openStream(cluster, host, { startMs: hop.startMs, durationMs: hop.durationMs }, false);
    cluster.add('upstream_cx_tx_bytes_total', hop.requestBytes);
    cluster.add('upstream_cx_rx_bytes_total', hop.responseBytes);
    this.recordAnswer(cluster, host, hop.responseCode, hop.grpcStatus, hop.durationMs, endMs);
  }

  private recordServer(hop: Hop, attempt: Attempt): void {
    const { proxy, cluster, host } = this.inboundOf(hop.service, attempt.destination);
    proxy.touch();
    if (hop.protocol === 'tcp') return this.recordConnection(cluster, hop, attempt);
    openStream(cluster, host, attempt, hop.protocol === 'grpc');
    cluster.hot[TX_BYTES]! += attempt.requestBytes;
    cluster.hot[RX_BYTES]! += attempt.responseBytes;
    if (attempt.responseCode === 0) {
      // The client went away before the app answered: the sidecar resets its request to the app.
      cluster.add('upstream_rq_tx_reset');
      host.rq_error++;
      return;
    }
    const endMs = attempt.startMs + attempt.durationMs;
    this.recordAnswer(cluster, host, attempt.responseCode, attempt.grpcStatus, attempt.durationMs, endMs);
  }

  private inboundOf(service: ServiceRef, server: WorkloadRef): Inbound {
    let byServer = this.inbound.get(service);
    if (!byServer) this.inbound.set(service, (byServer = new WeakMap()));
    let found = byServer.get(server);
    if (!found) {
      const proxy = this.proxyOf(server);
      const port = this.targetPortOf(service, server);
      const cluster = proxy.cluster(`inbound|${port}||`);
      found = { proxy, cluster, host: cluster.hostOf(server, () => port) };
      byServer.set(server, found);
    }
    return found;
  }

  /** The final answer of a request: its code stats, the host's success or error, the request time. */
  private recordAnswer(
    cluster: ClusterCounters,
    host: HostCounters,
    code: number,
    grpcStatus: number | undefined,
    durationMs: number,
    endMs: number,
  ): void {
    chargeCode(cluster, code);
    if (code >= 500 || (grpcStatus !== undefined && GRPC_5XX.has(grpcStatus))) host.rq_error++;
    else host.rq_success++;
    if (cluster.keepsStats) (cluster.rqTime ??= new LogLinearHistogram()).record(Math.floor(durationMs), endMs);
  }

  /** A TCP proxy connection: one pool stream on a connection of its own, closed when the hop ends. */
  private recordConnection(cluster: ClusterCounters, hop: Hop, attempt: Attempt | undefined): void {
    if (!attempt) {
      if (hop.responseFlags.includes('UH')) cluster.add('upstream_cx_none_healthy');
      else if (hop.responseFlags.includes('UF')) cluster.add('upstream_cx_connect_fail');
      return;
    }
    const host = cluster.hostOf(attempt.destination, () => this.targetPortOf(hop.service, attempt.destination));
    host.cx_total++;
    host.rq_total++;
    cluster.add('upstream_cx_total');
    cluster.add('upstream_rq_total');
    cluster.add('upstream_cx_destroy');
    cluster.add('upstream_cx_destroy_remote');
    cluster.add('upstream_cx_tx_bytes_total', hop.requestBytes);
    cluster.add('upstream_cx_rx_bytes_total', hop.responseBytes);
  }
}
