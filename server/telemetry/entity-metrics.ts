// The Metrics tab's answer from Prometheus' answers (no I/O): one chart per query, its series keyed by the split's
// labels, with the points Prometheus could compute (a quantile or ratio over no requests is NaN: left out, not 0).
import {
  METRIC_CHARTS,
  type ConfigChangeMarker,
  type EntityMetricsResponse,
  type MetricChart,
  type MetricChartName,
  type MetricSeries,
} from '../../lib/api/entity-metrics.js';
import type { Series } from '../sources/prometheus.js';

const CHART_UNITS: Record<MetricChartName, MetricChart['unit']> = {
  requestRate: 'rps',
  errorRatio: 'ratio',
  durationP50: 'ms',
  durationP95: 'ms',
  durationP99: 'ms',
  durationMean: 'ms',
  requestSize: 'bytes',
  responseSize: 'bytes',
  tcpSent: 'bytes/s',
  tcpReceived: 'bytes/s',
  tcpConnections: 'cps',
};

const labelKey = (labels: Record<string, string>) =>
  Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',');

/** One chart's series: Prometheus' own name label dropped, non-finite points left out, series in a stable order. */
export function chartSeries(answer: Series[]): MetricSeries[] {
  const series: MetricSeries[] = [];
  for (const s of answer) {
    const { __name__: _, ...labels } = s.metric;
    const points = s.values.filter(([, v]) => Number.isFinite(v));
    if (points.length > 0) series.push({ labels, points });
  }
  return series.sort((a, b) => labelKey(a.labels).localeCompare(labelKey(b.labels)));
}

/** The whole answer: every chart in the contract's order, whether or not it has series. */
export function buildEntityMetrics(
  answers: Partial<Record<MetricChartName, Series[]>>,
  markers: ConfigChangeMarker[],
): EntityMetricsResponse {
  return {
    charts: METRIC_CHARTS.map((name) => ({ name, unit: CHART_UNITS[name], series: chartSeries(answers[name] ?? []) })),
    markers: [...markers].sort((a, b) => a.time - b.time),
  };
}
