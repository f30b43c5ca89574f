// Per workload-level edge (one set of edge labels), what each reporter said: request rates by code, bytes, closed
// TCP connections, mTLS, latency. Then, per edge, which proxy to believe:
//   - the caller's proxy (reporter="source") when the caller has one: it counts each request once, with the code the
//     caller finally got after retries and timeouts, which is what happened to the request;
//   - otherwise the server's proxy (reporter="destination"): callers outside the mesh, or without a sidecar.
// mTLS is known only to the server's proxy (the client reports connection_security_policy="unknown").
import { latencyStat, type LatencyStat } from '../../lib/api/graph.js';
import type { Sample } from '../sources/prometheus.js';
import { edgeHashOf, readSeries, sameEdge, type IstioSeries } from './istio-series.js';

/**
 * Requests of one response code that came with one set of Envoy flags. An edge has a handful of these, so they live
 * in a small array searched in place: a Map per edge and per code was most of the builder's garbage at 10,000 edges.
 */
export interface FlaggedRate {
  code: string;
  flags: string;
  rps: number;
}

export function addFlaggedRate(rates: FlaggedRate[], code: string, flags: string, rps: number): void {
  for (const r of rates) {
    if (r.code === code && r.flags === flags) {
      r.rps += rps;
      return;
    }
  }
  rates.push({ code, flags, rps });
}

/** One reporter's HTTP/gRPC view of an edge. */
export interface RequestTally {
  rps: number;
  errorRps: number;
  http4xxRps: number;
  http5xxRps: number;
  rates: FlaggedRate[];
}

/**
 * The requests of one request_operation value, for operation nodes. '' holds the requests that carried none (no
 * Telemetry classified them, or it said "unknown"). A raw edge has a few operations at most: an array searched in place.
 */
export interface OperationTally {
  operation: string;
  requests: RequestTally;
}

export interface BytesTally {
  tcpBytes: number;
  tcpClosed: number;
  tcpClosedFailed: number;
  httpBytes: number;
}

/** Latency statistics (ms) one reporter gave. */
export type LatencyStats = Partial<Record<LatencyStat, number>>;

export interface RawEdge {
  series: IstioSeries; // the first sample seen, for the edge's identity
  // operations: null unless operation nodes were asked for.
  source: { requests: RequestTally; bytes: BytesTally; operations: OperationTally[] | null } | null;
  destination: {
    requests: RequestTally;
    bytes: BytesTally;
    operations: OperationTally[] | null;
    mtlsRps: number;
    mtlsBytes: number;
  } | null;
  latency: { source: LatencyStats | null; destination: LatencyStats | null };
}

const newRequests = (): RequestTally => ({ rps: 0, errorRps: 0, http4xxRps: 0, http5xxRps: 0, rates: [] });
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
  addFlaggedRate(t.rates, code, flags, value);
}

/** Samples of one edge hash: the edge (undefined for series the graph skips) and the labels that made it. */
interface Bucket {
  metric: Record<string, string>;
  edge: RawEdge | undefined;
}

/**
 * Groups samples by edge; each edge's identity is read once, from its first sample. Answers have several samples per
 * edge (codes, flags, reporters, metrics), so this is where the builder's time goes.
 */
class RawEdges {
  readonly edges: RawEdge[] = [];
  private readonly buckets = new Map<number, Bucket[]>();

  /** The edge of a sample, if one was seen. */
  find(m: Record<string, string>): RawEdge | undefined {
    const bucket = this.buckets.get(edgeHashOf(m));
    return bucket && this.match(bucket, m)?.edge;
  }

  /** The edge of a sample, started when new; undefined for series the graph skips. */
  of(sample: Sample): RawEdge | undefined {
    const m = sample.metric;
    const hash = edgeHashOf(m);
    let bucket = this.buckets.get(hash);
    const found = bucket && this.match(bucket, m);
    if (found) return found.edge;
    const series = readSeries(m);
    const edge: RawEdge | undefined = series
      ? {
          series,
          source: null,
          destination: null,
          latency: { source: null, destination: null },
        }
      : undefined;
    if (edge) this.edges.push(edge);
    if (!bucket) this.buckets.set(hash, (bucket = []));
    bucket.push({ metric: m, edge });
    return edge;
  }

  private match(bucket: Bucket[], m: Record<string, string>): Bucket | undefined {
    for (const b of bucket) if (sameEdge(b.metric, m)) return b;
    return undefined;
  }
}

const LATENCY_STATS = new Set<string>(latencyStat.options);
const isLatencyStat = (s: string | undefined): s is LatencyStat => s !== undefined && LATENCY_STATS.has(s);

type Reporter = 'source' | 'destination';
const reporterOfSample = (m: Record<string, string>): Reporter | null =>
  m['reporter'] === 'source' ? 'source' : m['reporter'] === 'destination' ? 'destination' : null;

function reporterOf(e: RawEdge, reporter: Reporter) {
  if (reporter === 'source') return (e.source ??= { requests: newRequests(), bytes: newBytes(), operations: null });
  return (e.destination ??= {
    requests: newRequests(),
    bytes: newBytes(),
    operations: null,
    mtlsRps: 0,
    mtlsBytes: 0,
  });
}

/** The tally of one operation of a reporter's view, started when new. */
function operationTally(side: SideTally, operation: string): RequestTally {
  const list = (side.operations ??= []);
  for (const o of list) if (o.operation === operation) return o.requests;
  const requests = newRequests();
  list.push({ operation, requests });
  return requests;
}

type SideTally = ReturnType<typeof reporterOf>;

/**
 * Calls `tally` for each sample of one answer that carries traffic, with its edge and the tallies of its reporter. A
 * callback, not a generator: the generator's object per sample was a tenth of the builder's garbage.
 */
function forEachTallied(
  raws: RawEdges,
  samples: Sample[],
  tally: (m: Record<string, string>, reporter: Reporter, value: number, e: RawEdge, side: SideTally) => void,
): void {
  for (const sample of samples) {
    const m = sample.metric;
    const reporter = reporterOfSample(m);
    if (!reporter || !(sample.value > 0)) continue;
    const e = raws.of(sample);
    if (e) tally(m, reporter, sample.value, e, reporterOf(e, reporter));
  }
}

/**
 * Folds the three query answers into workload-level edges, keyed by their edge labels. request_operation is not one
 * of them: an edge's operations are tallies inside it, so that each reporter's requests stay on one edge whether or not
 * its proxy classified them.
 */
export function collectRawEdges(
  answers: { requests: Sample[]; bytes: Sample[]; latency: Sample[] },
  options: { operations?: boolean } = {},
): RawEdge[] {
  const raws = new RawEdges();
  const tallyRequests = (
    m: Record<string, string>,
    reporter: Reporter,
    value: number,
    e: RawEdge,
    side: SideTally,
  ): void => {
    tallyRequest(side.requests, e.series.protocol, m, value);
    if (reporter === 'destination' && m['connection_security_policy'] === 'mutual_tls')
      (side as NonNullable<RawEdge['destination']>).mtlsRps += value;
  };
  // A second callback rather than a test per sample: without operation nodes nothing reads the label.
  forEachTallied(
    raws,
    answers.requests,
    options.operations
      ? (m, reporter, value, e, side) => {
          tallyRequests(m, reporter, value, e, side);
          const raw = m['request_operation'];
          const operation = raw === undefined || raw === 'unknown' ? '' : raw;
          tallyRequest(operationTally(side, operation), e.series.protocol, m, value);
        }
      : tallyRequests,
  );
  forEachTallied(raws, answers.bytes, (m, reporter, value, _e, side) => {
    const kind = m['m'];
    if (kind === 'tcp_bytes') {
      side.bytes.tcpBytes += value;
      if (reporter === 'destination' && m['connection_security_policy'] === 'mutual_tls')
        (side as NonNullable<RawEdge['destination']>).mtlsBytes += value;
    } else if (kind === 'tcp_closed') {
      side.bytes.tcpClosed += value;
      if (hasFailureFlag(m['response_flags'] || '-')) side.bytes.tcpClosedFailed += value;
    } else if (kind === 'http_bytes') side.bytes.httpBytes += value;
  });
  for (const sample of answers.latency) {
    const m = sample.metric;
    const reporter = reporterOfSample(m);
    const stat = m['stat'];
    if (!reporter || !isLatencyStat(stat) || !Number.isFinite(sample.value)) continue;
    const e = raws.find(m);
    if (e) (e.latency[reporter] ??= {})[stat] = sample.value;
  }
  return raws.edges;
}

/** The reporter to believe for this edge (see the top of the file). */
export function chosenReporter(e: RawEdge): 'source' | 'destination' {
  const src = e.source;
  if (src && (src.requests.rps > 0 || src.bytes.tcpBytes > 0 || src.bytes.tcpClosed > 0)) return 'source';
  return e.destination ? 'destination' : 'source';
}
