'use client';
import type { GraphSeriesResponse } from '@/lib/api/graph-series';
import { formatDuration, formatPercent, formatRps } from '@/lib/format';
import { TimeSeriesChart } from '../charts/time-series-chart';
import { timeAxis, type TimeAxis } from './model/graph-chart-axes';
import { formatBytesPerSecond, windowAverageLabel } from './model/graph-labels';
import { lastValue } from './latency-figures';

type Point = [number, number];

const time = (t: number) => new Date(t * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

function Chart({
  title,
  summary,
  lines,
  format,
  x,
  ratio = false,
}: {
  title: string;
  summary: string;
  lines: { name: string; points: Point[]; color: string }[];
  /** How a value reads on the axis, in the tooltip and in the caption: one formatter per unit for the whole app. */
  format: (value: number) => string;
  /** The panel's one time axis: every chart of it spans the same window, up to now. */
  x: TimeAxis;
  /** A 0..1 ratio: the axis stops at 100 % at most (recharts' own guess for all-zero data is 0..4, "400%"). */
  ratio?: boolean;
}) {
  return (
    <figure aria-label={`${title}: ${summary}`} className="space-y-1">
      <figcaption className="flex justify-between text-xs text-slate-600">
        <span className="font-medium">{title}</span>
        <span>{summary}</span>
      </figcaption>
      {/* Several lines: which colour is which, as a person reads it next to the chart. */}
      {lines.length > 1 && (
        <ul aria-label={`${title} legend`} className="flex gap-3 text-xs text-slate-600">
          {lines.map((line) => (
            <li key={line.name} className="flex items-center gap-1">
              <span aria-hidden="true" className="inline-block h-0.5 w-3" style={{ backgroundColor: line.color }} />
              {line.name}
            </li>
          ))}
        </ul>
      )}
      <TimeSeriesChart
        lines={lines.map((l) => ({ key: l.name, name: l.name, points: l.points, colour: l.color }))}
        x={x}
        format={format}
        ratio={ratio}
        size={{ width: 300, height: 110, margin: { top: 4, right: 6, bottom: 0, left: 0 } }}
        yAxisWidth={56}
        tooltipTime={time}
      />
    </figure>
  );
}

/**
 * The panel's one time axis: the window, up to the last point any of its series has (the request rate runs to now
 * while requests are counted), so a latency line that stopped with the traffic ends early instead of stretching.
 */
function sharedTimeAxis(series: GraphSeriesResponse, windowSeconds: number): TimeAxis {
  const all = [series.rps, series.errorRatio, series.p50, series.p95, series.p99, series.tcpSent, series.tcpReceived];
  const end = Math.max(0, ...all.map((points) => points.at(-1)?.[0] ?? 0));
  const domain: [number, number] = [end - windowSeconds, end];
  return { domain, ...timeAxis(...domain) };
}

/** "0.06 rps 5 min avg · 0.19 rps now": the panel's figure for the window, then the chart's last point. */
function caption(
  format: (v: number) => string,
  average: number | undefined,
  avgLabel: string,
  now: number | undefined,
) {
  const parts = [];
  if (average !== undefined) parts.push(`${format(average)} ${avgLabel}`);
  if (now !== undefined) parts.push(`${format(now)} now`);
  else parts.push(average === undefined ? 'no data' : 'no data now');
  return parts.join(' · ');
}

/**
 * Request rate, errors and latency (and TCP bytes where there are) over the window, from /api/graph/series.
 * `average` is the side panel's figure for the window (from the graph answer): the caption repeats it beside "now",
 * so the two numbers a person reads for one thing are both named.
 */
export function SeriesCharts({
  series,
  windowSeconds,
  average,
}: {
  series: GraphSeriesResponse;
  windowSeconds: number;
  average?: { rps: number; errorRatio: number };
}) {
  const rps = lastValue(series.rps);
  const errors = lastValue(series.errorRatio);
  const p95 = lastValue(series.p95);
  const hasTcp = series.tcpSent.length > 0 || series.tcpReceived.length > 0;
  const x = sharedTimeAxis(series, windowSeconds);
  const avgLabel = windowAverageLabel(windowSeconds);
  const direction =
    series.direction === 'edge' ? 'On this edge' : series.direction === 'inbound' ? 'Inbound' : 'Outbound';
  return (
    <div className="space-y-3">
      <p className="text-xs text-slate-500">
        {direction}, one point every {series.stepSeconds} s
      </p>
      {(series.rps.length > 0 || !hasTcp) && (
        <>
          <Chart
            title="Request rate"
            summary={caption(formatRps, average?.rps, avgLabel, rps)}
            format={formatRps}
            x={x}
            lines={[{ name: 'rps', points: series.rps, color: '#0284c7' }]}
          />
          <Chart
            title="Errors"
            summary={caption(formatPercent, average?.errorRatio, avgLabel, errors)}
            format={formatPercent}
            x={x}
            ratio
            lines={[{ name: 'errors', points: series.errorRatio, color: '#dc2626' }]}
          />
          <Chart
            title="Response time"
            summary={p95 === undefined ? 'no data' : `p95 ${formatDuration(p95)} now`}
            format={formatDuration}
            x={x}
            lines={[
              { name: 'p50', points: series.p50, color: '#16a34a' },
              { name: 'p95', points: series.p95, color: '#f59e0b' },
              { name: 'p99', points: series.p99, color: '#7c3aed' },
            ]}
          />
        </>
      )}
      {hasTcp && (
        <Chart
          title="TCP traffic"
          summary={`${formatBytesPerSecond(lastValue(series.tcpSent) ?? 0)} sent, ${formatBytesPerSecond(lastValue(series.tcpReceived) ?? 0)} received now`}
          format={formatBytesPerSecond}
          x={x}
          lines={[
            { name: 'sent', points: series.tcpSent, color: '#0284c7' },
            { name: 'received', points: series.tcpReceived, color: '#16a34a' },
          ]}
        />
      )}
    </div>
  );
}
