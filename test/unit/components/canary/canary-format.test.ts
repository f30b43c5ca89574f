import { describe, expect, it } from 'vitest';
import type { CanaryGateResult } from '../../../../lib/api/canary.js';
import { figure, gateText, untilText } from '../../../../components/canary/canary-format.js';

const gate = (g: Partial<CanaryGateResult> & Pick<CanaryGateResult, 'name'>): CanaryGateResult => ({
  value: null,
  threshold: 0,
  unit: '%',
  passed: null,
  ...g,
});

describe("a canary step's gates in words", () => {
  it('writes a passed success rate against its threshold with one decimal', () => {
    expect(gateText(gate({ name: 'success-rate', value: 99.6213, threshold: 99, passed: true }))).toBe(
      '✓ success rate 99.6 % ≥ 99 %',
    );
  });

  it('writes a failed success rate as below its threshold', () => {
    expect(gateText(gate({ name: 'success-rate', value: 80.24, threshold: 99, passed: false }))).toBe(
      '✗ success rate 80.2 % < 99 %',
    );
  });

  it('writes a failed p99 as above its threshold', () => {
    expect(gateText(gate({ name: 'p99', value: 812.4, threshold: 500, unit: 'ms', passed: false }))).toBe(
      '✗ p99 812.4 ms > 500 ms',
    );
  });

  it('says "no data" when nothing was measured', () => {
    expect(gateText(gate({ name: 'success-rate', threshold: 99 }))).toBe('— success rate: no data (threshold ≥ 99 %)');
  });

  it('writes too few requests as whole requests', () => {
    expect(gateText(gate({ name: 'requests', value: 3, threshold: 5, unit: 'requests', passed: false }))).toBe(
      '✗ requests 3 < 5',
    );
  });

  it('rounds to one decimal and drops a trailing zero', () => {
    expect([figure(100), figure(99.96), figure(0.04)]).toEqual(['100', '100', '0']);
  });

  it('counts down to the next step in seconds, then minutes', () => {
    expect(untilText(18_000, 10_000)).toBe('in 8 s');
    expect(untilText(10_000 + 300_000, 10_000)).toBe('in 5 min');
    expect(untilText(9_000, 10_000)).toBe('due now');
  });
});
