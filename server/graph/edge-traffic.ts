// Per workload-level edge (one set of edge labels), what each reporter said: request rates by code, bytes, closed
// TCP connections, mTLS, latency. Then, per edge, which proxy to believe:
//   - the caller's proxy (reporter="source") when the caller has one: it counts each request once, with the code the
//     caller finally got after retries and timeouts, which is what happened to the request;
//   - otherwise the server's proxy (reporter="destination"): callers outside the mesh, or without a sidecar.
// mTLS is known only to the server's proxy (the client reports connection_security_policy="unknown").
import type { Sample } from '../sources/prometheus.js';
import { readSeries, type IstioSeries } from './istio-series.js';

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

function tallyRequest(t: RequestTally, s: IstioSeries, m: Record<string, string>): void {
  const responseCode = m['response_code'] ?? '';
  const grpc = m['grpc_response_status'] ?? '';
  const flags = m['response_flags'] || '-';
  const code = displayCode(s.protocol, responseCode, grpc);
  const is5xx = /^5\d\d$/.test(responseCode);
  const failed =
    code === '-' || is5xx || (s.protocol === 'grpc' && grpc !== '' && grpc !== '0') || hasFailureFlag(flags);
  t.rps += s.value;
  if (failed) t.errorRps += s.value;
  if (is5xx) t.http5xxRps += s.value;
  else if (/^4\d\d$/.test(responseCode)) t.http4xxRps += s.value;
  let c = t.codes.get(code);
  if (!c) t.codes.set(code, (c = { rps: 0, flags: new Map() }));
  c.rps += s.value;
  c.flags.set(flags, (c.flags.get(flags) ?? 0) + s.value);
}

function rawEdge(edges: Map<string, RawEdge>, s: IstioSeries): RawEdge {
  let e = edges.get(s.edgeKey);
  if (!e) {
    e = { series: s, source: null, destination: null, latency: { source: new Map(), destination: new Map() } };
    edges.set(s.edgeKey, e);
  }
  return e;
}

function reporterOf(e: RawEdge, reporter: IstioSeries['reporter']) {
  if (reporter === 'source') return (e.source ??= { requests: newRequests(), bytes: newBytes() });
  return (e.destination ??= { requests: newRequests(), bytes: newBytes(), mtlsRps: 0, mtlsBytes: 0 });
}

/** Folds the three query answers into workload-level edges, keyed by their edge labels. */
export function collectRawEdges(answers: {
  requests: Sample[];
  bytes: Sample[];
  latency: Sample[];
}): Map<string, RawEdge> {
  const edges = new Map<string, RawEdge>();
  for (const sample of answers.requests) {
    const s = readSeries(sample);
    if (!s || s.value <= 0) continue;
    const side = reporterOf(rawEdge(edges, s), s.reporter);
    tallyRequest(side.requests, s, sample.metric);
    if (s.reporter === 'destination' && sample.metric['connection_security_policy'] === 'mutual_tls')
      (side as NonNullable<RawEdge['destination']>).mtlsRps += s.value;
  }
  for (const sample of answers.bytes) {
    const s = readSeries(sample);
    if (!s || s.value <= 0) continue;
    const side = reporterOf(rawEdge(edges, s), s.reporter);
    const kind = sample.metric['m'];
    if (kind === 'tcp_sent' || kind === 'tcp_received') {
      side.bytes.tcpBytes += s.value;
      if (s.reporter === 'destination' && sample.metric['connection_security_policy'] === 'mutual_tls')
        (side as NonNullable<RawEdge['destination']>).mtlsBytes += s.value;
    } else if (kind === 'tcp_closed') {
      side.bytes.tcpClosed += s.value;
      if (hasFailureFlag(sample.metric['response_flags'] || '-')) side.bytes.tcpClosedFailed += s.value;
    } else if (kind === 'request_bytes' || kind === 'response_bytes') side.bytes.httpBytes += s.value;
  }
  for (const sample of answers.latency) {
    const s = readSeries(sample);
    const stat = sample.metric['stat'];
    if (!s || !stat || !Number.isFinite(s.value)) continue;
    const e = edges.get(s.edgeKey);
    if (e) e.latency[s.reporter].set(stat, s.value);
  }
  return edges;
}

/** The reporter to believe for this edge (see the top of the file). */
export function chosenReporter(e: RawEdge): 'source' | 'destination' {
  const src = e.source;
  if (src && (src.requests.rps > 0 || src.bytes.tcpBytes > 0 || src.bytes.tcpClosed > 0)) return 'source';
  return e.destination ? 'destination' : 'source';
}
