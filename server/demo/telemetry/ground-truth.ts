import type { Hop, WorkloadRef } from '../traffic/hop.js';
import { hopFailed } from '../traffic/hop-failed.js';

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

interface Slot {
  second: number;
  requests: number;
  errors: number;
  http4xx: number;
  mtls: number;
  latencySum: number;
  latencies: number[]; // capped sample, for quantiles
  codes: Map<string, number>;
}

interface EdgeHistory {
  source: TruthEndpoint | null;
  destination: TruthEndpoint | null;
  service: string;
  protocol: string;
  slots: Slot[]; // oldest first, one per second with traffic
}

// Latencies kept per edge per second; above this, a uniform sample (quantiles stay unbiased).
const LATENCY_SAMPLES_PER_SLOT = 256;

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

  constructor(private readonly retentionSeconds = 600) {}

  record(hop: Hop): void {
    if (hop.mirrored) return; // shadow traffic is not a request anyone made
    const last = hop.attempts[hop.attempts.length - 1];
    const src = hop.source;
    const dst = last?.destination;
    const key = `${src ? `${src.namespace}/${src.workload}` : '-'}>${dst ? `${dst.namespace}/${dst.workload}` : '-'}>${hop.service.host}>${hop.protocol}`;
    let edge = this.edges.get(key);
    if (!edge) {
      edge = {
        source: endpoint(src),
        destination: endpoint(dst),
        service: hop.service.host,
        protocol: hop.protocol,
        slots: [],
      };
      this.edges.set(key, edge);
    }
    const endMs = hop.startMs + hop.durationMs;
    const second = Math.floor(endMs / 1000);
    const slot = slotFor(edge, second, this.retentionSeconds);
    slot.requests++;
    if (hopFailed(hop)) slot.errors++;
    if (hop.responseCode >= 400 && hop.responseCode < 500) slot.http4xx++;
    if (hop.mtls) slot.mtls++;
    slot.latencySum += hop.durationMs;
    const code = hop.protocol === 'tcp' ? '-' : String(hop.responseCode);
    slot.codes.set(code, (slot.codes.get(code) ?? 0) + 1);
    if (slot.latencies.length < LATENCY_SAMPLES_PER_SLOT) slot.latencies.push(hop.durationMs);
    else {
      const j = (this.sampleCounter = (this.sampleCounter * 1103515245 + 12345) >>> 0) % slot.requests;
      if (j < LATENCY_SAMPLES_PER_SLOT) slot.latencies[j] = hop.durationMs;
    }
  }

  /** The true edges over (endMs - windowMs, endMs]. */
  edgesOver(windowMs: number, endMs: number): TruthEdge[] {
    const fromSecond = Math.floor((endMs - windowMs) / 1000);
    const toSecond = Math.floor(endMs / 1000);
    const out: TruthEdge[] = [];
    for (const edge of this.edges.values()) {
      let requests = 0;
      let errors = 0;
      let http4xx = 0;
      let mtls = 0;
      let latencySum = 0;
      const latencies: number[] = [];
      const codes: Record<string, number> = {};
      for (const slot of edge.slots) {
        if (slot.second < fromSecond || slot.second >= toSecond) continue;
        requests += slot.requests;
        errors += slot.errors;
        http4xx += slot.http4xx;
        mtls += slot.mtls;
        latencySum += slot.latencySum;
        for (const l of slot.latencies) latencies.push(l);
        for (const [code, n] of slot.codes) codes[code] = (codes[code] ?? 0) + n;
      }
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

/**
 * The slot of one second, created in order. Hops arrive nearly in end order (all those of one tick together), so the
 * search from the newest slot backwards is short.
 */
function slotFor(edge: EdgeHistory, second: number, retentionSeconds: number): Slot {
  const slots = edge.slots;
  let i = slots.length - 1;
  while (i >= 0 && slots[i]!.second > second) i--;
  if (i >= 0 && slots[i]!.second === second) return slots[i]!;
  const slot: Slot = {
    second,
    requests: 0,
    errors: 0,
    http4xx: 0,
    mtls: 0,
    latencySum: 0,
    latencies: [],
    codes: new Map(),
  };
  slots.splice(i + 1, 0, slot);
  let expired = 0;
  while (expired < slots.length && slots[expired]!.second < second - retentionSeconds) expired++;
  if (expired > 0) slots.splice(0, expired);
  return slot;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}
