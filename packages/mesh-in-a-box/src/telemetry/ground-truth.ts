import type { Hop, WorkloadRef } from '../traffic/hop.js';
import { hopFailed } from '../traffic/hop-failed.js';
import { EdgeSeconds, type SecondTotals } from './edge-seconds.js';

/** One side of a true edge: a workload, or null for a client outside the mesh / a request that reached nothing. */
export interface TruthEndpoint {
  namespace: string;
  workload: string;
  app: string;
  version: string;
}

export interface TruthEdge {
  source: TruthEndpoint | null;
  destination: TruthEndpoint | null;
  service: string; // destination service host
  protocol: string;
  requests: number;
  rps: number;
  errors: number; // 5xx, no response (0), gRPC status ≠ 0, TCP connections with a failure flag
  errorRatio: number;
  http4xx: number;
  mtlsRatio: number;
  latencyMs: { p50: number; p95: number; p99: number; mean: number } | null;
  responseCodes: Record<string, number>;
}

interface EdgeHistory {
  source: TruthEndpoint | null;
  destination: TruthEndpoint | null;
  service: string;
  protocol: string;
  seconds: EdgeSeconds;
}

const SWEEP_EVERY_SECONDS = 10;
// The key of the side a hop lacks (an outside client, or no server reached), for the weak maps of refs.
const NO_WORKLOAD = {};

const endpoint = (ref: WorkloadRef | undefined): TruthEndpoint | null =>
  ref ? { namespace: ref.namespace, workload: ref.workload, app: ref.app, version: ref.version } : null;

/**
 * What really happened, for tests to compare the console's numbers with: every request by the workload that sent
 * it and the workload that finally answered it, counted when it finished (as Envoy's counters are), with the
 * latency the caller saw. Kept for `retentionSeconds`.
 */
export class GroundTruth {
  private readonly edges = new Map<string, EdgeHistory>();
  private sampleCounter = 0;
  // A fixed LCG, so the latency sample of a run is the same every time.
  private readonly random = () => (this.sampleCounter = (this.sampleCounter * 1103515245 + 12345) >>> 0) / 2 ** 32;
  private sweptSecond = 0;
  // Edges by the identity of the refs of a hop (shared by every hop of a pod until the mesh index is rebuilt), so a
  // hop finds its edge without building and hashing its key string; `edges` stays the one keyed home. A pair of pods
  // nearly always meets through one service and protocol, so their few edges are a list, not two more maps.
  private fast = new WeakMap<object, WeakMap<object, EdgeHistory[]>>();

  constructor(private readonly retentionSeconds = 600) {}

  record(hop: Hop): void {
    if (hop.mirrored) return; // shadow traffic is not a request anyone made
    const last = hop.attempts[hop.attempts.length - 1];
    const src = hop.source;
    const dst = last?.destination;
    let byDestination = this.fast.get(src ?? NO_WORKLOAD);
    if (!byDestination) this.fast.set(src ?? NO_WORKLOAD, (byDestination = new WeakMap()));
    let edges = byDestination.get(dst ?? NO_WORKLOAD);
    if (!edges) byDestination.set(dst ?? NO_WORKLOAD, (edges = []));
    let edge: EdgeHistory | undefined;
    for (const e of edges) if (e.service === hop.service.host && e.protocol === hop.protocol) edge = e;
    if (!edge) edges.push((edge = this.edgeOf(hop, src, dst)));
    const endMs = hop.startMs + hop.durationMs;
    const second = Math.floor(endMs / 1000);
    edge.seconds.add(
      second,
      {
        failed: hopFailed(hop),
        http4xx: hop.responseCode >= 400 && hop.responseCode < 500,
        mtls: hop.mtls,
        latencyMs: hop.durationMs,
        code: hop.protocol === 'tcp' ? '-' : hop.responseCode,
      },
      this.random,
    );
    if (second - this.sweptSecond >= SWEEP_EVERY_SECONDS) this.sweep(second);
  }

  private edgeOf(hop: Hop, src: WorkloadRef | undefined, dst: WorkloadRef | undefined): EdgeHistory {
    const key = `${src ? `${src.namespace}/${src.workload}` : '-'}>${dst ? `${dst.namespace}/${dst.workload}` : '-'}>${hop.service.host}>${hop.protocol}`;
    let edge = this.edges.get(key);
    if (!edge) {
      edge = {
        source: endpoint(src),
        destination: endpoint(dst),
        service: hop.service.host,
        protocol: hop.protocol,
        seconds: new EdgeSeconds(this.retentionSeconds),
      };
      this.edges.set(key, edge);
    }
    return edge;
  }

  // An edge that went quiet (a pod deleted, a route changed) would keep its last slots forever: drop what expired.
  private sweep(second: number): void {
    this.sweptSecond = second;
    for (const [key, edge] of this.edges) {
      if (edge.seconds.newestSecond >= second - this.retentionSeconds) continue;
      this.edges.delete(key);
      this.fast = new WeakMap(); // it may still point at the dropped edge
    }
  }

  /** The true edges over (endMs - windowMs, endMs]. */
  edgesOver(windowMs: number, endMs: number): TruthEdge[] {
    const fromSecond = Math.floor((endMs - windowMs) / 1000);
    const toSecond = Math.floor(endMs / 1000);
    const out: TruthEdge[] = [];
    for (const edge of this.edges.values()) {
      const totals: SecondTotals = {
        requests: 0,
        errors: 0,
        http4xx: 0,
        mtls: 0,
        latencySum: 0,
        latencies: [],
        codes: {},
      };
      edge.seconds.sum(fromSecond, toSecond, totals);
      const { requests, errors, http4xx, mtls, latencySum, latencies, codes } = totals;
      if (requests === 0) continue;
      latencies.sort((a, b) => a - b);
      out.push({
        source: edge.source,
        destination: edge.destination,
        service: edge.service,
        protocol: edge.protocol,
        requests,
        rps: requests / (toSecond - fromSecond || 1),
        errors,
        errorRatio: errors / requests,
        http4xx,
        mtlsRatio: mtls / requests,
        latencyMs:
          edge.protocol === 'tcp'
            ? null
            : {
                p50: quantile(latencies, 0.5),
                p95: quantile(latencies, 0.95),
                p99: quantile(latencies, 0.99),
                mean: latencySum / requests,
              },
        responseCodes: codes,
      });
    }
    return out;
  }
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}
