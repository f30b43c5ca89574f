import { describe, expect, it } from 'vitest';
import { formatDuration, formatPercent, formatRps, plural } from '../../../lib/format.js';

describe('formatting for dense tables', () => {
  it('keeps small but non-zero rates and ratios visible', () => {
    expect(formatRps(0.004)).toBe('<0.01 rps');
    expect(formatRps(3.456)).toBe('3.46 rps');
    expect(formatRps(1234)).toBe('1.2k rps');
    expect(formatPercent(0.0004)).toBe('<0.1%');
    expect(formatPercent(0.025)).toBe('2.5%');
    expect(formatPercent(0)).toBe('0%');
  });

  it('says 1 application but 4 applications', () => {
    expect(plural(1, 'application')).toBe('1 application');
    expect(plural(4, 'application')).toBe('4 applications');
  });
});

describe('durations, written the same on every page', () => {
  it('writes milliseconds below a second', () => {
    expect(formatDuration(0)).toBe('0 ms');
    expect(formatDuration(0.004)).toBe('<0.01 ms');
    expect(formatDuration(0.35)).toBe('0.35 ms');
    expect(formatDuration(3.456)).toBe('3.5 ms');
    expect(formatDuration(75.4)).toBe('75 ms');
    expect(formatDuration(999.4)).toBe('999 ms');
  });

  it('writes seconds with three significant digits from one second, never 15000ms', () => {
    expect(formatDuration(999.6)).toBe('1 s');
    expect(formatDuration(1234)).toBe('1.23 s');
    expect(formatDuration(15_000)).toBe('15 s');
    expect(formatDuration(39_000)).toBe('39 s');
    expect(formatDuration(12_345)).toBe('12.3 s');
  });

  it('writes minutes and hours beyond a minute', () => {
    expect(formatDuration(59_990)).toBe('1 min');
    expect(formatDuration(90_500)).toBe('1 min 31 s');
    expect(formatDuration(3_600_000)).toBe('1 h');
    expect(formatDuration(5_430_000)).toBe('1 h 31 min');
  });

  it('writes a dash when there is no duration', () => {
    expect(formatDuration(undefined)).toBe('—');
    expect(formatDuration(Number.NaN)).toBe('—');
  });
});
