import { describe, expect, it } from 'vitest';
import { formatPercent, formatRps, plural } from '../../../lib/format.js';

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
