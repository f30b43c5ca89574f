import { describe, expect, it } from 'vitest';
import { durationParam, durationSeconds, requireDurationSeconds } from '../../../lib/duration.js';

describe('durations', () => {
  it('counts the seconds of a duration', () => {
    expect(durationSeconds('90s')).toBe(90);
    expect(durationSeconds('3h')).toBe(10_800);
    expect(durationSeconds('1d')).toBe(86_400);
    expect(durationSeconds('5 minutes')).toBeNull();
  });

  it('refuses, naming it, a duration the contract should have refused', () => {
    expect(requireDurationSeconds('10m')).toBe(600);
    expect(() => requireDurationSeconds('10 m')).toThrow('not a duration: "10 m"');
  });

  it('checks a duration parameter and names examples of good ones', () => {
    const param = durationParam('60s or 10m');
    expect(param.parse('10m')).toBe('10m');
    const failed = param.safeParse('ten minutes');
    expect(failed.error?.issues[0]?.message).toBe('a duration such as 60s or 10m');
  });
});
