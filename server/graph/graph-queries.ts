// The Prometheus queries behind one graph. However many namespaces are asked for, a refresh costs at most three
// queries (requests, bytes, latency), six when comparing two windows: each namespace filter is a union (`or`) inside
// one query instead of Kiali's six queries per namespace, one after another.
//
// Every query keeps `reporter`, so the builder can choose per edge which proxy to believe (see build-graph.ts).
import type { LatencyStat } from '../../lib/api/graph.js';

/** The labels that identify an edge between two workloads through one service. */
export const EDGE_LABELS = [
  'source_cluster',
  'source_workload_namespace',
  'source_workload',
  'source_canonical_service',
  'source_canonical_revision',
  'destination_cluster',
  'destination_service_namespace',
  'destination_service',
  'destination_service_name',
  'destination_workload_namespace',
  'destination_workload',
  'destination_canonical_service',
  'destination_canonical_revision',
  'request_protocol',
] as const;

const REQUEST_GROUP = [
  'reporter',
  ...EDGE_LABELS,
  'response_code',
  'grpc_response_status',
  'response_flags',
  'connection_security_policy',
].join(',');
// Operation nodes split requests also by request_operation, the label an Istio Telemetry tagOverride adds (only on the
// proxies and metrics it selects; elsewhere the label is absent and Prometheus groups it as empty). The latency and
// bytes queries stay as they are: operation edges carry rates and errors, as in Kiali.
const OPERATION_REQUEST_GROUP = `${REQUEST_GROUP},request_operation`;
const BYTES_GROUP = ['reporter', ...EDGE_LABELS, 'response_flags', 'connection_security_policy'].join(',');
const LATENCY_GROUP = ['reporter', ...EDGE_LABELS].join(',');

export interface GraphQueryInput {
  /** Namespaces asked for; empty = the whole mesh. */
  namespaces: readonly string[];
  /** Prometheus range, e.g. "60s". */
  range: string;
  /** Also group requests by request_operation (operation nodes). */
  operations?: boolean;
  /**
   * Label filters to union instead of the namespaces' (each starts with a comma), e.g. the two sides of one workload
   * for its traffic tab (server/graph/entity-traffic.ts): the same queries, narrowed to the series one entity is in.
   */
  filters?: readonly string[];
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\\\$&');

/**
 * Label filters that together select every series touching the namespaces: sent from them, received by their
 * workloads, or aimed at their services (requests that never reached a workload, e.g. 503 UH).
 */
function namespaceFilters(namespaces: readonly string[]): string[] {
  if (namespaces.length === 0) return [''];
  const re = namespaces.map(escapeRegex).join('|');
  return [
    `,source_workload_namespace=~"${re}"`,
    `,destination_workload_namespace=~"${re}"`,
    `,destination_service_namespace=~"${re}"`,
  ];
}

/** `sum by (group) (rate(metric{filter}[range]))` for each namespace filter, joined by `or` (which drops repeats). */
function unionOf(input: GraphQueryInput, group: string, selector: (filter: string) => string): string {
  return (input.filters ?? namespaceFilters(input.namespaces))
    .map((f) => `sum by (${group}) (rate(${selector(f)}[${input.range}]))`)
    .join(' or ');
}

/**
 * Requests per second of every HTTP and gRPC edge, by response code, gRPC status, Envoy response flags and mTLS, from
 * both reporters; with `operations`, also by request_operation. The same one query either way, e.g. for namespace demo
 * with operations:
 *   (sum by (reporter,<edge labels>,response_code,grpc_response_status,response_flags,connection_security_policy,
 *   request_operation) (rate(istio_requests_total{reporter=~"source|destination",source_workload_namespace=~"demo"}[60s]))
 *   or … destination_workload_namespace … or … destination_service_namespace …) > 0
 */
export function requestsQuery(input: GraphQueryInput): string {
  const group = input.operations ? OPERATION_REQUEST_GROUP : REQUEST_GROUP;
  return `(${unionOf(input, group, (f) => `istio_requests_total{reporter=~"source|destination"${f}}`)}) > 0`;
}

/**
 * Bytes per second and closed connections, told apart by the label `m` (a rate over several metric names at once
 * would leave series Prometheus cannot tell apart): tcp_bytes (sent + received), tcp_closed (TCP connections closed,
 * with their response flags) and http_bytes (request + response bodies). Each pair comes from the same proxy series,
 * so `+` matches them one to one and the answer is half as long.
 */
export function bytesQuery(input: GraphQueryInput): string {
  const rate = (metric: string) =>
    `(${unionOf(input, BYTES_GROUP, (f) => `${metric}{reporter=~"source|destination"${f}}`)})`;
  const parts: Record<string, string> = {
    tcp_bytes: `${rate('istio_tcp_sent_bytes_total')} + ${rate('istio_tcp_received_bytes_total')}`,
    tcp_closed: rate('istio_tcp_connections_closed_total'),
    http_bytes: `${rate('istio_request_bytes_sum')} + ${rate('istio_response_bytes_sum')}`,
  };
  return `(${Object.entries(parts)
    .map(([m, expr]) => `label_replace(${expr}, "m", "${m}", "", "")`)
    .join(' or ')}) > 0`;
}

const QUANTILES: Record<Exclude<LatencyStat, 'mean'>, string> = { p50: '0.5', p95: '0.95', p99: '0.99' };

/**
 * The asked latency statistics of every edge in one query, told apart by the label `stat`. Quantiles are the most
 * expensive part of a graph (histogram_quantile over every bucket series), so they are asked only when shown.
 */
export function latencyQuery(input: GraphQueryInput, stats: readonly LatencyStat[]): string | null {
  if (stats.length === 0) return null;
  const metric = (suffix: string) => (f: string) =>
    `istio_request_duration_milliseconds_${suffix}{reporter=~"source|destination"${f}}`;
  const parts = stats.map((stat) => {
    const expr =
      stat === 'mean'
        ? `(${unionOf(input, LATENCY_GROUP, metric('sum'))}) / (${unionOf(input, LATENCY_GROUP, metric('count'))})`
        : `histogram_quantile(${QUANTILES[stat]}, ${unionOf(input, `le,${LATENCY_GROUP}`, metric('bucket'))})`;
    return `label_replace(${expr}, "stat", "${stat}", "", "")`;
  });
  return `(${parts.join(' or ')}) >= 0`;
}

// The failed requests of the charts (the side panel's and the Metrics tab's), two matchers a rate() takes in turn: no
// response or a 5xx, else a gRPC status other than OK.
export const ERROR_CODES = 'response_code=~"0|5.."';
export const GRPC_ERRORS = 'response_code!~"0|5..",grpc_response_status=~"[1-9]|1[0-6]"';

/**
 * The side panel's charts of one node or edge (`selector`), over time: request rate, errors (no response, 5xx, or a
 * gRPC status other than OK), latency quantiles and TCP bytes each way, told apart by the label `s`, per reporter.
 */
export function chartQuery(selector: string, rateWindow: string): string {
  const requests = (extra: string) => `istio_requests_total{${[selector, extra].filter(Boolean).join(',')}}`;
  const tag = (expr: string, s: string) => `label_replace(${expr}, "s", "${s}", "", "")`;
  const quantile = (q: string) =>
    `histogram_quantile(${q}, sum by (reporter, le) (rate(istio_request_duration_milliseconds_bucket{${selector}}[${rateWindow}])))`;
  return [
    tag(`sum by (reporter) (rate(${requests('')}[${rateWindow}]))`, 'rps'),
    tag(
      `sum by (reporter) (rate(${requests(ERROR_CODES)}[${rateWindow}]) or rate(${requests(GRPC_ERRORS)}[${rateWindow}]))`,
      'errors',
    ),
    tag(quantile('0.5'), 'p50'),
    tag(quantile('0.95'), 'p95'),
    tag(quantile('0.99'), 'p99'),
    // TCP traffic has no requests: its charts are the bytes each way.
    tag(`sum by (reporter) (rate(istio_tcp_sent_bytes_total{${selector}}[${rateWindow}]))`, 'tcp_sent'),
    tag(`sum by (reporter) (rate(istio_tcp_received_bytes_total{${selector}}[${rateWindow}]))`, 'tcp_received'),
  ].join(' or ');
}
