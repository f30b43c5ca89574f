'use client';
import type { GraphEdge } from '@/lib/api/graph';
import { useGraphSeries } from '@/lib/api/use-graph-series';
import { formatDuration } from '@/lib/format';

/** The last point of a series: what the charts' captions call "now". */
export const lastValue = (points: [number, number][]): number | undefined => points.at(-1)?.[1];

/**
 * An edge's p50 / p95 / p99 now, read from the very series its Response time chart draws (the same query, shared by
 * react-query), so the figure and the chart under it always agree. An edge between groups has no series of its own:
 * it shows the quantiles the graph answer carries, when it carries them.
 */
export function LatencyFigures({ edge, aggregated }: { edge: GraphEdge; aggregated: boolean }) {
  const series = useGraphSeries({ edge: edge.id }, { enabled: !aggregated });
  if (aggregated) return <>{[edge.p50, edge.p95, edge.p99].map(formatDuration).join(' / ')}</>;
  if (series.isPending) return <span className="text-slate-500">loading…</span>;
  if (!series.data) return <span className="text-slate-500">unavailable</span>;
  const { p50, p95, p99 } = series.data;
  if (p50.length + p95.length + p99.length === 0) return <>no requests in the window</>;
  return <>{[p50, p95, p99].map((points) => formatDuration(lastValue(points))).join(' / ')}</>;
}
