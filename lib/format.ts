// Units as a person reads them in a dense table.

export function formatRps(rps: number): string {
  if (rps === 0) return '0 rps';
  if (rps < 0.01) return '<0.01 rps';
  if (rps < 10) return `${rps.toFixed(2)} rps`;
  if (rps < 1000) return `${rps.toFixed(1)} rps`;
  return `${(rps / 1000).toFixed(1)}k rps`;
}

/** 0..1 → "2.5%"; tiny non-zero ratios are not rounded to nothing. */
export function formatPercent(ratio: number): string {
  if (ratio === 0) return '0%';
  const percent = ratio * 100;
  if (percent < 0.1) return '<0.1%';
  return `${percent < 10 ? percent.toFixed(1) : percent.toFixed(0)}%`;
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/**
 * A duration given in milliseconds, as every page writes it (panel figures, chart axes and tooltips, edge labels):
 * ms below a second, then seconds with three significant digits, then as formatSpan writes a span. '—' when there is none.
 */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms === 0) return '0 ms';
  if (ms < 0.01) return '<0.01 ms';
  if (ms < 1) return `${trimmed(ms.toFixed(2))} ms`;
  if (ms < 10) return `${trimmed(ms.toFixed(1))} ms`;
  // 999.6 ms rounds to 1000 ms: write it as the second it is.
  if (Math.round(ms) < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (Number(seconds.toPrecision(3)) < 60) return `${trimmed(seconds.toPrecision(3))} s`;
  return formatSpan(seconds);
}

// "2.50" → "2.5", "40.0" → "40": the precision says how exact, not trailing zeros.
const trimmed = (fixed: string) => (fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed);

/**
 * A span of time as a person reads it: "1 h 5 min", "15 d", "30 s"; the two largest units, rounded, never a fraction
 * such as 1.0833333333333333 h.
 */
export function formatSpan(totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  const i = SPAN_UNITS.findIndex(([, unitSeconds]) => seconds >= unitSeconds);
  if (i === -1) return '0 s';
  const [big, bigSeconds] = SPAN_UNITS[i]!;
  const next = SPAN_UNITS[i + 1];
  if (!next) return `${seconds} ${big}`;
  const [small, smallSeconds] = next;
  const inSmall = Math.round(seconds / smallSeconds);
  const perBig = bigSeconds / smallSeconds;
  const bigCount = Math.floor(inSmall / perBig);
  const smallCount = inSmall - bigCount * perBig;
  return smallCount === 0 ? `${bigCount} ${big}` : `${bigCount} ${big} ${smallCount} ${small}`;
}

const SPAN_UNITS: [string, number][] = [
  ['d', 86_400],
  ['h', 3600],
  ['min', 60],
  ['s', 1],
];
