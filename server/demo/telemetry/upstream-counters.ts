// Envoy's per-cluster and per-host upstream stats, kept for every proxy as hops finish. The router and the connection
// pools charge them as envoyproxy/envoy does (source/common/router/router.cc, source/common/conn_pool/
// conn_pool_base.cc): each try takes a stream from the host's pool (rq_total, upstream_rq_total); a try that is
// retried counts as the host's rq_error and under retry.upstream_rq_<code>; only the final answer reaches
// upstream_rq_<code>, upstream_rq_<N>xx and upstream_rq_completed, and the host's rq_success or rq_error (5xx); a
// timed-out try counts rq_timeout. The admin's /clusters and /stats read these, so both agree with the hops.

import type { Attempt, Hop, ServiceRef, WorkloadRef } from '../traffic/hop.js';
import type { TargetPortOf } from './access-log-addresses.js';
import { LogLinearHistogram } from './log-linear-histogram.js';

/** One upstream host of one cluster, as /clusters prints it (Envoy's HostStats). */
export interface HostCounters {
  port: number;
  cx_connect_fail: number;
  cx_total: number;
  rq_error: number;
  rq_success: number;
  rq_timeout: number;
  rq_total: number;
  cx_active: number;
  rq_active: number;
  /**
   * The latest request each open connection carried, [from, until) in ms: HTTP/1.1 carries one request at a time. Hops
   * finish out of start order, so a request also fits on a connection before the request it last carried.
   */
  busyFromMs: number[];
  busyUntilMs: number[];
}

// The stats charged on nearly every request, in fixed slots: a hop should cost a few array writes, not map lookups.
const HOT = [
  'upstream_rq_total',
  'upstream_cx_total',
  'upstream_cx_active',
  'upstream_cx_http1_total',
  'upstream_cx_http2_total',
  'upstream_rq_pending_total',
  'upstream_cx_tx_bytes_total',
  'upstream_cx_rx_bytes_total',
] as const;
const HOT_INDEX = new Map<string, number>(HOT.map((name, i) => [name, i]));
const slot = (name: (typeof HOT)[number]) => HOT_INDEX.get(name)!;
const RQ_TOTAL = slot('upstream_rq_total');
const CX_TOTAL = slot('upstream_cx_total');
const CX_ACTIVE = slot('upstream_cx_active');
const CX_HTTP1 = slot('upstream_cx_http1_total');
const CX_HTTP2 = slot('upstream_cx_http2_total');
const RQ_PENDING = slot('upstream_rq_pending_total');
const TX_BYTES = slot('upstream_cx_tx_bytes_total');
const RX_BYTES = slot('upstream_cx_rx_bytes_total');

/** One cluster of one proxy: its counters and gauges by stat name (after `cluster.<name>.`), its hosts, its timing. */
export class ClusterCounters {
  readonly hot: number[] = HOT.map(() => 0);
  /** The rest of the cluster tree's counters that moved (retries, timeouts, resets, …), by name. */
  other: Map<string, number> | undefined;
  /** Final answers by HTTP code (upstream_rq_<code>), and answers that were retried (retry.upstream_rq_<code>). */
  readonly codes = new Map<number, number>();
  retryCodes: Map<number, number> | undefined;
  /** By address: a pod IP, a DNS name, a pipe; a cluster has one port, so the address alone names the host. */
  readonly hosts = new Map<string, HostCounters>();
  /** upstream_rq_time, created with the first answer. */
  rqTime: LogLinearHistogram | undefined;

  add(stat: string, by = 1): void {
    const slot = HOT_INDEX.get(stat);
    if (slot !== undefined) this.hot[slot]! += by;
    else (this.other ??= new Map()).set(stat, (this.other.get(stat) ?? 0) + by);
  }

  /** A stat by its name under cluster.<name>., 0 when it never moved. */
  get(stat: string, dynamic = this.dynamic()): number {
    const slot = HOT_INDEX.get(stat);
    if (slot !== undefined) return this.hot[slot]!;
    return dynamic.get(stat) ?? this.other?.get(stat) ?? 0;
  }

  /**
   * The response-code stats Envoy creates with their first charge (Http::CodeStats): upstream_rq_<code>,
   * upstream_rq_<N>xx and upstream_rq_completed for final answers, the same under retry. for retried ones.
   */
  dynamic(): Map<string, number> {
    const out = new Map<string, number>();
    const charge = (codes: Map<number, number> | undefined, prefix: string, completed: boolean) => {
      if (!codes) return;
      let total = 0;
      for (const [code, count] of codes) {
        const group = `${prefix}upstream_rq_${Math.floor(code / 100)}xx`;
        out.set(`${prefix}upstream_rq_${code}`, count);
        out.set(group, (out.get(group) ?? 0) + count);
        total += count;
      }
      if (completed && codes.size > 0) out.set('upstream_rq_completed', total);
    };
    charge(this.codes, '', true);
    charge(this.retryCodes, 'retry.', false);
    return out;
  }

  host(address: string, port: number): HostCounters {
    let host = this.hosts.get(address);
    if (!host) {
      host = {
        port,
        cx_connect_fail: 0,
        cx_total: 0,
        rq_error: 0,
        rq_success: 0,
        rq_timeout: 0,
        rq_total: 0,
        cx_active: 0,
        rq_active: 0,
        busyFromMs: [],
        busyUntilMs: [],
      };
      this.hosts.set(address, host);
    }
    return host;
  }

  /** The host a pod is behind; its port is looked up only the first time. */
  hostOf(ref: WorkloadRef, port: () => number): HostCounters {
    return this.hosts.get(ref.podIp) ?? this.host(ref.podIp, port());
  }
}

// Revisions are unique across proxies and meshes, so no two states of any counters share one.
let lastRevision = 0;

/** Everything one proxy has counted; `revision` moves with every hop it saw, so answers can be reused until then. */
export class ProxyUpstreamCounters {
  readonly clusters = new Map<string, ClusterCounters>();
  revision = ++lastRevision;

  touch(): void {
    this.revision = ++lastRevision;
  }

  cluster(name: string): ClusterCounters {
    let cluster = this.clusters.get(name);
    if (!cluster) this.clusters.set(name, (cluster = new ClusterCounters()));
    return cluster;
  }
}

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
    // A fault filter's abort answers before the router picks a cluster: no cluster stat moves.
    const routed = hop.upstreamCluster !== '-' && hop.upstreamCluster !== '' && !hop.responseFlags.includes('FI');
    if (hop.source?.hasSidecar && routed) this.recordClient(this.proxyOf(hop.source), hop);
    // The server's sidecar forwards each try to its app through the inbound cluster of the app's port.
    for (const attempt of hop.attempts) {
      const server = attempt.destination;
      if (server.hasSidecar && !server.isGateway) this.recordServer(hop, attempt);
    }
  }

  private proxyOf(ref: WorkloadRef): ProxyUpstreamCounters {
    let proxy = this.byRef.get(ref);
    if (!proxy) {
      const key = `${ref.namespace}/${ref.pod}`;
      proxy = this.byPod.get(key);
      if (!proxy) this.byPod.set(key, (proxy = new ProxyUpstreamCounters()));
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
        if (!last) {
          cluster.add('upstream_rq_per_try_timeout');
          continue;
        }
        cluster.add('upstream_rq_timeout');
        chargeCode(cluster, hop.responseCode || 504);
        continue;
      }
      if (!last) {
        host.rq_error++;
        count((cluster.retryCodes ??= new Map()), attempt.responseCode);
        continue;
      }
      this.recordAnswer(cluster, host, hop.responseCode, hop.grpcStatus, hop.durationMs, hop.startMs + hop.durationMs);
      if (attempts.length > 1 && hop.responseCode < 500) cluster.add('upstream_rq_retry_success');
    }
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
    (cluster.rqTime ??= new LogLinearHistogram()).record(Math.floor(durationMs), endMs);
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

/**
 * A stream from the host's connection pool: a free connection if one is idle by the try's start (h2: the one
 * connection), else a new one, which the request waits for (upstream_rq_pending_total). Connections stay open, as
 * Istio's idle timeout is an hour.
 */
function openStream(
  cluster: ClusterCounters,
  host: HostCounters,
  attempt: { startMs: number; durationMs: number },
  multiplexed: boolean,
): void {
  host.rq_total++;
  cluster.hot[RQ_TOTAL]!++;
  const startMs = attempt.startMs;
  const endMs = startMs + attempt.durationMs;
  const from = host.busyFromMs;
  const until = host.busyUntilMs;
  for (let c = 0; c < until.length; c++) {
    if (multiplexed || until[c]! <= startMs) {
      from[c] = Math.max(from[c]!, startMs);
      until[c] = Math.max(until[c]!, endMs);
      return;
    }
    if (endMs <= from[c]!) return; // an earlier request, done before the one it last carried began
  }
  from.push(startMs);
  until.push(endMs);
  host.cx_total++;
  host.cx_active++;
  const hot = cluster.hot;
  hot[CX_TOTAL]!++;
  hot[CX_ACTIVE]!++;
  hot[multiplexed ? CX_HTTP2 : CX_HTTP1]!++;
  hot[RQ_PENDING]!++;
}

function chargeCode(cluster: ClusterCounters, code: number): void {
  count(cluster.codes, code);
}

function count(codes: Map<number, number>, code: number): void {
  codes.set(code, (codes.get(code) ?? 0) + 1);
}
