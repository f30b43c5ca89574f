'use client';
import { useState } from 'react';
import { ReferenceArea, ReferenceDot, ReferenceLine } from 'recharts';
import type { ConfigChangeMarker, MetricChart as Chart } from '@/lib/api/entity-metrics';
import { rangeFromDrag } from '@/lib/range-select';
import type { TimeRange } from '@/lib/time-range';
import { TimeSeriesChart, type ChartLine } from '../charts/time-series-chart';
import type { TimeAxis } from '../graph/model/graph-chart-axes';
import { istioObjectPath } from '../ui/entity-link';
import { CHART_TITLES, seriesName, unitFormat } from './metric-format';
import { DURATION_CHARTS, type TraceDot } from './trace-dot-model';
import { TraceDotShape } from './trace-dots';

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

const asSeconds = (label: unknown) => (label === undefined || label === null ? undefined : Number(label));

/**
 * One chart of the Metrics tab: a line per series with its legend, the page's config changes as markers, the chosen
 * range shaded (drag across the plot to choose one), and on duration charts the traces as dots.
 */
export function MetricChart({
  chart,
  markers,
  x,
  range = null,
  onRange,
  dots = [],
  onOpenTrace,
}: {
  chart: Chart;
  /** The config changes inside the window, oldest first: flag n is the tab's list's nth. */
  markers: ConfigChangeMarker[];
  /** The tab's one time axis: every chart spans the same window. */
  x: TimeAxis;
  /** The page's chosen range (`?from=&to=`), shaded on every chart. */
  range?: TimeRange | null;
  onRange?: (range: TimeRange) => void;
  /** The entity's traces, drawn on the duration charts only. */
  dots?: TraceDot[];
  onOpenTrace?: (traceId: string) => void;
}) {
  // The drag in progress: where it started and where the pointer is (seconds on the time axis).
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);
  const shownDots =
    DURATION_CHARTS.has(chart.name) && onOpenTrace ? dots.filter((d) => d.t >= x.domain[0] && d.t <= x.domain[1]) : [];
  const title = CHART_TITLES[chart.name];
  const format = unitFormat(chart.unit);
  const lines = chart.series.map((s, i): ChartLine => ({
    key: `s${i}`,
    name: seriesName(s),
    points: s.points,
    colour: COLOURS[i % COLOURS.length]!,
  }));
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
      <TimeSeriesChart
        lines={lines}
        x={x}
        format={format}
        ratio={chart.unit === 'ratio'}
        // Room above the plot for the markers' flags, and on the right for the half of the last time label that
        // sticks out past the plot ("02:14 PM").
        size={{ width: 340, height: 158, margin: { top: 14, right: 28, bottom: 0, left: 0 } }}
        yAxisWidth={60}
        tooltipTime={clock}
        clipToWindow
        emptyClassName="py-8 text-center text-xs text-slate-500"
        events={{
          onMouseDown: (state) => {
            const at = asSeconds(state.activeLabel);
            if (at !== undefined && onRange) setDrag({ from: at, to: at });
          },
          onMouseMove: (state) => {
            const at = asSeconds(state.activeLabel);
            if (drag && at !== undefined) setDrag({ ...drag, to: at });
          },
          onMouseUp: () => {
            const chosen = drag && rangeFromDrag(drag.from, drag.to);
            setDrag(null);
            if (chosen && onRange) onRange(chosen);
          },
          onMouseLeave: () => setDrag(null),
          style: onRange ? { cursor: 'crosshair', userSelect: 'none' } : undefined,
        }}
      >
        {range && (
          <ReferenceArea
            x1={Math.max(range.from, x.domain[0])}
            x2={Math.min(range.to, x.domain[1])}
            ifOverflow="hidden"
            fill="#0ea5e9"
            fillOpacity={0.15}
            stroke="#0284c7"
            strokeOpacity={0.4}
            className="chosen-range"
          />
        )}
        {drag && drag.to !== drag.from && (
          <ReferenceArea x1={drag.from} x2={drag.to} fill="#64748b" fillOpacity={0.2} ifOverflow="hidden" />
        )}
        {shownDots.map((dot) => (
          <ReferenceDot
            key={dot.traceId}
            x={dot.t}
            y={dot.durationMs}
            ifOverflow="extendDomain"
            shape={(props: { cx?: number; cy?: number }) => (
              <TraceDotShape dot={dot} cx={props.cx} cy={props.cy} onOpen={onOpenTrace!} />
            )}
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
      </TimeSeriesChart>
    </figure>
  );
}
