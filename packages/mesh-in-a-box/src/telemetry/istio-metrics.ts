import type { Hop, ServiceRef, WorkloadRef } from '../traffic/hop.js';
import { ExpositionWriter, formatValue } from './exposition-writer.js';
import type { MetricOperations } from './request-operation.js';
import { seriesKey } from './series-key.js';
import { flat } from '../store/flat-strings.js';

// Envoy's default histogram bounds, which every Istio histogram uses unless a pod overrides them.
export const ISTIO_BUCKETS = [
  0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000,
];
const CLOSE = Buffer.from('} ');

/** One list of bounds, with its rendered `le` label suffixes. */
interface BucketLayout {
  bounds: readonly number[];
  suffixes: Buffer[];
}

const layouts = new Map<string, BucketLayout>();
function layoutOf(bounds: readonly number[]): BucketLayout {
  const key = bounds.join(',');
  let layout = layouts.get(key);
  if (!layout) {
    const suffixes = [...bounds.map((b) => String(b)), '+Inf'].map((le) => Buffer.from(`,le="${le}"} `));
    layouts.set(key, (layout = { bounds, suffixes }));
  }
  return layout;
}
const DEFAULT_LAYOUT = layoutOf(ISTIO_BUCKETS);

/** The bounds a pod's proxy uses for one Istio histogram: its annotation's longest matching prefix, else Envoy's. */
function layoutFor(pod: WorkloadRef, metric: string): BucketLayout {
  const overrides = pod.histogramBuckets;
  if (!overrides) return DEFAULT_LAYOUT;
  const statName = `istiocustom.${metric}`; // the stat's name inside Envoy
  let best: string | undefined;
  for (const prefix of Object.keys(overrides))
    if (statName.startsWith(prefix) && (best === undefined || prefix.length > best.length)) best = prefix;
  return best === undefined ? DEFAULT_LAYOUT : layoutOf(overrides[best]!);
}

interface Histogram {
  layout: BucketLayout;
  counts: Float64Array; // per bucket, not cumulative; last slot is +Inf
  sum: number;
  count: number;
}

interface HttpSeries {
  labels: string; // rendered, without braces, as Latin-1 text of its UTF-8 bytes (Labels); also its key
  requests: number;
  duration: Histogram;
  requestBytes: Histogram;
  responseBytes: Histogram;
  // By request_operation value, for the metrics a Telemetry tags (request-operation.ts); undefined for the rest.
  operations: Map<string, OperationSeries> | undefined;
}

/**
 * The metrics of one series that carry one request_operation value: the series' labels plus `suffix`. Only the metrics
 * a Telemetry tags are kept here; the series keeps counting the others, so each request lands in each metric once.
 */
interface OperationSeries {
  suffix: Buffer; // `,request_operation="…"`
  requests: number;
  duration: Histogram | null;
  requestBytes: Histogram | null;
  responseBytes: Histogram | null;
}

interface TcpSeries {
  labels: string; // as HttpSeries'
  sentBytes: number;
  receivedBytes: number;
  opened: number;
  closed: number;
}

interface Measurement {
  code: number;
  grpcStatus?: number;
  flags: string;
  security: string;
  durationMs: number;
  requestBytes: number;
  responseBytes: number;
}

/** One proxy's report of one request: who reports, about which peers, and what it measured. */
interface Report {
  reporterPod: WorkloadRef;
  reporter: 'source' | 'destination';
  source: WorkloadRef | undefined; // undefined: unknown peer (no sidecar to exchange metadata with)
  destination: WorkloadRef | undefined;
  hop: Hop;
  m: Measurement;
}

const newHistogram = (layout: BucketLayout, counts = new Float64Array(layout.bounds.length + 1)): Histogram => ({
  layout,
  counts,
  sum: 0,
  count: 0,
});

/**
 * A series' three histograms, their counts views of one buffer: a buffer each cost ~200 bytes of ArrayBuffer and
 * backing-store bookkeeping besides its 160 bytes of counts, ~8 MB over a 5,000-workload mesh's 19,500 series.
 */
function seriesHistograms(layouts: readonly BucketLayout[]): Histogram[] {
  const data = new Float64Array(layouts.reduce((n, l) => n + l.bounds.length + 1, 0));
  let at = 0;
  return layouts.map((layout) => newHistogram(layout, data.subarray(at, (at += layout.bounds.length + 1))));
}

/**
 * A series' labels as kept: one flat string (a template's result is a tree of pieces until flattened) whose
 * characters are the bytes the exposition carries, so the writer copies it as Latin-1. Label values are ASCII but
 * for a Telemetry's or a label's odd value, which is kept as its UTF-8 bytes. It replaces a Buffer of the same bytes
 * beside the key string (~1 KB a series, 20 MB at 5,000 workloads).
 */
function keptLabels(labels: string): string {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(labels) ? flat(labels) : Buffer.from(labels, 'utf8').toString('latin1');
}

function observe(h: Histogram, value: number): void {
  const bounds = h.layout.bounds;
  let i = 0;
  while (i < bounds.length && value > bounds[i]!) i++;
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

const sameLayout = (h: Histogram): Histogram => newHistogram(h.layout);

function operationOf(h: HttpSeries, operation: string): OperationSeries {
  const operations = (h.operations ??= new Map());
  let o = operations.get(operation);
  if (!o) {
    o = {
      suffix: Buffer.from(`,request_operation="${esc(operation)}"`),
      requests: 0,
      duration: null,
      requestBytes: null,
      responseBytes: null,
    };
    operations.set(operation, o);
  }
  return o;
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
  private readonly chunkPool: Buffer[] = []; // a reusing render's chunks, for the next one
  // Series by the identity of the refs involved (source, destination: shared by every hop of a pod until the mesh
  // index is rebuilt), then by service (a pair of pods nearly always meets through one, so a short list) and one
  // number for the rest of the labels: most hops find their series without rendering ~900 characters of labels, or
  // even hashing a string of the few that vary.
  private fast = new WeakMap<
    object,
    WeakMap<object, { service: ServiceRef; byKey: Map<number, HttpSeries | TcpSeries> }[]>
  >();

  record(hop: Hop): void {
    const last = hop.attempts[hop.attempts.length - 1];
    // Client side: the caller's proxy reports once per request, with what the caller finally got.
    if (hop.source?.hasSidecar) {
      this.add({
        reporterPod: hop.source,
        reporter: 'source',
        source: hop.source,
        destination: last?.destination,
        hop,
        m: {
          code: hop.responseCode,
          grpcStatus: hop.grpcStatus,
          flags: hop.responseFlags,
          security: 'unknown', // the client cannot know what the server enforced
          durationMs: hop.durationMs,
          requestBytes: hop.requestBytes,
          responseBytes: hop.responseBytes,
        },
      });
    }
    // Server side: one report per attempt that reached a sidecar. Peer metadata only arrives from another sidecar.
    for (const attempt of hop.attempts) {
      const server = attempt.destination;
      if (!server.hasSidecar || server.isGateway) continue;
      const source = hop.source?.hasSidecar ? hop.source : undefined;
      this.add({
        reporterPod: server,
        reporter: 'destination',
        source,
        destination: server,
        hop,
        m: {
          code: attempt.responseCode,
          grpcStatus: attempt.grpcStatus,
          flags: attempt.responseFlags,
          security: hop.mtls ? 'mutual_tls' : 'none',
          durationMs: attempt.durationMs,
          requestBytes: attempt.requestBytes,
          responseBytes: attempt.responseBytes,
        },
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
    this.fast = new WeakMap(); // it may still point at the dropped series
  }

  get seriesCount(): number {
    return this.http.size + this.tcp.size;
  }

  /** The text exposition of one pod's proxy (namespace/name), for its Envoy admin /stats/prometheus, or of all. */
  render(onlyPod?: string): string {
    return Buffer.concat([...this.renderChunks(onlyPod)]).toString('utf8');
  }

  /**
   * The text exposition of every proxy's metrics, or of one pod's, in chunks of a few megabytes. With `reuseBuffers`
   * a chunk is valid only until the next is asked for (the in-process scrape parses each at once), and the chunks
   * serve the next such render too.
   */
  *renderChunks(onlyPod?: string, options: { reuseBuffers?: boolean } = {}): Generator<Buffer> {
    const keys = onlyPod ? this.byPod.get(onlyPod) : undefined;
    if (onlyPod && !keys) return;
    const http = keys ? [...keys].flatMap((k) => this.http.get(k) ?? []) : [...this.http.values()];
    const tcp = keys ? [...keys].flatMap((k) => this.tcp.get(k) ?? []) : [...this.tcp.values()];
    const w = new ExpositionWriter(options.reuseBuffers ? this.chunkPool : undefined);
    w.ascii('# TYPE istio_requests_total counter\n');
    const requests = Buffer.from('istio_requests_total{');
    for (const s of http) {
      // A series whose requests all carry an operation has none of its own (see OperationSeries).
      if (s.requests > 0 || !s.operations) {
        w.bytes(requests);
        w.ascii(s.labels);
        w.bytes(CLOSE);
        w.ascii(`${s.requests}\n`);
      }
      if (s.operations) {
        for (const o of s.operations.values()) {
          if (o.requests === 0) continue;
          w.bytes(requests);
          w.ascii(s.labels);
          w.bytes(o.suffix);
          w.bytes(CLOSE);
          w.ascii(`${o.requests}\n`);
        }
      }
    }
    yield* w.take();
    const histograms = [
      ['istio_request_duration_milliseconds', (s: HttpSeries | OperationSeries) => s.duration],
      ['istio_request_bytes', (s: HttpSeries | OperationSeries) => s.requestBytes],
      ['istio_response_bytes', (s: HttpSeries | OperationSeries) => s.responseBytes],
    ] as const;
    for (const [name, pick] of histograms) {
      w.ascii(`# TYPE ${name} histogram\n`);
      const bucket = Buffer.from(`${name}_bucket{`);
      const sum = Buffer.from(`${name}_sum{`);
      const count = Buffer.from(`${name}_count{`);
      const write = (labels: string, suffix: Buffer | null, h: Histogram) => {
        let cumulative = 0;
        const suffixes = h.layout.suffixes;
        for (let i = 0; i < suffixes.length; i++) {
          cumulative += h.counts[i]!;
          w.bytes(bucket);
          w.ascii(labels);
          if (suffix) w.bytes(suffix);
          w.bytes(suffixes[i]!);
          w.ascii(`${cumulative}\n`);
        }
        w.bytes(sum);
        w.ascii(labels);
        if (suffix) w.bytes(suffix);
        w.bytes(CLOSE);
        w.ascii(`${formatValue(h.sum)}\n`);
        w.bytes(count);
        w.ascii(labels);
        if (suffix) w.bytes(suffix);
        w.bytes(CLOSE);
        w.ascii(`${h.count}\n`);
      };
      for (const s of http) {
        const h = pick(s)!;
        if (h.count > 0 || !s.operations) write(s.labels, null, h);
        if (s.operations) {
          for (const o of s.operations.values()) {
            const oh = pick(o);
            if (oh && oh.count > 0) write(s.labels, o.suffix, oh);
          }
        }
        yield* w.take();
      }
    }
    const counters: [string, (s: TcpSeries) => number][] = [
      ['istio_tcp_sent_bytes_total', (s) => s.sentBytes],
      ['istio_tcp_received_bytes_total', (s) => s.receivedBytes],
      ['istio_tcp_connections_opened_total', (s) => s.opened],
      ['istio_tcp_connections_closed_total', (s) => s.closed],
    ];
    for (const [name, value] of counters) {
      w.ascii(`# TYPE ${name} counter\n`);
      const open = Buffer.from(`${name}{`);
      for (const s of tcp) {
        w.bytes(open);
        w.ascii(s.labels);
        w.bytes(CLOSE);
        w.ascii(`${value(s)}\n`);
      }
      yield* w.take();
    }
    yield* w.finish();
    w.recycle(); // the consumer asked for more: it is done with the last chunk
  }

  private add(report: Report): void {
    const { reporterPod, reporter, source, destination, hop, m } = report;
    // The reporter is one of the peers, so the peers and the reporter side name it.
    const key = seriesKey(reporter, hop.protocol, m.code, m.grpcStatus, m.flags, hop.mtls);
    let byDestination = this.fast.get(source ?? UNKNOWN_PEER);
    if (!byDestination) this.fast.set(source ?? UNKNOWN_PEER, (byDestination = new WeakMap()));
    let byService = byDestination.get(destination ?? UNKNOWN_PEER);
    if (!byService) byDestination.set(destination ?? UNKNOWN_PEER, (byService = []));
    let byKey: Map<number, HttpSeries | TcpSeries> | undefined;
    for (const s of byService) if (s.service === hop.service) byKey = s.byKey;
    if (!byKey) byService.push({ service: hop.service, byKey: (byKey = new Map()) });
    let series = byKey.get(key);
    if (!series) {
      series = this.seriesFor(report);
      byKey.set(key, series);
    }
    if (hop.protocol === 'tcp') {
      const t = series as TcpSeries;
      t.opened++;
      t.closed++;
      t.sentBytes += m.responseBytes;
      t.receivedBytes += m.requestBytes;
      return;
    }
    const h = series as HttpSeries;
    const tags = reporterPod.operationTags?.[reporter === 'source' ? 'client' : 'server'];
    if (tags) return this.addTagged(h, tags, hop, m);
    h.requests++;
    observe(h.duration, m.durationMs);
    observe(h.requestBytes, m.requestBytes);
    observe(h.responseBytes, m.responseBytes);
  }

  /** Counts a request in the series, each tagged metric under its request_operation value. */
  private addTagged(h: HttpSeries, tags: MetricOperations, hop: Hop, m: Measurement): void {
    if (tags.requests) operationOf(h, tags.requests(hop)).requests++;
    else h.requests++;
    if (tags.duration) observe((operationOf(h, tags.duration(hop)).duration ??= sameLayout(h.duration)), m.durationMs);
    else observe(h.duration, m.durationMs);
    if (tags.requestBytes) {
      const o = operationOf(h, tags.requestBytes(hop));
      observe((o.requestBytes ??= sameLayout(h.requestBytes)), m.requestBytes);
    } else observe(h.requestBytes, m.requestBytes);
    if (tags.responseBytes) {
      const o = operationOf(h, tags.responseBytes(hop));
      observe((o.responseBytes ??= sameLayout(h.responseBytes)), m.responseBytes);
    } else observe(h.responseBytes, m.responseBytes);
  }

  private seriesFor(report: Report): HttpSeries | TcpSeries {
    const { reporterPod, reporter, source, destination, hop, m } = report;
    const src = peer(source, hop.mtls);
    const dst = peer(destination, hop.mtls);
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
      `destination_cluster="${dst.cluster}",request_protocol="${hop.protocol}",`;
    const scrape = `namespace="${reporterPod.namespace}",pod="${reporterPod.pod}"`;
    const podKey = `${reporterPod.namespace}/${reporterPod.pod}`;
    if (hop.protocol === 'tcp') {
      const labels = `${common}response_flags="${m.flags}",connection_security_policy="${m.security}",${scrape}`;
      // The key: unique, as it ends with the reporting pod's namespace and name.
      const key = keptLabels(labels);
      let s = this.tcp.get(key);
      if (!s) {
        s = { labels: key, sentBytes: 0, receivedBytes: 0, opened: 0, closed: 0 };
        this.tcp.set(key, s);
        this.index(podKey, key);
      }
      return s;
    }
    const grpc = hop.protocol === 'grpc' ? String(m.grpcStatus ?? 0) : '';
    const labels =
      `${common}response_code="${m.code}",grpc_response_status="${grpc}",response_flags="${m.flags}",` +
      `connection_security_policy="${m.security}",${scrape}`;
    // The key: unique, as it ends with the reporting pod's namespace and name.
    const key = keptLabels(labels);
    let s = this.http.get(key);
    if (!s) {
      const [duration, requestBytes, responseBytes] = seriesHistograms([
        layoutFor(reporterPod, 'istio_request_duration_milliseconds'),
        layoutFor(reporterPod, 'istio_request_bytes'),
        layoutFor(reporterPod, 'istio_response_bytes'),
      ]);
      s = {
        labels: key,
        requests: 0,
        duration: duration!,
        requestBytes: requestBytes!,
        responseBytes: responseBytes!,
        operations: undefined,
      };
      this.http.set(key, s);
      this.index(podKey, key);
    }
    return s;
  }

  private index(podKey: string, key: string): void {
    let keys = this.byPod.get(podKey);
    if (!keys) this.byPod.set(podKey, (keys = new Set()));
    keys.add(key);
  }
}
