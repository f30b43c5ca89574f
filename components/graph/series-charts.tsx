'use client';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { GraphSeriesResponse } from '@/lib/api/graph-series';
import { formatDuration, formatPercent, formatRps } from '@/lib/format';
import { formatBytesPerSecond } from '@/lib/graph-labels';
import { lastValue } from './latency-figures';

type Point = [number, number];

const time = (t: number) => new Date(t * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

function Chart({
  title,
  summary,
  lines,
  format,
}: {
  title: string;
  summary: string;
  lines: { name: string; points: Point[]; color: string }[];
  /** How a value reads on the axis, in the tooltip and in the caption: one formatter per unit for the whole app. */
  format: (value: number) => string;
}) {
  // One row per timestamp with a column per line, as recharts wants it.
  const rows = new Map<number, Record<string, number>>();
  for (const line of lines) {
    for (const [t, v] of line.points) {
      const row = rows.get(t) ?? { t };
      row[line.name] = v;
      rows.set(t, row);
    }
  }
  const data = [...rows.values()].sort((a, b) => a['t']! - b['t']!);
  return (
    <figure aria-label={`${title}: ${summary}`} className="space-y-1">
      <figcaption className="flex justify-between text-xs text-slate-600">
        <span className="font-medium">{title}</span>
        <span>{summary}</span>
      </figcaption>
      {data.length === 0 ? (
        <p className="text-xs text-slate-500">No data points in the window.</p>
      ) : (
        <LineChart width={300} height={110} data={data} margin={{ top: 4, right: 6, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="t" tickFormatter={time} tick={{ fontSize: 9 }} minTickGap={40} />
          {/* A tick is one line: recharts breaks "100 ms" in two at the space, the unit under the number. */}
          <YAxis
            tick={{ fontSize: 9 }}
            domain={[0, 'auto']}
            tickFormatter={(v: number) => format(v).replaceAll(' ', '\u00a0')}
            width={56}
          />
          <Tooltip
            labelFormatter={(t) => time(Number(t))}
            formatter={(v) => format(Number(v))}
            contentStyle={{ fontSize: 11 }}
          />
          {lines.map((line) => (
            <Line
              key={line.name}
              dataKey={line.name}
              stroke={line.color}
              dot={false}
              strokeWidth={1.5}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      )}
    </figure>
  );
}

/** Request rate, errors and latency (and TCP bytes where there are) over the window, from /api/graph/series. */
export function SeriesCharts({ series }: { series: GraphSeriesResponse }) {
  const rps = lastValue(series.rps);
  const errors = lastValue(series.errorRatio);
  const p95 = lastValue(series.p95);
  const hasTcp = series.tcpSent.length > 0 || series.tcpReceived.length > 0;
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
            summary={rps === undefined ? 'no data' : `${formatRps(rps)} now`}
            format={formatRps}
            lines={[{ name: 'rps', points: series.rps, color: '#0284c7' }]}
          />
          <Chart
            title="Errors"
            summary={errors === undefined ? 'no data' : `${formatPercent(errors)} now`}
            format={formatPercent}
            lines={[{ name: 'errors', points: series.errorRatio, color: '#dc2626' }]}
          />
          <Chart
            title="Response time"
            summary={p95 === undefined ? 'no data' : `p95 ${formatDuration(p95)} now`}
            format={formatDuration}
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
          lines={[
            { name: 'sent', points: series.tcpSent, color: '#0284c7' },
            { name: 'received', points: series.tcpReceived, color: '#16a34a' },
          ]}
        />
      )}
    </div>
  );
}
