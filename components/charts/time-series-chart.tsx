'use client';
import type { ComponentProps, ReactNode } from 'react';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { rowsByTime, valueAxis, type TimeAxis } from '../graph/model/graph-chart-axes';

/** One line of a chart: `key` is its data key, `name` what the tooltip calls it. */
export interface ChartLine {
  key: string;
  name: string;
  points: [number, number][];
  colour: string;
}

type ChartEvents = Pick<
  ComponentProps<typeof LineChart>,
  'onMouseDown' | 'onMouseMove' | 'onMouseUp' | 'onMouseLeave' | 'style'
>;

/**
 * The one recharts body of the app's time-series charts (the graph side panel's and the Metrics tab's): lines over a
 * shared time axis, a value axis that reads in the chart's unit (a ratio stops at 100 %), one tick a line, and a
 * tooltip naming each line. What a chart adds on top (markers, trace dots, the chosen range, a drag) comes as
 * `children`, drawn over the lines, and `events`.
 */
export function TimeSeriesChart({
  lines,
  x,
  format,
  ratio = false,
  size,
  yAxisWidth,
  tooltipTime,
  clipToWindow = false,
  events,
  emptyClassName = 'text-xs text-slate-500',
  children,
}: {
  lines: ChartLine[];
  /** The time axis every chart of the panel or tab shares. */
  x: TimeAxis;
  /** How a value reads on the axis and in the tooltip. */
  format: (value: number) => string;
  /** A 0..1 ratio: the axis stops at 100 % at most. */
  ratio?: boolean;
  size: { width: number; height: number; margin: { top: number; right: number; bottom: number; left: number } };
  yAxisWidth: number;
  /** How the tooltip writes the time of the point under the pointer (unix seconds). */
  tooltipTime: (t: number) => string;
  /** Keep the time axis to the window even when overlays (trace dots) lie outside it. */
  clipToWindow?: boolean;
  events?: ChartEvents;
  emptyClassName?: string;
  children?: ReactNode;
}) {
  const data = rowsByTime(lines);
  if (data.length === 0) return <p className={emptyClassName}>No data points in the window.</p>;
  const y = valueAxis(
    ratio,
    lines.flatMap((l) => l.points.map(([, v]) => v)),
    format,
  );
  return (
    <LineChart width={size.width} height={size.height} data={data} margin={size.margin} {...events}>
      <CartesianGrid stroke="#e2e8f0" vertical={false} />
      <XAxis
        dataKey="t"
        type="number"
        domain={x.domain}
        ticks={x.ticks}
        tickFormatter={x.format}
        tick={{ fontSize: 9 }}
        interval={0}
        allowDataOverflow={clipToWindow}
      />
      {/* A tick is one line: recharts breaks "100 ms" in two at the space, the unit under the number. */}
      <YAxis
        tick={{ fontSize: 9 }}
        domain={y.domain}
        ticks={y.ticks}
        tickFormatter={(v: number) => y.format(v).replaceAll(' ', '\u00a0')}
        width={yAxisWidth}
      />
      <Tooltip
        labelFormatter={(t) => tooltipTime(Number(t))}
        formatter={(v, key) => [format(Number(v)), lines.find((l) => l.key === key)?.name ?? String(key)]}
        contentStyle={{ fontSize: 11 }}
      />
      {lines.map((line) => (
        <Line
          key={line.key}
          dataKey={line.key}
          name={line.name}
          stroke={line.colour}
          dot={false}
          strokeWidth={1.5}
          isAnimationActive={false}
          connectNulls={false}
        />
      ))}
      {children}
    </LineChart>
  );
}
