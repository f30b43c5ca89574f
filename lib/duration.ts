// Durations as Prometheus and the URL spell them: a whole number and one unit, as in 15s, 5m, 3h or 1d. One home for
// both sides: the contracts check them, the shell offers them, the server turns them into seconds.
import { z } from 'zod';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };
const DURATION = /^(\d+)([smhd])$/;

/** Seconds in a duration such as 15s, 5m, 3h or 1d; null when it is not one. */
export function durationSeconds(duration: string): number | null {
  const m = DURATION.exec(duration);
  return m ? Number(m[1]) * UNIT_SECONDS[m[2]!]! : null;
}

/** Seconds in a duration that a contract has already checked: one that is not a duration here is a bug. */
export function requireDurationSeconds(duration: string): number {
  const seconds = durationSeconds(duration);
  if (seconds === null) throw new Error(`not a duration: "${duration}" (expected a number and s, m, h or d)`);
  return seconds;
}

/** A duration query parameter; `examples` are named in the message a person sees when it is not one. */
export function durationParam(examples: string) {
  return z.string().regex(DURATION, `a duration such as ${examples}`);
}
