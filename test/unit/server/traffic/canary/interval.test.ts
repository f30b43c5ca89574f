import { describe, expect, it } from 'vitest';
import { afterInterval, intervalMs } from '../../../../../server/traffic/canary/interval.js';

describe('intervalMs: a run interval as Flagger spells it', () => {
  it('reads seconds, minutes and hours', () => {
    expect(intervalMs('30s')).toBe(30_000);
    expect(intervalMs('1m')).toBe(60_000);
    expect(intervalMs('2h')).toBe(7_200_000);
  });

  it('refuses what is not a whole number and s, m or h, saying what it expects', () => {
    expect(() => intervalMs('1.5m')).toThrow(
      'interval "1.5m": expected a whole number and s, m or h, such as 30s or 1m',
    );
    expect(() => intervalMs('30')).toThrow(/such as 30s or 1m/);
  });

  it('places the next step one interval later', () => {
    expect(afterInterval(new Date('2026-12-06T12:00:00Z'), '1m')).toBe('2026-12-06T12:01:00.000Z');
  });
});
