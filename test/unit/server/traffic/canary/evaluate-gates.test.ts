// An interval's gates on the two answers of Prometheus (Sample[] as server/sources/prometheus.ts returns them).
import { describe, expect, it } from 'vitest';
import { canaryGateResult } from '../../../../../lib/api/canary.js';
import type { GateOutcome } from '../../../../../server/traffic/canary/evaluate-gates.js';
import { measurementsFrom } from '../../../../../server/traffic/canary/measurements.js';
import { failing, healthy, outcomeOf, p99Answer, requestsAnswer, startedRun, thin } from './canary-fixtures.js';

const spec = startedRun().spec; // success rate ≥ 99 %, p99 ≤ 500 ms, at least 20 requests
const gate = (outcome: GateOutcome, name: string) => outcome.gates.find((g) => g.name === name);

describe('measurementsFrom: the two answers as counts and p99 per version', () => {
  it('reads requests, 5xx and p99 of the canary and the baseline', () => {
    const m = measurementsFrom(
      spec,
      requestsAnswer({ v1: { requests: 800, errors: 3 }, v2: { requests: 200, errors: 1 } }),
      p99Answer({ v1: 110, v2: 120 }),
    );
    expect(m).toEqual({
      canary: { requests: 200, errors: 1, p99Ms: 120 },
      baseline: { requests: 800, errors: 3, p99Ms: 110 },
    });
  });

  it('reads a version without series as no requests, and NaN latency as none', () => {
    const m = measurementsFrom(spec, requestsAnswer({ v1: { requests: 50 } }), p99Answer({ v1: 90, v2: NaN }));
    expect(m.canary).toEqual({ requests: 0, errors: 0, p99Ms: null });
    expect(m.baseline.p99Ms).toBe(90);
  });
});

describe('evaluateGates: Flagger’s checks on the canary', () => {
  it('passes when every gate holds, each with its value, threshold and unit', () => {
    const outcome = healthy(spec);
    expect(outcome.verdict).toBe('pass');
    expect(outcome.reason).toBe('all gates passed');
    expect(outcome.gates).toEqual([
      { name: 'requests', value: 200, threshold: 20, unit: 'requests', passed: true },
      { name: 'success-rate', value: 100, threshold: 99, unit: '%', passed: true },
      { name: 'p99', value: 120, threshold: 500, unit: 'ms', passed: true },
    ]);
    for (const g of outcome.gates) canaryGateResult.parse(g);
  });

  it('fails on a success rate below the minimum, naming the gate as a person reads it', () => {
    const outcome = failing(spec);
    expect(outcome.verdict).toBe('fail');
    expect(outcome.reason).toBe('success rate 80.2 % < 99 %');
    expect(gate(outcome, 'success-rate')).toMatchObject({ value: 80.2, passed: false });
    expect(gate(outcome, 'p99')?.passed).toBe(true);
  });

  it('counts only 5xx as failures: 4xx are the caller’s errors and are not in the errors answer', () => {
    // The errors sample exists only for response_code=~"5.." (gate-queries.ts); 4xx are among the requests.
    const outcome = outcomeOf(spec, requestsAnswer({ v2: { requests: 100 } }), p99Answer({ v2: 50 }));
    expect(gate(outcome, 'success-rate')?.value).toBe(100);
  });

  it('fails on a p99 above the maximum, and names every failing gate', () => {
    const outcome = outcomeOf(
      spec,
      requestsAnswer({ v1: { requests: 100 }, v2: { requests: 100, errors: 5 } }),
      p99Answer({ v1: 100, v2: 812.46 }),
    );
    expect(outcome.verdict).toBe('fail');
    expect(outcome.reason).toBe('success rate 95 % < 99 %; p99 812.5 ms > 500 ms');
  });

  it('prints more decimals rather than "99 % < 99 %" for a value just under its threshold', () => {
    const outcome = outcomeOf(spec, requestsAnswer({ v2: { requests: 10_000, errors: 104 } }), p99Answer({ v2: 50 }));
    expect(outcome.reason).toBe('success rate 98.96 % < 99 %');
  });

  it('holds when no request reached the canary: neither passed nor failed', () => {
    const outcome = outcomeOf(spec, requestsAnswer({ v1: { requests: 300 } }), p99Answer({ v1: 100, v2: NaN }));
    expect(outcome.verdict).toBe('hold');
    expect(outcome.reason).toBe('no requests reached v2 in the last 30s');
    expect(outcome.gates.map((g) => [g.name, g.value, g.passed])).toEqual([
      ['requests', 0, false],
      ['success-rate', null, null],
      ['p99', null, null],
    ]);
  });

  it('holds on too little traffic, naming the count and the minimum', () => {
    const outcome = thin(spec);
    expect(outcome.verdict).toBe('hold');
    expect(outcome.reason).toBe('5 requests reached v2 in the last 30s, fewer than the minimum of 20');
    expect(gate(outcome, 'requests')).toEqual({
      name: 'requests',
      value: 5,
      threshold: 20,
      unit: 'requests',
      passed: false,
    });
    expect(gate(outcome, 'success-rate')).toMatchObject({ value: 100, passed: null }); // shown, not judged
  });

  it('holds, not passes, when requests reached the canary but Prometheus has no p99 for it', () => {
    const outcome = outcomeOf(spec, requestsAnswer({ v2: { requests: 100 } }), p99Answer({ v2: NaN }));
    expect(outcome.verdict).toBe('hold');
    expect(outcome.reason).toBe('no p99 latency for v2 in the last 30s although 100 requests reached it');
    expect(gate(outcome, 'p99')).toEqual({ name: 'p99', value: null, threshold: 500, unit: 'ms', passed: null });
    expect(gate(outcome, 'success-rate')?.passed).toBe(true);
  });

  it('still fails a failing gate when the p99 is missing: a known failure is not held', () => {
    const outcome = outcomeOf(spec, requestsAnswer({ v2: { requests: 100, errors: 50 } }), []);
    expect(outcome.verdict).toBe('fail');
  });
});

describe('evaluateGates: the canary against the baseline', () => {
  const vsBaseline = { ...spec, gates: { maxDegradationVsBaseline: 1 } }; // 1 point of success rate, 1 % of p99

  it('passes a canary within the allowed degradation of the baseline', () => {
    const outcome = outcomeOf(
      vsBaseline,
      requestsAnswer({ v1: { requests: 1000, errors: 5 }, v2: { requests: 1000, errors: 12 } }),
      p99Answer({ v1: 200, v2: 201 }),
    );
    expect(outcome.verdict).toBe('pass');
    expect(outcome.gates).toEqual([
      { name: 'success-rate-vs-baseline', value: expect.closeTo(0.7, 6), threshold: 1, unit: 'points', passed: true },
      { name: 'p99-vs-baseline', value: expect.closeTo(0.5, 6), threshold: 1, unit: '%', passed: true },
    ]);
  });

  it('fails a canary more than the allowed points below the baseline’s success rate', () => {
    const outcome = outcomeOf(
      vsBaseline,
      requestsAnswer({ v1: { requests: 1000, errors: 5 }, v2: { requests: 1000, errors: 30 } }),
      p99Answer({ v1: 200, v2: 200 }),
    );
    expect(outcome.verdict).toBe('fail');
    expect(outcome.reason).toBe("success rate 97 % is 2.5 points below v1's 99.5 %, more than the 1 allowed");
  });

  it('fails a canary whose p99 is more than the allowed percentage above the baseline’s', () => {
    const outcome = outcomeOf(
      vsBaseline,
      requestsAnswer({ v1: { requests: 1000 }, v2: { requests: 1000 } }),
      p99Answer({ v1: 200, v2: 250 }),
    );
    expect(outcome.reason).toBe("p99 250 ms is 25 % above v1's 200 ms, more than the 1 % allowed");
  });

  it('does not judge the comparison when the baseline had no requests, and does not hold for it', () => {
    const outcome = outcomeOf(
      { ...spec, gates: { minSuccessRate: 99, maxDegradationVsBaseline: 1 } },
      requestsAnswer({ v2: { requests: 100 } }),
      p99Answer({ v1: NaN, v2: 120 }),
    );
    expect(outcome.verdict).toBe('pass');
    expect(gate(outcome, 'success-rate-vs-baseline')).toMatchObject({ value: null, passed: null });
    expect(gate(outcome, 'p99-vs-baseline')).toMatchObject({ value: null, passed: null });
  });
});
