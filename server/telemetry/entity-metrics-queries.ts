// The Metrics tab's PromQL (no I/O): one range query per chart, over Istio's standard metrics and labels only
// (https://istio.io/latest/docs/reference/config/metrics/), so it works on any Istio installation. Every query is
// narrowed by the entity's labels and one reporter before it is summed, so its cost follows the entity's own series,
// not the mesh's size.
import type { EntityRef } from '../../lib/api/entity-ref.js';
import type { EntityMetricsQuery, MetricChartName, MetricSplit } from '../../lib/api/entity-metrics.js';
import { InputError } from '../errors.js';
// The errors as the graph's side panel charts count them.
import { ERROR_CODES, GRPC_ERRORS } from '../graph/graph-queries.js';
import { promString } from '../sources/prometheus.js';

type Side = 'source' | 'destination';

/**
 * The matchers selecting an entity's requests on its own side: the server's labels for inbound, the caller's for
 * outbound. An app is its canonical service (Istio's `service.istio.io/canonical-name`, which defaults to the `app`
 * label), as the graph and Kiali's metrics (business/metrics_labels_builder.go) select it.
 */
function entityMatchers(entity: EntityRef, direction: EntityMetricsQuery['direction']): string[] {
  const side: Side = direction === 'inbound' ? 'destination' : 'source';
  const m = (label: string, value: string) => `${side}_${label}=${promString(value)}`;
  switch (entity.resource) {
    case 'workloads':
      return [m('workload_namespace', entity.namespace), m('workload', entity.name)];
    case 'apps':
      return [m('workload_namespace', entity.namespace), m('canonical_service', entity.name)];
    case 'services':
      // A service only receives: Istio labels a request with the service it was aimed at, never one it came from.
      // Kiali refuses the same ("only 'inbound' direction is allowed for kind 'service'", models/metrics.go).
      if (direction === 'outbound')
        throw new InputError(
          `direction=outbound: a service sends no requests of its own; ask direction=inbound, or open one of the workloads of ${entity.name} for what they send`,
        );
      return [m('service_namespace', entity.namespace), m('service_name', entity.name)];
  }
}

/** The labels a split groups by, on the side that makes sense for the direction. */
function splitLabels(by: MetricSplit | undefined, direction: EntityMetricsQuery['direction']): string[] {
  switch (by) {
    case undefined:
      return [];
    case 'source':
      return ['source_workload_namespace', 'source_workload'];
    case 'destination':
      return ['destination_service_namespace', 'destination_service_name'];
    case 'version':
      // The entity's own versions: what each version received (inbound) or sent (outbound).
      return [direction === 'inbound' ? 'destination_version' : 'source_version'];
    case 'code':
      return ['response_code'];
    case 'protocol':
      return ['request_protocol'];
  }
}

/** Every chart's range query, by chart name. `rateWindow` is the range of each rate(), e.g. "60s". */
export function entityMetricsQueries(input: {
  entity: EntityRef;
  query: Pick<EntityMetricsQuery, 'direction' | 'by' | 'reporter'>;
  rateWindow: string;
}): Record<MetricChartName, string> {
  const { entity, query, rateWindow } = input;
  const selector = [...entityMatchers(entity, query.direction), `reporter=${promString(query.reporter)}`].join(',');
  const by = splitLabels(query.by, query.direction).join(',');
  const sel = (extra?: string) => `{${extra ? `${selector},${extra}` : selector}}`;
  const rate = (metric: string, extra?: string) => `rate(${metric}${sel(extra)}[${rateWindow}])`;
  const sum = (inner: string) => (by ? `sum by (${by}) (${inner})` : `sum(${inner})`);
  const requests = sum(rate('istio_requests_total'));
  const errors = sum(`${rate('istio_requests_total', ERROR_CODES)} or ${rate('istio_requests_total', GRPC_ERRORS)}`);
  const quantile = (q: string) =>
    `histogram_quantile(${q}, sum by (le${by ? `,${by}` : ''}) (${rate('istio_request_duration_milliseconds_bucket')}))`;
  const mean = (metric: string) => `${sum(rate(`${metric}_sum`))} / ${sum(rate(`${metric}_count`))}`;
  const event = (metric: string, name: string) => `label_replace(${sum(rate(metric))}, "event", "${name}", "", "")`;
  return {
    requestRate: requests,
    // A split with requests but no errors reads 0, not nothing: the `or` fills it in from the requests.
    errorRatio: `(${errors} or 0 * ${requests}) / ${requests}`,
    durationP50: quantile('0.5'),
    durationP95: quantile('0.95'),
    durationP99: quantile('0.99'),
    durationMean: mean('istio_request_duration_milliseconds'),
    requestSize: mean('istio_request_bytes'),
    responseSize: mean('istio_response_bytes'),
    tcpSent: sum(rate('istio_tcp_sent_bytes_total')),
    tcpReceived: sum(rate('istio_tcp_received_bytes_total')),
    tcpConnections: `${event('istio_tcp_connections_opened_total', 'opened')} or ${event('istio_tcp_connections_closed_total', 'closed')}`,
  };
}
