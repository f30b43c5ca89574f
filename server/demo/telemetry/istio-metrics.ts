import type { Hop, WorkloadRef } from '../traffic/hop.js';

// Envoy's default histogram bounds, which every Istio histogram uses unless a pod overrides them.
export const ISTIO_BUCKETS = [
  0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000,
];
const BUCKET_LABELS = [...ISTIO_BUCKETS.map((b) => String(b)), '+Inf'];

interface Histogram {
  counts: Float64Array; // per bucket, not cumulative; last slot is +Inf
  sum: number;
  count: number;
}

interface HttpSeries {
  labels: string; // rendered, without braces
  requests: number;
  duration: Histogram;
  requestBytes: Histogram;
  responseBytes: Histogram;
}

interface TcpSeries {
  labels: string;
  sentBytes: number;
  receivedBytes: number;
  opened: number;
  closed: number;
}

const newHistogram = (): Histogram => ({ counts: new Float64Array(ISTIO_BUCKETS.length + 1), sum: 0, count: 0 });

function observe(h: Histogram, value: number): void {
  let i = 0;
  while (i < ISTIO_BUCKETS.length && value > ISTIO_BUCKETS[i]!) i++;
  h.counts[i]!++;
  h.sum += value;
  h.count++;
}

const UNKNOWN_PEER = {
  workload: 'unknown',
  namespace: 'unknown',
  principal: 'unknown',
  app: 'unknown',
  version: 'unknown',
  canonicalService: 'unknown',
  canonicalRevision: 'latest',
  cluster: 'unknown',
};

function peer(ref: WorkloadRef | undefined, mtls: boolean) {
  if (!ref) return UNKNOWN_PEER;
  return {
    workload: ref.workload,
    namespace: ref.namespace,
    // Identities are known from the certificates, so only on mutual TLS connections.
    principal: mtls ? `spiffe://cluster.local/ns/${ref.namespace}/sa/${ref.serviceAccount}` : 'unknown',
    app: ref.app,
    version: ref.version,
    canonicalService: ref.canonicalService,
    canonicalRevision: ref.canonicalRevision,
    cluster: ref.cluster,
  };
}

const esc = (v: string) =>
  /["\\\n]/.test(v) ? v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') : v;

/**
 * Istio's standard metrics as each proxy of the mesh would expose them, fed by finished hops. Each series belongs to
 * the pod whose proxy reports it, so a pod's own /stats/prometheus can be served and its series dropped when it goes.
 * The aggregate exposition adds `namespace` and `pod`, as the usual Kubernetes scrape job would.
 */
export class IstioMetrics {
  private readonly http = new Map<string, HttpSeries>();
  private readonly tcp = new Map<string, TcpSeries>();
  private readonly byPod = new Map<string, Set<string>>(); // pod key → series keys (both maps)

  record(hop: Hop): void {
    const last = hop.attempts[hop.attempts.length - 1];
    // Client side: the caller's proxy reports once per request, with what the caller finally got.
    if (hop.source?.hasSidecar) {
      const src = peer(hop.source, hop.mtls);
      const dst = peer(last?.destination, hop.mtls);
      this.add(hop.source, 'source', src, dst, hop, {
        code: hop.responseCode,
        grpcStatus: hop.grpcStatus,
        flags: hop.responseFlags,
        security: 'unknown', // the client cannot know what the server enforced
        durationMs: hop.durationMs,
        requestBytes: hop.requestBytes,
        responseBytes: hop.responseBytes,
      });
    }
    // Server side: one report per attempt that reached a sidecar. Peer metadata only arrives from another sidecar.
    for (const attempt of hop.attempts) {
      const server = attempt.destination;
      if (!server.hasSidecar || server.isGateway) continue;
      const src = hop.source?.hasSidecar ? peer(hop.source, hop.mtls) : UNKNOWN_PEER;
      this.add(server, 'destination', src, peer(server, hop.mtls), hop, {
        code: attempt.responseCode,
        grpcStatus: attempt.grpcStatus,
        flags: attempt.responseFlags,
        security: hop.mtls ? 'mutual_tls' : 'none',
        durationMs: attempt.durationMs,
        requestBytes: attempt.requestBytes,
        responseBytes: attempt.responseBytes,
      });
    }
  }

  /** Drops the series of a pod that is gone; Prometheus marks them stale at its next scrape. */
  forgetPod(namespace: string, pod: string): void {
    const podKey = `${namespace}/${pod}`;
    for (const key of this.byPod.get(podKey) ?? []) {
      this.http.delete(key);
      this.tcp.delete(key);
    }
    this.byPod.delete(podKey);
  }

  get seriesCount(): number {
    return this.http.size + this.tcp.size;
  }

  /** The text exposition of every proxy's metrics, or of one pod's (namespace/name). */
  render(onlyPod?: string): string {
    const keys = onlyPod ? this.byPod.get(onlyPod) : undefined;
    if (onlyPod && !keys) return '';
    const http = keys ? [...keys].flatMap((k) => this.http.get(k) ?? []) : [...this.http.values()];
    const tcp = keys ? [...keys].flatMap((k) => this.tcp.get(k) ?? []) : [...this.tcp.values()];
    const out: string[] = [];
    out.push('# TYPE istio_requests_total counter');
    for (const s of http) out.push(`istio_requests_total{${s.labels}} ${s.requests}`);
    renderHistogram(out, 'istio_request_duration_milliseconds', http, (s) => s.duration);
    renderHistogram(out, 'istio_request_bytes', http, (s) => s.requestBytes);
    renderHistogram(out, 'istio_response_bytes', http, (s) => s.responseBytes);
    const counters: [string, (s: TcpSeries) => number][] = [
      ['istio_tcp_sent_bytes_total', (s) => s.sentBytes],
      ['istio_tcp_received_bytes_total', (s) => s.receivedBytes],
      ['istio_tcp_connections_opened_total', (s) => s.opened],
      ['istio_tcp_connections_closed_total', (s) => s.closed],
    ];
    for (const [name, value] of counters) {
      out.push(`# TYPE ${name} counter`);
      for (const s of tcp) out.push(`${name}{${s.labels}} ${value(s)}`);
    }
    out.push('');
    return out.join('\n');
  }

  private add(
    reporterPod: WorkloadRef,
    reporter: 'source' | 'destination',
    src: ReturnType<typeof peer>,
    dst: ReturnType<typeof peer>,
    hop: Hop,
    m: {
      code: number;
      grpcStatus?: number;
      flags: string;
      security: string;
      durationMs: number;
      requestBytes: number;
      responseBytes: number;
    },
  ): void {
    const svc = hop.service;
    const common =
      `reporter="${reporter}",source_workload="${esc(src.workload)}",source_canonical_service="${esc(src.canonicalService)}",` +
      `source_canonical_revision="${esc(src.canonicalRevision)}",source_workload_namespace="${src.namespace}",` +
      `source_principal="${src.principal}",source_app="${esc(src.app)}",source_version="${esc(src.version)}",` +
      `source_cluster="${src.cluster}",destination_workload="${esc(dst.workload)}",` +
      `destination_workload_namespace="${dst.namespace}",destination_principal="${dst.principal}",` +
      `destination_app="${esc(dst.app)}",destination_version="${esc(dst.version)}",destination_service="${esc(svc.host)}",` +
      `destination_canonical_service="${esc(dst.canonicalService)}",destination_canonical_revision="${esc(dst.canonicalRevision)}",` +
      `destination_service_name="${esc(svc.name)}",destination_service_namespace="${svc.namespace}",` +
      `destination_cluster="${dst.cluster === 'unknown' ? 'unknown' : dst.cluster}",request_protocol="${hop.protocol}",`;
    const scrape = `namespace="${reporterPod.namespace}",pod="${reporterPod.pod}"`;
    const podKey = `${reporterPod.namespace}/${reporterPod.pod}`;
    if (hop.protocol === 'tcp') {
      const labels = `${common}response_flags="${m.flags}",connection_security_policy="${m.security}",${scrape}`;
      const key = `${podKey}\u0000${labels}`;
      let s = this.tcp.get(key);
      if (!s) {
        s = { labels, sentBytes: 0, receivedBytes: 0, opened: 0, closed: 0 };
        this.tcp.set(key, s);
        this.index(podKey, key);
      }
      s.opened++;
      s.closed++;
      s.sentBytes += m.responseBytes;
      s.receivedBytes += m.requestBytes;
      return;
    }
    const grpc = hop.protocol === 'grpc' ? String(m.grpcStatus ?? 0) : '';
    const labels =
      `${common}response_code="${m.code}",grpc_response_status="${grpc}",response_flags="${m.flags}",` +
      `connection_security_policy="${m.security}",${scrape}`;
    const key = `${podKey}\u0000${labels}`;
    let s = this.http.get(key);
    if (!s) {
      s = {
        labels,
        requests: 0,
        duration: newHistogram(),
        requestBytes: newHistogram(),
        responseBytes: newHistogram(),
      };
      this.http.set(key, s);
      this.index(podKey, key);
    }
    s.requests++;
    observe(s.duration, m.durationMs);
    observe(s.requestBytes, m.requestBytes);
    observe(s.responseBytes, m.responseBytes);
  }

  private index(podKey: string, seriesKey: string): void {
    let keys = this.byPod.get(podKey);
    if (!keys) this.byPod.set(podKey, (keys = new Set()));
    keys.add(seriesKey);
  }
}

function renderHistogram(out: string[], name: string, series: HttpSeries[], pick: (s: HttpSeries) => Histogram): void {
  out.push(`# TYPE ${name} histogram`);
  for (const s of series) {
    const h = pick(s);
    let cumulative = 0;
    for (let i = 0; i < BUCKET_LABELS.length; i++) {
      cumulative += h.counts[i]!;
      out.push(`${name}_bucket{${s.labels},le="${BUCKET_LABELS[i]}"} ${cumulative}`);
    }
    out.push(`${name}_sum{${s.labels}} ${h.sum}`);
    out.push(`${name}_count{${s.labels}} ${h.count}`);
  }
}
