// A run's interval as Flagger spells it (30s, 1m, 2h: lib/api/canary.ts `canaryInterval`), in milliseconds.
const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000 };

export function intervalMs(interval: string): number {
  const match = /^(\d+)(s|m|h)$/.exec(interval);
  if (!match) throw new Error(`interval "${interval}": expected a whole number and s, m or h, such as 30s or 1m`);
  return Number(match[1]) * (UNIT_MS[match[2] as string] as number);
}

/** The time `interval` after `now`, as the run records it (RFC 3339). */
export function afterInterval(now: Date, interval: string): string {
  return new Date(now.getTime() + intervalMs(interval)).toISOString();
}
