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
const markerText = (m: ConfigChangeMarker) => `${m.kind} ${m.namespace}/${m.name}: ${m.change} at ${clock(m.time)}`;

/**
 * A config change drawn where it happened: a link to the object, its kind and name on the chart, and the whole
 * change in the tooltip (an SVG title, which every browser shows on hover).
 */
function MarkerLabel({
  marker,
  leftOfLine,
  viewBox,
}: {
  marker: ConfigChangeMarker;
  /** Drawn left of its line: a change in the window's later half would run past the chart's right edge otherwise. */
  leftOfLine: boolean;
  viewBox?: { x?: number; y?: number };
}) {
  const x = viewBox?.x ?? 0;
  const y = (viewBox?.y ?? 0) + 8;
  return (
    <a href={istioObjectPath(marker)} aria-label={markerText(marker)} data-marker="config-change">
      <title>{markerText(marker)}</title>
      <text x={leftOfLine ? x - 3 : x + 3} y={y} textAnchor={leftOfLine ? 'end' : 'start'} fontSize={9} fill="#7c3aed">
        {marker.kind} {marker.name}
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
  const shown = markers.filter((m) => m.time >= x.domain[0] && m.time <= x.domain[1]);
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
        <LineChart width={340} height={150} data={data} margin={{ top: 12, right: 8, bottom: 0, left: 0 }}>
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
          {shown.map((m) => (
            <ReferenceLine
              key={`${m.time}-${m.kind}-${m.namespace}-${m.name}`}
              x={m.time}
              stroke="#7c3aed"
              strokeDasharray="3 3"
              ifOverflow="hidden"
              label={<MarkerLabel marker={m} leftOfLine={m.time > (x.domain[0] + x.domain[1]) / 2} />}
            />
          ))}
        </LineChart>
      )}
    </figure>
  );
}
