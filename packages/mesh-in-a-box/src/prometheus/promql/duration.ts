// Prometheus durations (model.ParseDuration): units from largest to smallest, each at most once, e.g. 1h30m, 250ms.

const UNITS: [string, number][] = [
  ['y', 365 * 24 * 3_600_000],
  ['w', 7 * 24 * 3_600_000],
  ['d', 24 * 3_600_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
  ['ms', 1],
];

/** Milliseconds, or undefined when the text is not a Prometheus duration. */
export function parseDurationMs(text: string): number | undefined {
  if (text === '0') return 0;
  const m = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/.exec(text);
  if (!m || text === '') return undefined;
  let ms = 0;
  UNITS.forEach(([, factor], i) => {
    if (m[i + 1] !== undefined) ms += Number(m[i + 1]) * factor;
  });
  return ms;
}

/** A time parameter of the HTTP API: RFC 3339 or unix seconds with decimals; milliseconds. */
export function parseTimeMs(text: string): number | undefined {
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const ms = Date.parse(text);
  return /^\d{4}-\d{2}-\d{2}T/.test(text) && Number.isFinite(ms) ? ms : undefined;
}

/** A duration parameter of the HTTP API (step, timeout, lookback): a Prometheus duration or seconds. */
export function parseDurationParamMs(text: string): number | undefined {
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) {
    const ms = Number(text) * 1000;
    return Number.isFinite(ms) ? Math.round(ms) : undefined;
  }
  return parseDurationMs(text);
}
