// The counters one proxy keeps per cluster and per host (Envoy's cluster stats tree and HostStats), and the
// primitives that charge them: a stream from a host's connection pool, an answer's response code.

import { LogLinearHistogram } from './log-linear-histogram.js';
import type { WorkloadRef } from '../traffic/hop.js';

/** One upstream host of one cluster, as /clusters prints it (Envoy's HostStats). */
export interface HostCounters {
  port: number;
  /** Outlier detection: the current runs of 5xx and of gateway errors, the ejection in force, ejections so far. */
  consecutive5xx: number;
  consecutiveGateway: number;
  ejectedUntilMs: number;
  ejections: number;
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
export const RQ_TOTAL = slot('upstream_rq_total');
const CX_TOTAL = slot('upstream_cx_total');
const CX_ACTIVE = slot('upstream_cx_active');
const CX_HTTP1 = slot('upstream_cx_http1_total');
const CX_HTTP2 = slot('upstream_cx_http2_total');
const RQ_PENDING = slot('upstream_rq_pending_total');
export const TX_BYTES = slot('upstream_cx_tx_bytes_total');
export const RX_BYTES = slot('upstream_cx_rx_bytes_total');

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
  /** When the last ejection in force ends (0: none ever). */
  ejectedUntilMs = 0;

  /** `keepsStats` false: the proxy's stats matcher rejects every stat of this cluster, so none is kept. */
  constructor(readonly keepsStats = true) {}

  add(stat: string, by = 1): void {
    if (!this.keepsStats) return;
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
        consecutive5xx: 0,
        consecutiveGateway: 0,
        ejectedUntilMs: 0,
        ejections: 0,
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

  /**
   * Envoy's /reset_counters: every counter back to zero, the gauges (open connections) and histograms as they are.
   * Every stat in `other`, the code maps and the hosts' totals are counters.
   */
  resetCounters(): void {
    for (let i = 0; i < this.hot.length; i++) if (i !== CX_ACTIVE) this.hot[i] = 0;
    this.other?.clear();
    this.codes.clear();
    this.retryCodes?.clear();
    for (const host of this.hosts.values()) {
      host.cx_connect_fail = host.cx_total = host.rq_error = host.rq_success = host.rq_timeout = host.rq_total = 0;
    }
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

  /** `keepsClusterStats` false: the proxy keeps its hosts' counters but no cluster stat (WorkloadRef.dropsClusterStats). */
  constructor(private readonly keepsClusterStats = true) {}

  /** When the last ejection in force in any cluster ends: until then, answers change with the clock. */
  ejectedUntilMs = 0;
  revision = ++lastRevision;

  touch(): void {
    this.revision = ++lastRevision;
  }

  /** Envoy's /reset_counters, for this proxy's upstream stats. */
  resetCounters(): void {
    for (const cluster of this.clusters.values()) cluster.resetCounters();
    this.touch();
  }

  cluster(name: string): ClusterCounters {
    let cluster = this.clusters.get(name);
    if (!cluster) this.clusters.set(name, (cluster = new ClusterCounters(this.keepsClusterStats)));
    return cluster;
  }
}

/**
 * A stream from the host's connection pool: a free connection if one is idle by the try's start (h2: the one
 * connection), else a new one, which the request waits for (upstream_rq_pending_total). Connections stay open, as
 * Istio's idle timeout is an hour.
 */
export function openStream(
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
  if (until.length === 0) {
    // A literal holds exactly one connection; a push onto an empty array would reserve room for 17. Most hosts never
    // need a second, and there is one per client proxy and upstream pod.
    host.busyFromMs = [startMs];
    host.busyUntilMs = [endMs];
  } else {
    from.push(startMs);
    until.push(endMs);
  }
  host.cx_total++;
  host.cx_active++;
  const hot = cluster.hot;
  hot[CX_TOTAL]!++;
  hot[CX_ACTIVE]!++;
  hot[multiplexed ? CX_HTTP2 : CX_HTTP1]!++;
  hot[RQ_PENDING]!++;
}

export function chargeCode(cluster: ClusterCounters, code: number): void {
  if (cluster.keepsStats) count(cluster.codes, code);
}

export function count(codes: Map<number, number>, code: number): void {
  codes.set(code, (codes.get(code) ?? 0) + 1);
}
