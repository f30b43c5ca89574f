'use client';
import { Line, LineChart, YAxis } from 'recharts';
import { formatRps } from '@/lib/format';

/** Requests per second over the window, as a small line; the figure's name carries the latest value in words. */
export function Sparkline({ points, label }: { points: [number, number][]; label: string }) {
  const data = points.map(([t, rps]) => ({ t, rps }));
  const latest = points.at(-1)?.[1] ?? 0;
  const peak = points.reduce((max, p) => Math.max(max, p[1]), 0);
  return (
    <figure
      aria-label={`${label}: ${formatRps(latest)} now, peak ${formatRps(peak)}`}
      className="flex min-w-0 items-end gap-1.5"
    >
      <LineChart width={110} height={30} data={data} margin={{ top: 2, right: 2, bottom: 2, left: 2 }}>
        <YAxis hide domain={[0, 'auto']} />
        <Line type="monotone" dataKey="rps" stroke="#0284c7" strokeWidth={1.5} dot={false} isAnimationActive={false} />
      </LineChart>
      <figcaption className="text-xs whitespace-nowrap text-slate-600">{formatRps(latest)}</figcaption>
    </figure>
  );
}
