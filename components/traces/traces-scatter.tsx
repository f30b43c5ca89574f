'use client';
import { CartesianGrid, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { Trace } from '@/lib/api/traces';
import { formatDuration } from '@/lib/format';
import { rootOperation } from './trace-facts';

const clock = (ms: number) => new Date(ms).toLocaleTimeString();

interface Dot {
  t: number; // ms
  ms: number;
  trace: Trace;
}

/** One trace as a dot: red when it failed; its title says what it is, a click opens it. */
function TraceDot({
  cx,
  cy,
  payload,
  onOpen,
}: {
  cx?: number;
  cy?: number;
  payload?: Dot;
  onOpen: (traceId: string) => void;
}) {
  if (cx === undefined || cy === undefined || !payload) return null;
  const { trace } = payload;
  const text = `${rootOperation(trace)}, ${formatDuration(payload.ms)} at ${clock(payload.t)}${trace.error ? ', failed' : ''}`;
  return (
    <circle
      cx={cx}
      cy={cy}
      r={4}
      fill={trace.error ? '#dc2626' : '#0284c7'}
      fillOpacity={0.75}
      data-trace-dot={trace.error ? 'error' : 'ok'}
      aria-label={text}
      style={{ cursor: 'pointer' }}
      onClick={() => onOpen(trace.traceId)}
    >
      <title>{text}</title>
    </circle>
  );
}

/** Duration over time, one dot per trace, failures in red: where the slow and failing requests are. */
export function TracesScatter({
  traces,
  domainMs,
  onOpen,
}: {
  traces: Trace[];
  domainMs: [number, number];
  onOpen: (traceId: string) => void;
}) {
  const toDot = (trace: Trace): Dot => ({ t: trace.startTime / 1000, ms: trace.duration / 1000, trace });
  const ok = traces.filter((t) => !t.error).map(toDot);
  const failed = traces.filter((t) => t.error).map(toDot);
  const shape = (props: unknown) => (
    <TraceDot {...(props as { cx?: number; cy?: number; payload?: Dot })} onOpen={onOpen} />
  );
  return (
    <figure aria-label="Trace durations" className="rounded border border-slate-200 bg-white p-2">
      <figcaption className="text-xs font-medium text-slate-700">
        Trace durations{' '}
        <span className="font-normal text-slate-500">
          ({ok.length} ok, <span className="text-red-700">{failed.length} failed</span>)
        </span>
      </figcaption>
      <ScatterChart width={720} height={200} margin={{ top: 10, right: 28, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="#e2e8f0" />
        <XAxis
          dataKey="t"
          type="number"
          domain={domainMs}
          tickFormatter={clock}
          tick={{ fontSize: 9 }}
          allowDataOverflow
          name="time"
        />
        <YAxis
          dataKey="ms"
          type="number"
          tick={{ fontSize: 9 }}
          width={60}
          tickFormatter={(v: number) => formatDuration(v).replaceAll(' ', '\u00a0')}
          name="duration"
        />
        <Tooltip
          cursor={{ strokeDasharray: '3 3' }}
          formatter={(v, name) => (name === 'time' ? clock(Number(v)) : formatDuration(Number(v)))}
          contentStyle={{ fontSize: 11 }}
        />
        <Scatter name="ok" data={ok} shape={shape} isAnimationActive={false} />
        <Scatter name="failed" data={failed} shape={shape} isAnimationActive={false} />
      </ScatterChart>
    </figure>
  );
}
