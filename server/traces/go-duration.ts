// Durations as Jaeger's API takes them (minDuration, maxDuration): Go's time.ParseDuration syntax, e.g. 100ms, 1.5s,
// 1m30s; units ns, us (µs), ms, s, m, h (go.dev/pkg/time#ParseDuration).
import { InputError } from '../errors.js';

const UNIT_US: Record<string, number> = { ns: 0.001, us: 1, µs: 1, μs: 1, ms: 1000, s: 1e6, m: 60e6, h: 3600e6 };
const WHOLE = /^(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h)(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))*$/;
const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g;

/** Microseconds of a Go duration; InputError naming the parameter when it is not one. */
export function goDurationMicros(value: string, parameter: string): number {
  if (value === '0') return 0;
  if (!WHOLE.test(value))
    throw new InputError(
      `${parameter}: "${value}" is not a duration; write it as Go does, a number and a unit (ns, us, ms, s, m, h), such as 100ms or 1.5s`,
    );
  let total = 0;
  for (const m of value.matchAll(PART)) total += Number(m[1]) * UNIT_US[m[2]!]!;
  return total;
}
