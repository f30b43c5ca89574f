import { describe, expect, it } from 'vitest';
import { METRIC_CHARTS } from '../../../../lib/api/entity-metrics.js';
import { InputError } from '../../../../server/errors.js';
import type { EntityRef } from '../../../../lib/api/entity-ref.js';
import { entityMetricsQueries } from '../../../../server/telemetry/entity-metrics-queries.js';

const saLogic: EntityRef = { resource: 'apps', namespace: 'demo', name: 'sa-logic' };
const queriesOf = (
  entity: EntityRef,
  query: Parameters<typeof entityMetricsQueries>[0]['query'] = { direction: 'inbound', reporter: 'destination' },
) => entityMetricsQueries({ entity, query, rateWindow: '60s' });

describe("the Metrics tab's queries", () => {
  it('are one range query per chart, each narrowed to the entity and one reporter', () => {
    const queries = queriesOf(saLogic);
    expect(Object.keys(queries)).toEqual([...METRIC_CHARTS]);
    for (const query of Object.values(queries)) {
      // Every metric selector of every chart names the entity: no query reads the whole mesh.
      for (const selector of query.match(/istio_[a-z_]+\{[^}]*\}/g)!) {
        expect(selector).toContain('destination_workload_namespace="demo"');
        expect(selector).toContain('destination_canonical_service="sa-logic"');
        expect(selector).toContain('reporter="destination"');
      }
    }
  });

  it('select a workload by its name on the side of the direction: the caller’s labels for outbound', () => {
    const queries = queriesOf(
      { resource: 'workloads', namespace: 'demo', name: 'sa-webapp' },
      { direction: 'outbound', reporter: 'source' },
    );
    expect(queries.requestRate).toBe(
      'sum(rate(istio_requests_total{source_workload_namespace="demo",source_workload="sa-webapp",reporter="source"}[60s]))',
    );
  });

  it('select a service by the service its requests were aimed at', () => {
    const queries = queriesOf({ resource: 'services', namespace: 'demo', name: 'sa-logic' });
    expect(queries.requestRate).toContain(
      'destination_service_namespace="demo",destination_service_name="sa-logic",reporter="destination"',
    );
  });

  it('refuse the outbound metrics of a service, naming the parameter, as Kiali does', () => {
    expect(() =>
      queriesOf(
        { resource: 'services', namespace: 'demo', name: 'sa-logic' },
        { direction: 'outbound', reporter: 'source' },
      ),
    ).toThrow(InputError);
    expect(() =>
      queriesOf(
        { resource: 'services', namespace: 'demo', name: 'sa-logic' },
        { direction: 'outbound', reporter: 'source' },
      ),
    ).toThrow(/direction=outbound/);
  });

  it.each([
    ['source', 'inbound', 'source_workload_namespace,source_workload'],
    ['destination', 'outbound', 'destination_service_namespace,destination_service_name'],
    ['version', 'inbound', 'destination_version'],
    ['version', 'outbound', 'source_version'],
    ['code', 'inbound', 'response_code'],
    ['protocol', 'inbound', 'request_protocol'],
  ] as const)('split by %s (%s) group every chart by %s', (by, direction, labels) => {
    const queries = queriesOf(saLogic, {
      direction,
      by,
      reporter: direction === 'inbound' ? 'destination' : 'source',
    });
    expect(queries.requestRate).toMatch(new RegExp(`^sum by \\(${labels}\\) \\(rate\\(`));
    // Quantiles keep the buckets apart per split value, and only then take the quantile.
    expect(queries.durationP95).toContain(`histogram_quantile(0.95, sum by (le,${labels}) (rate(`);
    expect(queries.tcpSent).toContain(`sum by (${labels})`);
  });

  it('count errors as the graph does, and read a split without errors as 0', () => {
    const { errorRatio } = queriesOf(saLogic, { direction: 'inbound', by: 'version', reporter: 'destination' });
    expect(errorRatio).toContain('response_code=~"0|5.."');
    expect(errorRatio).toContain('grpc_response_status=~"[1-9]|1[0-6]"');
    expect(errorRatio).toMatch(/^\(.* or 0 \* sum by \(destination_version\) .*\) \/ sum by \(destination_version\)/);
  });

  it('average durations and sizes from their histograms’ sum and count', () => {
    const queries = queriesOf(saLogic);
    expect(queries.durationMean).toContain('istio_request_duration_milliseconds_sum{');
    expect(queries.durationMean).toContain(' / sum(rate(istio_request_duration_milliseconds_count{');
    expect(queries.requestSize).toContain('istio_request_bytes_sum{');
    expect(queries.responseSize).toContain('istio_response_bytes_count{');
  });

  it('tell opened from closed TCP connections in one query', () => {
    const { tcpConnections } = queriesOf(saLogic);
    expect(tcpConnections).toContain('istio_tcp_connections_opened_total{');
    expect(tcpConnections).toContain('"event", "opened"');
    expect(tcpConnections).toContain('istio_tcp_connections_closed_total{');
    expect(tcpConnections).toContain('"event", "closed"');
  });

  it('quote label values as PromQL strings', () => {
    const { requestRate } = queriesOf({ resource: 'workloads', namespace: 'demo', name: 'a"b' });
    expect(requestRate).toContain('destination_workload="a\\"b"');
  });
});
