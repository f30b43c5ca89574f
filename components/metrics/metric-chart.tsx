'use client';
import { CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { ConfigChangeMarker, MetricChart as Chart } from '@/lib/api/entity-metrics';
import { rowsByTime, valueAxis, type TimeAxis } from '../graph/model/graph-chart-axes';
import { istioObjectPath } from '../ui/entity-link';
import { CHART_TITLES, seriesName, unitFormat } from './metric-format';

// Colours a person tells apart, the first two far apart (the canary's v1 and v2).
const COLOURS = ['#0284c7', '#ea580c', '#16a34a', '#9333ea', '#dc2626', '#ca8a04', '#0891b2', '#db2777', '#4b5563'];

const clock = (t: number) => new Date(t * 1000).toLocaleTimeString();

/** What a marker says, in its tooltip and to a screen reader. */
export const markerText = (m: ConfigChangeMarker) =>
  `${m.kind} ${m.namespace}/${m.name}: ${m.change} at ${clock(m.time)}`;

/**
 * A config change drawn where it happened: a numbered flag on top of its line, linking to the object, with the whole
 * change in the tooltip (an SVG title, which every browser shows on hover). A flag rather than the object's name:
 * names of changes made close together print over each other, and the newest one ran past the chart's right edge;
 * the numbers match the tab's list of changes, where the names are written out.
 */
function MarkerFlag({
  marker,
  number,
  viewBox,
}: {
  marker: ConfigChangeMarker;
  number: number;
  viewBox?: { x?: number; y?: number };
}) {
  const x = viewBox?.x ?? 0;
  const y = (viewBox?.y ?? 0) - 5;
  return (
    <a href={istioObjectPath(marker)} aria-label={markerText(marker)} data-marker="config-change">
      <title>{markerText(marker)}</title>
      <circle cx={x} cy={y} r={6} fill="#7c3aed" />
      <text x={x} y={y + 3} textAnchor="middle" fontSize={8} fill="#ffffff">
        {number}
      </text>
    </a>
  );
}

/** One chart of the Metrics tab: a line per series with its legend, and the page's config changes as markers. */
export function MetricChart({
  chart,
  markers,
  x,
}: {
  chart: Chart;
  /** The config changes inside the window, oldest first: flag n is the tab's list's nth. */
  markers: ConfigChangeMarker[];
  /** The tab's one time axis: every chart spans the same window. */
  x: TimeAxis;
}) {
  const title = CHART_TITLES[chart.name];
  const format = unitFormat(chart.unit);
  const lines = chart.series.map((s, i) => ({
    key: `s${i}`,
    name: seriesName(s),
    points: s.points,
    colour: COLOURS[i % COLOURS.length]!,
  }));
  const data = rowsByTime(lines);
  const y = valueAxis(
    chart.unit === 'ratio',
    lines.flatMap((l) => l.points.map(([, v]) => v)),
    format,
  );
  return (
    <figure aria-label={title} className="space-y-1 rounded border border-slate-200 bg-white p-2">
      <figcaption className="text-xs font-medium text-slate-700">{title}</figcaption>
      {lines.length > 0 && (
        <ul aria-label={`${title} legend`} className="flex flex-wrap gap-x-3 text-xs text-slate-600">
          {lines.map((line) => (
            <li key={line.key} className="flex items-center gap-1">
              <span aria-hidden="true" className="inline-block h-0.5 w-3" style={{ backgroundColor: line.colour }} />
              {/* The name and the last value apart, as words: "v2 0.02 rps", not "v20.02 rps". */}
              {line.name} <span className="text-slate-400">{format(line.points.at(-1)![1])}</span>
            </li>
          ))}
        </ul>
      )}
      {data.length === 0 ? (
        <p className="py-8 text-center text-xs text-slate-500">No data points in the window.</p>
      ) : (
        <LineChart
          width={340}
          height={158}
          data={data}
          // Room above the plot for the markers' flags, and on the right for the half of the last time label that
          // sticks out past the plot ("02:14 PM").
          margin={{ top: 14, right: 28, bottom: 0, left: 0 }}
        >
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis
            dataKey="t"
            type="number"
            domain={x.domain}
            ticks={x.ticks}
            tickFormatter={x.format}
            tick={{ fontSize: 9 }}
            interval={0}
            allowDataOverflow
          />
          {/* A tick is one line: recharts breaks "100 ms" in two at the space, the unit under the number. */}
          <YAxis
            tick={{ fontSize: 9 }}
            domain={y.domain}
            ticks={y.ticks}
            tickFormatter={(v: number) => y.format(v).replaceAll(' ', '\u00a0')}
            width={60}
          />
          <Tooltip
            labelFormatter={(t) => clock(Number(t))}
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
          {markers.map((m, i) => (
            <ReferenceLine
              key={`${m.time}-${m.kind}-${m.namespace}-${m.name}`}
              x={m.time}
              stroke="#7c3aed"
              strokeDasharray="3 3"
              ifOverflow="hidden"
              label={<MarkerFlag marker={m} number={i + 1} />}
            />
          ))}
        </LineChart>
      )}
    </figure>
  );
}
