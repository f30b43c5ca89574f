// How the Metrics tab names its charts and series and reads its values, as pure functions.
import type { MetricChart, MetricChartName, MetricSeries } from '../../lib/api/entity-metrics.js';
import { formatDuration, formatPercent, formatRps } from '../../lib/format.js';
import { formatBytesPerSecond } from '../graph/model/graph-labels.js';

export const CHART_TITLES: Record<MetricChartName, string> = {
  requestRate: 'Request rate',
  errorRatio: 'Error ratio',
  durationP50: 'Duration p50',
  durationP95: 'Duration p95',
  durationP99: 'Duration p99',
  durationMean: 'Duration mean',
  requestSize: 'Request size',
  responseSize: 'Response size',
  tcpSent: 'TCP sent',
  tcpReceived: 'TCP received',
  tcpConnections: 'TCP connections',
};

/** A size in bytes, in binary units as Envoy counts them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}

function formatConnections(perSecond: number): string {
  if (perSecond === 0) return '0 conn/s';
  if (perSecond < 0.01) return '<0.01 conn/s';
  return `${perSecond < 10 ? perSecond.toFixed(2) : perSecond.toFixed(1)} conn/s`;
}

/** One formatter per unit, for the axis, the tooltip and the legend alike. */
export function unitFormat(unit: MetricChart['unit']): (value: number) => string {
  switch (unit) {
    case 'rps':
      return formatRps;
    case 'ratio':
      return formatPercent;
    case 'ms':
      return formatDuration;
    case 'bytes':
      return formatBytes;
    case 'bytes/s':
      return formatBytesPerSecond;
    case 'cps':
      return formatConnections;
  }
}

// A namespace and a name read as one: "demo/sa-webapp-v1".
const PAIRS: [string, string][] = [
  ['source_workload_namespace', 'source_workload'],
  ['destination_service_namespace', 'destination_service_name'],
];

/** A series as its legend names it: the split's values ("v2", "demo/sa-webapp-v1", "503"), "all" when not split. */
export function seriesName(series: Pick<MetricSeries, 'labels'>): string {
  const labels = { ...series.labels };
  const parts: string[] = [];
  for (const [ns, name] of PAIRS) {
    if (labels[name] !== undefined) {
      parts.push(labels[ns] ? `${labels[ns]}/${labels[name]}` : labels[name]!);
      delete labels[ns];
      delete labels[name];
    }
  }
  const event = labels['event'];
  delete labels['event'];
  parts.push(
    ...Object.keys(labels)
      .sort()
      .map((k) => labels[k]!),
  );
  if (event) parts.push(event);
  return parts.length > 0 ? parts.join(' · ') : 'all';
}
