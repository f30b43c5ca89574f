import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { entityMetricsResponse, METRIC_CHARTS } from '../../../../lib/api/entity-metrics.js';
import type { Series } from '../../../../server/sources/prometheus.js';
import { buildEntityMetrics, chartSeries } from '../../../../server/telemetry/entity-metrics.js';
import { WIRE } from '../../../helpers/fixtures.js';

// Prometheus' own /api/v1/query_range example (docs/querying/api.md), numbers read as the source reads them.
function wireMatrix(file: string): Series[] {
  const wire = JSON.parse(readFileSync(`${WIRE}/${file}`, 'utf8')) as {
    data: { result: { metric: Record<string, string>; values: [number, string][] }[] };
  };
  return wire.data.result.map((r) => ({ metric: r.metric, values: r.values.map(([t, v]) => [t, Number(v)]) }));
}

describe("the Metrics tab's charts", () => {
  it('carry each series of a real range answer with its labels and points, without the metric name', () => {
    const series = chartSeries(wireMatrix('prometheus-query-range-matrix.json'));
    expect(series).toEqual([
      {
        labels: { instance: 'localhost:9090', job: 'prometheus' },
        points: [
          [1435781430.781, 1],
          [1435781445.781, 1],
          [1435781460.781, 1],
        ],
      },
      {
        labels: { instance: 'localhost:9091', job: 'node' },
        points: [
          [1435781430.781, 0],
          [1435781445.781, 0],
          [1435781460.781, 1],
        ],
      },
    ]);
  });

  it('leave out points Prometheus could not compute (a quantile or ratio over no requests) and series left empty', () => {
    const series = chartSeries([
      {
        metric: { destination_version: 'v1' },
        values: [
          [1, Number.NaN],
          [2, 0.5],
          [3, Number.POSITIVE_INFINITY],
        ],
      },
      { metric: { destination_version: 'v2' }, values: [[1, Number.NaN]] },
    ]);
    expect(series).toEqual([{ labels: { destination_version: 'v1' }, points: [[2, 0.5]] }]);
  });

  it('order series by their labels, whatever order Prometheus answered in', () => {
    const series = chartSeries([
      { metric: { destination_version: 'v2' }, values: [[1, 1]] },
      { metric: { destination_version: 'v1' }, values: [[1, 9]] },
    ]);
    expect(series.map((s) => s.labels['destination_version'])).toEqual(['v1', 'v2']);
  });

  it('answer every chart with its unit, empty when Prometheus had nothing, and the markers oldest first', () => {
    const answer = buildEntityMetrics({ requestRate: [{ metric: {}, values: [[1, 2]] }] }, [
      { time: 20, kind: 'VirtualService', namespace: 'demo', name: 'sa-logic', change: 'spec changed by kubectl' },
      { time: 10, kind: 'DestinationRule', namespace: 'demo', name: 'sa-logic', change: 'created by kubectl' },
    ]);
    expect(entityMetricsResponse.parse(answer)).toEqual(answer);
    expect(answer.charts.map((c) => c.name)).toEqual([...METRIC_CHARTS]);
    expect(answer.charts[0]).toEqual({ name: 'requestRate', unit: 'rps', series: [{ labels: {}, points: [[1, 2]] }] });
    expect(Object.fromEntries(answer.charts.map((c) => [c.name, c.unit]))).toMatchObject({
      errorRatio: 'ratio',
      durationP95: 'ms',
      requestSize: 'bytes',
      tcpSent: 'bytes/s',
      tcpConnections: 'cps',
    });
    expect(answer.charts[1]!.series).toEqual([]);
    expect(answer.markers.map((m) => m.time)).toEqual([10, 20]);
  });
});
