import { describe, expect, it } from 'vitest';
import { cpuThrottleRate } from '../../e2e/browser.js';

describe('the CPU slowdown of the browser tests', () => {
  it('is read from SEXTANT_E2E_CPU_THROTTLE, and off when it is not set', () => {
    expect(cpuThrottleRate({ SEXTANT_E2E_CPU_THROTTLE: '4' })).toBe(4);
    expect(cpuThrottleRate({})).toBeNull();
    expect(cpuThrottleRate({ SEXTANT_E2E_CPU_THROTTLE: '' })).toBeNull();
  });

  it('refuses a value that is not a slowdown factor, naming the variable', () => {
    expect(() => cpuThrottleRate({ SEXTANT_E2E_CPU_THROTTLE: 'fast' })).toThrow(
      'SEXTANT_E2E_CPU_THROTTLE must be a slowdown factor of 1 or more, such as 4; it is "fast"',
    );
    expect(() => cpuThrottleRate({ SEXTANT_E2E_CPU_THROTTLE: '0.5' })).toThrow(/slowdown factor of 1 or more/);
  });
});
