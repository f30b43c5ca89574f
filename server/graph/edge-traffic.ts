// Per workload-level edge (one set of edge labels), what each reporter said: request rates by code, bytes, closed
// TCP connections, mTLS, latency. Then, per edge, which proxy to believe:
//   - the caller's proxy (reporter="source") when the caller has one: it counts each request once, with the code the
//     caller finally got after retries and timeouts, which is what happened to the request;
//   - otherwise the server's proxy (reporter="destination"): callers outside the mesh, or without a sidecar.
// mTLS is known only to the server's proxy (the client reports connection_security_policy="unknown").
import type { Sample } from '../sources/prometheus.js';
import { edgeKeyOf, readSeries, type IstioSeries } from './istio-series.js';

export interface CodeTally {
  rps: number;
  flags: Map<string, number>;
}

/** One reporter's HTTP/gRPC view of an edge. */
export interface RequestTally {
  rps: number;
  errorRps: number;
  http4xxRps: number;
  http5xxRps: number;
  codes: Map<string, CodeTally>;
}

export interface BytesTally {
  tcpBytes: number;
  tcpClosed: number;
  tcpClosedFailed: number;
  httpBytes: number;
}

export interface RawEdge {
  series: IstioSeries; // the first sample seen, for the edge's identity
  source: { requests: RequestTally; bytes: BytesTally } | null;
  destination: { requests: RequestTally; bytes: BytesTally; mtlsRps: number; mtlsBytes: number } | null;
  /** Latency statistics (ms) by reporter. */
  latency: { source: Map<string, number>; destination: Map<string, number> };
}

const newRequests = (): RequestTally => ({ rps: 0, errorRps: 0, http4xxRps: 0, http5xxRps: 0, codes: new Map() });
const newBytes = (): BytesTally => ({ tcpBytes: 0, tcpClosed: 0, tcpClosedFailed: 0, httpBytes: 0 });

// Envoy response flags that mean the request or connection failed (access-logs.md §4).
const FAILURE_FLAGS = new Set([
  'UH',
  'UF',
  'UO',
  'NR',
  'URX',
  'UC',
  'UT',
  'LR',
  'LH',
  'RL',
  'UAEX',
  'RLSE',
  'DPE',
  'UPE',
  'UMSDR',
  'NC',
  'OM',
  'DF',
  'SI',
  'DO',
]);

export function hasFailureFlag(flags: string): boolean {
  if (flags === '-' || flags === '') return false;
  return flags.split(',').some((f) => FAILURE_FLAGS.has(f));
}

/**
 * The code Kiali shows for a sample: "-" when no response was sent (code 0); for gRPC the status, unless the HTTP
 * code already says 4xx/5xx.
 */
export function displayCode(protocol: string, responseCode: string, grpcStatus: string): string {
  if (responseCode === '0' || responseCode === '') return '-';
  if (protocol === 'grpc' && grpcStatus !== '' && !/^[45]\d\d$/.test(responseCode)) return grpcStatus;
  return responseCode;
}

function tallyRequest(
  t: RequestTally,
  protocol: IstioSeries['protocol'],
  m: Record<string, string>,
  value: number,
): void {
  const responseCode = m['response_code'] ?? '';
  const grpc = m['grpc_response_status'] ?? '';
  const flags = m['response_flags'] || '-';
  const code = displayCode(protocol, responseCode, grpc);
  const is5xx = responseCode.length === 3 && responseCode[0] === '5';
  const failed = code === '-' || is5xx || (protocol === 'grpc' && grpc !== '' && grpc !== '0') || hasFailureFlag(flags);
  t.rps += value;
  if (failed) t.errorRps += value;
  if (is5xx) t.http5xxRps += value;
  else if (responseCode.length === 3 && responseCode[0] === '4') t.http4xxRps += value;
  let c = t.codes.get(code);
  if (!c) t.codes.set(code, (c = { rps: 0, flags: new Map() }));
  c.rps += value;
  c.flags.set(flags, (c.flags.get(flags) ?? 0) + value);
}

/**
 * Groups samples by edge; each edge's identity is read once, from its first sample. Answers have several samples per
 * edge (codes, flags, reporters, metrics), so this is where the builder's time goes.
 */
class RawEdges {
  readonly edges = new Map<string, RawEdge>();
  private readonly skipped = new Set<string>();

  of(sample: Sample): RawEdge | undefined {
    const key = edgeKeyOf(sample.metric);
    const found = this.edges.get(key);
    if (found || this.skipped.has(key)) return found;
    const series = readSeries(sample.metric);
    if (!series) {
      this.skipped.add(key);
      return undefined;
    }
    const e: RawEdge = {
      series,
      source: null,
      destination: null,
      latency: { source: new Map(), destination: new Map() },
    };
    this.edges.set(key, e);
    return e;
  }
}

type Reporter = 'source' | 'destination';
const reporterOfSample = (m: Record<string, string>): Reporter | null =>
  m['reporter'] === 'source' ? 'source' : m['reporter'] === 'destination' ? 'destination' : null;

function reporterOf(e: RawEdge, reporter: Reporter) {
  if (reporter === 'source') return (e.source ??= { requests: newRequests(), bytes: newBytes() });
  return (e.destination ??= { requests: newRequests(), bytes: newBytes(), mtlsRps: 0, mtlsBytes: 0 });
}

/** The samples of one answer that carry traffic, each with its edge and the tallies of its reporter. */
function* tallied(raws: RawEdges, samples: Sample[]) {
  for (const sample of samples) {
    const m = sample.metric;
    const reporter = reporterOfSample(m);
    if (!reporter || !(sample.value > 0)) continue;
    const e = raws.of(sample);
    if (e) yield { m, reporter, value: sample.value, e, side: reporterOf(e, reporter) };
  }
}

/** Folds the three query answers into workload-level edges, keyed by their edge labels. */
export function collectRawEdges(answers: {
  requests: Sample[];
  bytes: Sample[];
  latency: Sample[];
}): Map<string, RawEdge> {
  const raws = new RawEdges();
  for (const { m, reporter, value, e, side } of tallied(raws, answers.requests)) {
    tallyRequest(side.requests, e.series.protocol, m, value);
    if (reporter === 'destination' && m['connection_security_policy'] === 'mutual_tls')
      (side as NonNullable<RawEdge['destination']>).mtlsRps += value;
  }
  for (const { m, reporter, value, side } of tallied(raws, answers.bytes)) {
    const kind = m['m'];
    if (kind === 'tcp_bytes') {
      side.bytes.tcpBytes += value;
      if (reporter === 'destination' && m['connection_security_policy'] === 'mutual_tls')
        (side as NonNullable<RawEdge['destination']>).mtlsBytes += value;
    } else if (kind === 'tcp_closed') {
      side.bytes.tcpClosed += value;
      if (hasFailureFlag(m['response_flags'] || '-')) side.bytes.tcpClosedFailed += value;
    } else if (kind === 'http_bytes') side.bytes.httpBytes += value;
  }
  for (const sample of answers.latency) {
    const m = sample.metric;
    const reporter = reporterOfSample(m);
    const stat = m['stat'];
    if (!reporter || !stat || !Number.isFinite(sample.value)) continue;
    const e = raws.edges.get(edgeKeyOf(m));
    if (e) e.latency[reporter].set(stat, sample.value);
  }
  return raws.edges;
}

/** The reporter to believe for this edge (see the top of the file). */
export function chosenReporter(e: RawEdge): 'source' | 'destination' {
  const src = e.source;
  if (src && (src.requests.rps > 0 || src.bytes.tcpBytes > 0 || src.bytes.tcpClosed > 0)) return 'source';
  return e.destination ? 'destination' : 'source';
}
