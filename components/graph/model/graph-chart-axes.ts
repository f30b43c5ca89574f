// The axes and rows of the graph side panel's and the Metrics tab's charts, as pure functions: a ratio axis that never
// runs past 100 %, and a time axis that every chart of a panel shares, with ticks that never repeat a label.

// Tops a ratio axis can take: the smallest that holds every value, so low error ratios stay readable.
const RATIO_TOPS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1];

/**
 * A 0..1 ratio axis: 0 to the smallest of 1 %, 2 %, 5 % … 100 % that holds `values`, with ticks at 0, half and top,
 * each read as the round percentage it is ("0.5%", "1%", "25%").
 */
export function ratioAxis(values: number[]): {
  domain: [number, number];
  ticks: number[];
  format: (ratio: number) => string;
} {
  const max = Math.max(0, ...values.filter(Number.isFinite));
  const top = RATIO_TOPS.find((t) => max <= t) ?? 1;
  return { domain: [0, top], ticks: [0, top / 2, top], format: (ratio) => `${Number((ratio * 100).toFixed(2))}%` };
}

// Steps a time axis can take, in seconds: whole seconds, minutes, hours and days, as a clock reads them.
const TIME_STEPS = [10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400];
const DAY = 86_400;

/**
 * Ticks for a time axis over [start, end] (unix seconds): at most `most` of them, on whole multiples of a clock step,
 * and the label each one reads with. The label is as fine as the step (seconds only below a minute, the date from a
 * day), so no two ticks read the same.
 */
export function timeAxis(start: number, end: number, most = 4): { ticks: number[]; format: (t: number) => string } {
  const span = Math.max(0, end - start);
  const step = TIME_STEPS.find((s) => Math.floor(span / s) + 1 <= most) ?? Math.ceil(span / (most - 1) / DAY) * DAY;
  const ticks: number[] = [];
  for (let t = Math.ceil(start / step) * step; t <= end; t += step) ticks.push(t);
  const clock: Intl.DateTimeFormatOptions =
    step < 60 ? { hour: '2-digit', minute: '2-digit', second: '2-digit' } : { hour: '2-digit', minute: '2-digit' };
  // A day or more between the first and last tick: the same clock time could come back, so the date goes with it.
  const options: Intl.DateTimeFormatOptions =
    step >= DAY
      ? { month: 'short', day: 'numeric' }
      : ticks.length > 1 && ticks.at(-1)! - ticks[0]! >= DAY
        ? { month: 'short', day: 'numeric', ...clock }
        : clock;
  return { ticks, format: (t: number) => new Date(t * 1000).toLocaleString([], options) };
}

/** The one time axis the charts of a panel or tab share: its window, its ticks and how each reads. */
export interface TimeAxis {
  domain: [number, number];
  ticks: number[];
  format: (t: number) => string;
}

/** The value axis of a chart: a ratio axis for 0..1 ratios, else from zero up to what recharts finds. */
export function valueAxis(
  ratio: boolean,
  values: number[],
  format: (value: number) => string,
): { domain: [number, number | 'auto']; ticks: number[] | undefined; format: (value: number) => string } {
  return ratio ? ratioAxis(values) : { domain: [0, 'auto'], ticks: undefined, format };
}

/** One row per timestamp with a column per line (its `key`), as recharts wants it, oldest first. */
export function rowsByTime(lines: readonly { key: string; points: readonly [number, number][] }[]) {
  const rows = new Map<number, Record<string, number>>();
  for (const line of lines) for (const [t, v] of line.points) rows.set(t, { ...(rows.get(t) ?? { t }), [line.key]: v });
  return [...rows.values()].sort((a, b) => a['t']! - b['t']!);
}
