// jaeger-query reads minDuration/maxDuration with Go's time.ParseDuration: a signed sequence of decimal numbers,
// each with a unit ("300ms", "1.5h", "2h45m"); a bare "0" is allowed.

const MICROSECONDS_PER_UNIT: Record<string, number> = {
  ns: 0.001,
  us: 1,
  µs: 1, // U+00B5 micro sign
  μs: 1, // U+03BC Greek mu
  ms: 1_000,
  s: 1_000_000,
  m: 60_000_000,
  h: 3_600_000_000,
};

const WHOLE = /^[-+]?(?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/;
const PART = /(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g;

/** Microseconds in a Go duration string; throws with Go's own message when it is not one. */
export function parseGoDuration(text: string): number {
  if (text === '0' || text === '+0' || text === '-0') return 0;
  if (!WHOLE.test(text)) throw new Error(`time: invalid duration "${text}"`);
  let total = 0;
  for (const [, amount, unit] of text.matchAll(PART)) total += Number(amount) * MICROSECONDS_PER_UNIT[unit!]!;
  return text.startsWith('-') ? -total : total;
}

/**
 * The Jaeger UI's lookback choices ('5m', '1h', '2d', …) in microseconds. jaeger-query itself ignores `lookback` (the
 * UI turns it into start/end); the mesh in a box honours it when `start` is absent so plain URLs work too.
 */
export function parseLookback(text: string): number {
  const days = /^(\d+)([dw])$/.exec(text);
  if (days) return Number(days[1]) * (days[2] === 'w' ? 7 : 1) * 86_400_000_000;
  const micros = parseGoDuration(text);
  if (micros <= 0) throw new Error(`lookback must be positive, got "${text}"`);
  return micros;
}
