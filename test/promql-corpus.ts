// Queries the built-in Prometheus must answer exactly as a real Prometheus 2.42 does, over the history of
// promql-corpus.data.ts. The differential suite runs each as an instant query at several times and as a range query.
// A feature that sends a new query to Prometheus adds it here.

import { bytesQuery, chartQuery, latencyQuery, requestsQuery } from '../server/graph/graph-queries.js';
import { inboundQuery, outboundQuery, serviceInboundQuery } from '../server/mesh/traffic-queries.js';
import { entityMetricsQueries } from '../server/telemetry/entity-metrics-queries.js';

export interface CorpusQuery {
  name: string;
  query: string;
  /** Only as an instant query (range vectors and strings cannot be range queries). */
  instantOnly?: boolean;
}

const HTTP_EDGE =
  'source_cluster,source_workload_namespace,source_workload,source_canonical_service,source_canonical_revision,' +
  'destination_cluster,destination_service_namespace,destination_service,destination_service_name,' +
  'destination_workload_namespace,destination_workload,destination_canonical_service,destination_canonical_revision,' +
  'request_protocol,response_code,grpc_response_status,response_flags';

export const PROMQL_CORPUS: CorpusQuery[] = [
  // Health of the lists (one namespace, by workload) and of the overview (the whole mesh, by app).
  { name: 'health: requests into the workloads of a namespace', query: inboundQuery('demo', '5m') },
  { name: 'health: requests out of the workloads of a namespace', query: outboundQuery('demo', '5m') },
  { name: 'health: requests into the services of a namespace', query: serviceInboundQuery('bookinfo', '5m') },
  { name: 'health: requests into the apps of the mesh', query: inboundQuery(null, '1m', 'app') },
  { name: 'health: requests out of the apps of the mesh', query: outboundQuery(null, '1m', 'app') },
  // The service graph's own queries (server/graph/graph-queries.ts), for one namespace, several, and the whole mesh.
  { name: 'graph: requests of one namespace', query: requestsQuery({ namespaces: ['bookinfo'], range: '5m' }) },
  {
    name: 'graph: requests of two namespaces',
    query: requestsQuery({ namespaces: ['bookinfo', 'demo'], range: '2m' }),
  },
  { name: 'graph: requests of the mesh', query: requestsQuery({ namespaces: [], range: '10m' }) },
  // Operation nodes: the same query, split also by request_operation (only the demo's gRPC servers carry it).
  {
    name: 'graph: requests of one namespace by operation',
    query: requestsQuery({ namespaces: ['demo'], range: '5m', operations: true }),
  },
  {
    name: 'graph: requests of the mesh by operation',
    query: requestsQuery({ namespaces: [], range: '1m', operations: true }),
  },
  { name: 'graph: bytes of one namespace', query: bytesQuery({ namespaces: ['demo'], range: '5m' }) },
  { name: 'graph: bytes of the mesh', query: bytesQuery({ namespaces: [], range: '1m' }) },
  {
    name: 'graph: every latency statistic of one namespace',
    query: latencyQuery({ namespaces: ['bookinfo'], range: '5m' }, ['p50', 'p95', 'p99', 'mean'])!,
  },
  { name: 'graph: p95 of the mesh', query: latencyQuery({ namespaces: [], range: '10m' }, ['p95'])! },
  {
    name: 'graph: side-panel charts of an edge',
    query: chartQuery(
      'source_workload_namespace="bookinfo",source_workload="productpage-v1",destination_service_name="reviews",reporter=~"source|destination"',
      '60s',
    ),
  },
  {
    name: 'graph: side-panel charts of a TCP edge',
    query: chartQuery(
      'source_workload="sa-webapp",destination_workload="mongodb-v1",request_protocol="tcp",reporter=~"source|destination"',
      '60s',
    ),
  },
  {
    name: 'graph: side-panel charts of an operation node',
    query: chartQuery(
      'destination_service_namespace="demo",destination_service_name="sa-logic",request_operation="/sentiment.Logic/Analyse",reporter=~"source|destination"',
      '60s',
    ),
  },
  // The detail pages' Metrics tab: every chart of an app's inbound split by version, and a workload's outbound ones.
  ...Object.entries(
    entityMetricsQueries({
      entity: { resource: 'apps', namespace: 'bookinfo', name: 'reviews' },
      query: { direction: 'inbound', by: 'version', reporter: 'destination' },
      rateWindow: '60s',
    }),
  ).map(([chart, query]) => ({ name: `metrics tab: ${chart} of an app by version`, query })),
  ...Object.entries(
    entityMetricsQueries({
      entity: { resource: 'workloads', namespace: 'bookinfo', name: 'productpage-v1' },
      query: { direction: 'outbound', by: 'destination', reporter: 'source' },
      rateWindow: '60s',
    }),
  )
    .filter(([chart]) => chart === 'requestRate' || chart === 'errorRatio' || chart === 'tcpConnections')
    .map(([chart, query]) => ({ name: `metrics tab: ${chart} of a workload's outbound by destination`, query })),
  // The console's graph (Kiali's base queries, istio-metrics.md §3.2), per namespace.
  {
    name: 'graph: requests into a namespace',
    query: `sum(rate(istio_requests_total{reporter="destination",destination_workload_namespace="bookinfo"}[5m])) by (${HTTP_EDGE}) > 0`,
  },
  {
    name: 'graph: requests out of a namespace',
    query: `sum(rate(istio_requests_total{reporter="source",source_workload_namespace="bookinfo"}[10m])) by (${HTTP_EDGE}) > 0`,
  },
  {
    name: 'graph: requests that never reached a workload',
    query: `sum(rate(istio_requests_total{reporter="source",source_workload_namespace!="bookinfo",destination_workload_namespace="unknown",destination_workload="unknown",destination_service=~"^.+\\\\.bookinfo\\\\..+$"}[1m])) by (${HTTP_EDGE}) > 0`,
  },
  {
    name: 'graph: p95 response time per edge',
    query: `histogram_quantile(0.95, sum(rate(istio_request_duration_milliseconds_bucket{reporter="destination",destination_workload_namespace="bookinfo"}[5m])) by (le,source_workload,destination_workload,request_protocol)) > 0`,
  },
  {
    name: 'graph: average response time per edge',
    query:
      'sum(rate(istio_request_duration_milliseconds_sum{reporter="destination"}[5m])) by (source_workload,destination_workload) / sum(rate(istio_request_duration_milliseconds_count{reporter="destination"}[5m])) by (source_workload,destination_workload)',
  },
  {
    name: 'graph: share of mutual TLS per edge',
    query:
      'sum(rate(istio_requests_total{reporter="destination",connection_security_policy="mutual_tls"}[5m])) by (source_workload,destination_workload) / sum(rate(istio_requests_total{reporter="destination"}[5m])) by (source_workload,destination_workload)',
  },
  {
    name: 'graph: TCP bytes sent',
    query:
      'sum(rate(istio_tcp_sent_bytes_total{reporter="destination"}[5m])) by (source_workload,destination_workload) > 0',
  },
  {
    name: 'health: request rate per workload',
    query:
      'rate(istio_requests_total{destination_workload_namespace="bookinfo",destination_workload="reviews-v2"}[5m]) > 0',
  },
  {
    name: 'canary: success ratio (Flagger)',
    query:
      'sum(rate(istio_requests_total{reporter="destination",destination_workload_namespace="bookinfo",destination_workload=~"reviews-v.*",response_code!~"5.*"}[1m])) / sum(rate(istio_requests_total{reporter="destination",destination_workload_namespace="bookinfo",destination_workload=~"reviews-v.*"}[1m]))',
  },
  {
    name: 'canary: p99 latency (Flagger)',
    query:
      'histogram_quantile(0.99, sum(rate(istio_request_duration_milliseconds_bucket{reporter="destination",destination_workload_namespace="bookinfo",destination_workload=~"reviews-v.*"}[1m])) by (le))',
  },
  {
    name: 'metrics: p50/p95/p99 by version',
    query:
      'histogram_quantile(0.5, sum by (le, destination_canonical_revision) (rate(istio_request_duration_milliseconds_bucket{destination_service_name="reviews"}[2m])))',
  },
  {
    name: 'metrics: 5xx rate by service',
    query: 'sum by (destination_service) (rate(istio_requests_total{response_code=~"5.."}[5m]))',
  },
  {
    name: 'metrics: grpc errors',
    query:
      'sum by (grpc_response_status) (increase(istio_requests_total{request_protocol="grpc",grpc_response_status!="0"}[5m]))',
  },

  // Selectors and matchers.
  { name: 'selector: one series', query: 'istio_requests_total{reporter="source",destination_workload="details-v1"}' },
  { name: 'selector: not equal', query: 'mesh_gauge{kind!="odd"}' },
  {
    name: 'selector: regex',
    query: 'istio_requests_total{destination_workload=~"reviews-v[12]",reporter="destination"}',
  },
  {
    name: 'selector: negative regex',
    query: 'istio_requests_total{destination_workload!~"reviews.*|details.*",reporter="source"}',
  },
  { name: 'selector: by __name__ regex', query: '{__name__=~"mesh_.*|istio_tcp.*"}' },
  { name: 'selector: empty matcher means absent label', query: 'mesh_gauge{kind="odd",missing=""}' },
  { name: 'selector: offset', query: 'mesh_gauge offset 10m' },
  { name: 'selector: negative offset', query: 'mesh_gauge offset -5m' },
  { name: 'selector: @ a time', query: 'mesh_gauge @ 1704068400' },
  { name: 'selector: @ end()', query: 'mesh_gauge @ end()' },
  { name: 'selector: range vector', query: 'mesh_gauge{kind="ratio"}[1m]', instantOnly: true },
  {
    name: 'selector: range vector with offset and @',
    query: 'mesh_gauge{kind="temperature"}[2m] offset 1m @ 1704068400',
    instantOnly: true,
  },
  {
    name: 'selector: series that went away (lookback)',
    query: 'istio_requests_total{destination_workload="ratings-v1"}',
  },
  {
    name: 'selector: series that started late',
    query: 'istio_requests_total{destination_workload="reviews-v3",reporter="destination"}',
  },
  { name: 'selector: nothing matches', query: 'istio_requests_total{destination_workload="nope"}' },

  // Range functions.
  { name: 'rate over counter resets', query: 'rate(istio_requests_total{destination_workload="reviews-v1"}[5m])' },
  {
    name: 'increase over counter resets',
    query: 'increase(istio_requests_total{destination_workload="reviews-v1"}[3m])',
  },
  { name: 'rate of the out-of-phase TCP counter', query: 'rate(istio_tcp_sent_bytes_total[1m])' },
  { name: 'rate with few samples', query: 'rate(istio_requests_total{destination_workload="ratings-v1"}[30s])' },
  { name: 'rate with offset', query: 'rate(istio_requests_total{reporter="source"}[2m] offset 3m)' },
  { name: 'rate @', query: 'rate(istio_requests_total{reporter="source"}[5m] @ 1704068700)' },
  { name: 'irate', query: 'irate(istio_requests_total{reporter="destination"}[1m])' },
  { name: 'delta of a gauge', query: 'delta(mesh_gauge[5m])' },
  { name: 'idelta of a gauge', query: 'idelta(mesh_gauge[2m])' },
  { name: 'avg_over_time', query: 'avg_over_time(mesh_gauge[5m])' },
  { name: 'min_over_time', query: 'min_over_time(mesh_gauge[3m])' },
  { name: 'max_over_time', query: 'max_over_time(mesh_gauge[3m])' },
  { name: 'sum_over_time', query: 'sum_over_time(mesh_gauge{kind!="odd"}[2m])' },
  { name: 'count_over_time', query: 'count_over_time(istio_requests_total{reporter="source"}[4m])' },
  { name: 'last_over_time', query: 'last_over_time(mesh_gauge[1m])' },
  {
    name: 'changes and resets',
    query:
      'changes(mesh_gauge[10m]) + resets(istio_requests_total{destination_workload="reviews-v1",reporter="destination",response_code="200"}[10m])',
  },
  { name: 'stddev_over_time', query: 'stddev_over_time(mesh_gauge{kind="temperature"}[10m])' },
  { name: 'quantile_over_time', query: 'quantile_over_time(0.9, mesh_gauge{kind="ratio"}[10m])' },

  // Instant functions.
  {
    name: 'histogram_quantile over Istio buckets per series',
    query: 'histogram_quantile(0.9, rate(istio_request_duration_milliseconds_bucket{reporter="source"}[5m]))',
  },
  {
    name: 'histogram_quantile of all traffic',
    query: 'histogram_quantile(0.999, sum by (le) (rate(istio_request_duration_milliseconds_bucket[10m])))',
  },
  {
    name: 'histogram_quantile with an out-of-range quantile',
    query: 'histogram_quantile(1.5, sum by (le) (rate(istio_request_duration_milliseconds_bucket[5m])))',
  },
  { name: 'label_replace', query: 'label_replace(mesh_gauge, "ns_short", "$1", "namespace", "(...).*")' },
  { name: 'label_replace that does not match', query: 'label_replace(mesh_gauge, "x", "$1", "kind", "zzz(.*)")' },
  { name: 'label_join', query: 'label_join(mesh_gauge, "id", "/", "namespace", "kind")' },
  {
    name: 'abs, ceil, floor, round',
    query:
      'abs(mesh_gauge{kind="ratio"}) + ceil(mesh_gauge{kind="ratio"}) + floor(mesh_gauge{kind="ratio"}) + round(mesh_gauge{kind="ratio"}, 0.1)',
  },
  { name: 'clamp_min and clamp_max', query: 'clamp_max(clamp_min(mesh_gauge, 0.1), 21)' },
  { name: 'time and vector', query: 'vector(time()) - 1704067200' },
  { name: 'scalar of one series', query: 'scalar(mesh_gauge{kind="temperature"}) * 2' },
  { name: 'scalar of several series is NaN', query: 'scalar(mesh_gauge)' },
  {
    name: 'absent of a missing series',
    query: 'absent(istio_requests_total{destination_workload="nope",reporter="source",code=~"5.."})',
  },
  { name: 'absent of a present series', query: 'absent(mesh_gauge)' },
  { name: 'timestamp', query: 'timestamp(mesh_gauge{kind="ratio"})' },

  // Aggregations.
  { name: 'sum by', query: 'sum by (destination_workload, reporter) (istio_requests_total)' },
  {
    name: 'sum without',
    query: 'sum without (pod, namespace, le) (rate(istio_request_duration_milliseconds_bucket{le=~"25|\\\\+Inf"}[5m]))',
  },
  { name: 'avg', query: 'avg by (reporter) (rate(istio_requests_total[5m]))' },
  { name: 'min and max', query: 'min(mesh_gauge) - max(mesh_gauge{kind!="odd"})' },
  { name: 'count', query: 'count by (destination_service_namespace) (istio_requests_total)' },
  { name: 'topk', query: 'topk(3, rate(istio_requests_total{reporter="destination"}[5m]))' },
  { name: 'bottomk by (with ties)', query: 'bottomk by (reporter) (2, rate(istio_requests_total[5m]))' },
  { name: 'topk of float sums', query: 'topk by (reporter) (3, rate(istio_request_duration_milliseconds_sum[5m]))' },
  { name: 'quantile', query: 'quantile(0.75, rate(istio_requests_total[5m]))' },
  { name: 'count_values', query: 'count_values("code", istio_requests_total * 0 + 1)' },
  {
    name: 'stddev and stdvar',
    query: 'stddev(rate(istio_requests_total[5m])) + stdvar by (reporter) (rate(istio_requests_total[5m]))',
  },
  { name: 'group', query: 'group by (destination_workload) (istio_requests_total)' },

  // Binary operators and vector matching.
  { name: 'arithmetic with a scalar', query: 'istio_requests_total{reporter="source"} / 60 + 1' },
  { name: 'scalar on the left', query: '100 - mesh_gauge' },
  { name: 'power and modulo', query: 'mesh_gauge{kind="ratio"} ^ 2 % 0.3' },
  { name: 'comparison filter keeps the name', query: 'mesh_gauge > 1' },
  { name: 'comparison with bool', query: 'mesh_gauge >= bool 20' },
  { name: 'scalar comparison with bool', query: '2 > bool 1' },
  { name: 'scalar on the left of a comparison', query: '5 < mesh_gauge' },
  {
    name: 'one-to-one matching on all labels',
    query: 'istio_request_duration_milliseconds_sum / istio_request_duration_milliseconds_count',
  },
  {
    name: 'one-to-one with on',
    query:
      'sum by (destination_workload) (istio_requests_total) / on (destination_workload) sum by (destination_workload) (istio_request_duration_milliseconds_count)',
  },
  {
    name: 'one-to-one with ignoring',
    query:
      'istio_requests_total{response_code="200"} / ignoring (response_code, response_flags) istio_requests_total{response_code="200"}',
  },
  {
    name: 'group_left',
    query:
      'istio_requests_total{reporter="destination"} / on (destination_workload) group_left sum by (destination_workload) (istio_requests_total{reporter="destination"})',
  },
  {
    name: 'group_left with labels',
    query:
      'sum by (destination_workload, response_code) (istio_requests_total) * on (destination_workload) group_left (destination_canonical_revision) max by (destination_workload, destination_canonical_revision) (istio_requests_total)',
  },
  {
    name: 'group_right',
    query:
      'sum by (destination_workload) (istio_requests_total) / on (destination_workload) group_right sum by (destination_workload, reporter) (istio_requests_total)',
  },
  {
    name: 'vector comparison with bool',
    // request_operation in the match: the gRPC servers split their series by operation, the callers do not.
    query:
      'istio_requests_total{reporter="source"} > bool on (destination_workload, response_code, grpc_response_status, source_workload, request_operation) istio_requests_total{reporter="destination"}',
  },
  { name: 'and', query: 'mesh_gauge and mesh_gauge > 1' },
  { name: 'or', query: 'mesh_gauge{kind="ratio"} or on (namespace) mesh_gauge' },
  {
    name: 'unless',
    query:
      'istio_requests_total unless on (destination_workload) istio_requests_total{destination_workload=~"reviews.*"}',
  },
  { name: 'unary minus', query: '-mesh_gauge' },

  // Subqueries.
  {
    name: 'max of a rate over a subquery',
    query:
      'max_over_time(rate(istio_requests_total{reporter="source",destination_workload="productpage-v1"}[1m])[10m:30s])',
  },
  { name: 'subquery with the default step', query: 'avg_over_time(sum(rate(istio_requests_total[2m]))[15m:])' },
  { name: 'rate over a subquery', query: 'rate(sum(istio_requests_total{destination_workload="details-v1"})[5m:1m])' },
  { name: 'subquery with offset', query: 'min_over_time(mesh_gauge{kind="temperature"}[10m:1m] offset 5m)' },
  { name: 'subquery as a range vector', query: 'mesh_gauge{kind="temperature"}[3m:1m]', instantOnly: true },

  // Literals.
  { name: 'number', query: '42' },
  { name: 'string', query: '"hello"', instantOnly: true },
  { name: 'NaN and Inf literals', query: 'vector(NaN) or vector(Inf)' },
];
