// An interval's gates, as Flagger's built-in checks judge them (thresholdRange min for the success rate, max for the
// request duration), plus the minimum request count that HOLDS the step (neither passed nor failed) and the
// comparison with the baseline over the same interval.
//
// How each gate's value meets its threshold (the UI draws them so):
//   success-rate              value ≥ threshold   (%: the canary's non-5xx share)
//   p99                       value ≤ threshold   (ms)
//   requests                  value ≥ threshold   (requests in the interval; below it the step holds)
//   success-rate-vs-baseline  value ≤ threshold   (points the canary's success rate is below the baseline's)
//   p99-vs-baseline           value ≤ threshold   (% the canary's p99 is above the baseline's)
import type { CanaryGateResult, CanarySpec } from '../../../lib/api/canary.js';
import { formatNumber, formatPair, plural } from './format-gate.js';
import type { Measurements, VersionMeasurement } from './measurements.js';

export type GateVerdict = 'pass' | 'fail' | 'hold';

export interface GateOutcome {
  verdict: GateVerdict;
  gates: CanaryGateResult[];
  reason: string;
}

/** Success rate in %: requests that are not 5xx, as Flagger's request-success-rate; null without requests. */
export const successRateOf = (m: VersionMeasurement): number | null =>
  m.requests > 0 ? ((m.requests - m.errors) / m.requests) * 100 : null;

interface Judged {
  gate: CanaryGateResult;
  /** The sentence when the gate failed, e.g. "success rate 80.2 % < 99 %". */
  failure: string | null;
}

/** A gate whose value must stay at least (`min`) or at most (`max`) its threshold, with the failure in words. */
function against(
  bound: 'min' | 'max',
  name: CanaryGateResult['name'],
  label: string,
  value: number,
  threshold: number,
  unit: CanaryGateResult['unit'],
): Judged {
  const passed = bound === 'min' ? value >= threshold : value <= threshold;
  const [v, t] = formatPair(value, threshold);
  return {
    gate: { name, value, threshold, unit, passed },
    failure: passed ? null : `${label} ${v} ${unit} ${bound === 'min' ? '<' : '>'} ${t} ${unit}`,
  };
}

const notJudged = (
  name: CanaryGateResult['name'],
  value: number | null,
  threshold: number,
  unit: CanaryGateResult['unit'],
): Judged => ({ gate: { name, value, threshold, unit, passed: null }, failure: null });

/**
 * The canary against the baseline over the same interval: at most `allowed` points below its success rate, and a
 * p99 at most `allowed` % above its p99. Without baseline requests (or latency) there is nothing to compare with:
 * not judged, and the step is not held for it.
 */
function judgeAgainstBaseline(baseline: string, allowed: number, canaryRate: number, m: Measurements): Judged[] {
  const judged: Judged[] = [];
  const baselineRate = successRateOf(m.baseline);
  if (baselineRate === null) judged.push(notJudged('success-rate-vs-baseline', null, allowed, 'points'));
  else {
    const below = Math.max(0, baselineRate - canaryRate);
    const passed = below <= allowed;
    const [v, t] = formatPair(below, allowed);
    judged.push({
      gate: { name: 'success-rate-vs-baseline', value: below, threshold: allowed, unit: 'points', passed },
      failure: passed
        ? null
        : `success rate ${formatNumber(canaryRate)} % is ${v} points below ${baseline}'s ` +
          `${formatNumber(baselineRate)} %, more than the ${t} allowed`,
    });
  }
  const canaryP99 = m.canary.p99Ms;
  const baselineP99 = m.baseline.requests > 0 ? m.baseline.p99Ms : null;
  if (canaryP99 === null || baselineP99 === null || baselineP99 <= 0)
    judged.push(notJudged('p99-vs-baseline', null, allowed, '%'));
  else {
    const above = Math.max(0, (canaryP99 / baselineP99 - 1) * 100);
    const passed = above <= allowed;
    const [v, t] = formatPair(above, allowed);
    judged.push({
      gate: { name: 'p99-vs-baseline', value: above, threshold: allowed, unit: '%', passed },
      failure: passed
        ? null
        : `p99 ${formatNumber(canaryP99)} ms is ${v} % above ${baseline}'s ${formatNumber(baselineP99)} ms, ` +
          `more than the ${t} % allowed`,
    });
  }
  return judged;
}

/** The gates judged on the canary's requests (there are some). */
function judge(spec: CanarySpec, m: Measurements): Judged[] {
  const { gates, baseline } = spec;
  const judged: Judged[] = [];
  const canaryRate = successRateOf(m.canary) as number;
  if (gates.minSuccessRate !== undefined)
    judged.push(against('min', 'success-rate', 'success rate', canaryRate, gates.minSuccessRate, '%'));
  if (gates.maxP99Ms !== undefined)
    judged.push(
      m.canary.p99Ms === null
        ? notJudged('p99', null, gates.maxP99Ms, 'ms')
        : against('max', 'p99', 'p99', m.canary.p99Ms, gates.maxP99Ms, 'ms'),
    );
  const allowed = gates.maxDegradationVsBaseline;
  if (allowed !== undefined) judged.push(...judgeAgainstBaseline(baseline, allowed, canaryRate, m));
  return judged;
}

/** Every configured gate, unmeasured: the interval had no requests of the canary. */
function unmeasured(spec: CanarySpec): CanaryGateResult[] {
  const { minSuccessRate, maxP99Ms, maxDegradationVsBaseline: allowed } = spec.gates;
  const gates: CanaryGateResult[] = [];
  if (minSuccessRate !== undefined) gates.push(notJudged('success-rate', null, minSuccessRate, '%').gate);
  if (maxP99Ms !== undefined) gates.push(notJudged('p99', null, maxP99Ms, 'ms').gate);
  if (allowed !== undefined)
    gates.push(
      notJudged('success-rate-vs-baseline', null, allowed, 'points').gate,
      notJudged('p99-vs-baseline', null, allowed, '%').gate,
    );
  return gates;
}

export function evaluateGates(spec: CanarySpec, m: Measurements): GateOutcome {
  const window = `in the last ${spec.interval}`;
  const minRequests = spec.gates.minRequests;
  const requestsGate = (passed: boolean | null): CanaryGateResult[] =>
    minRequests === undefined
      ? []
      : [{ name: 'requests', value: m.canary.requests, threshold: minRequests, unit: 'requests', passed }];
  const heldGates = (judged: Judged[]) => judged.map((j) => ({ ...j.gate, passed: null }));

  if (m.canary.requests <= 0)
    return {
      verdict: 'hold',
      gates: [...requestsGate(minRequests === undefined || minRequests === 0 ? null : false), ...unmeasured(spec)],
      reason: `no requests reached ${spec.canary} ${window}`,
    };
  const judged = judge(spec, m);
  if (minRequests !== undefined && m.canary.requests < minRequests) {
    const count = Math.round(m.canary.requests);
    return {
      verdict: 'hold',
      gates: [...requestsGate(false), ...heldGates(judged)],
      reason:
        `${count} ${plural(count, 'request')} reached ${spec.canary} ${window}, ` +
        `fewer than the minimum of ${minRequests}`,
    };
  }
  const gates = [...requestsGate(true), ...judged.map((j) => j.gate)];
  const failures = judged.flatMap((j) => (j.failure ? [j.failure] : []));
  if (failures.length > 0) return { verdict: 'fail', gates, reason: failures.join('; ') };
  // A p99 gate with requests but no latency answer: not judged, and never passed for want of data.
  const readsP99 = spec.gates.maxP99Ms !== undefined || spec.gates.maxDegradationVsBaseline !== undefined;
  if (readsP99 && m.canary.p99Ms === null)
    return {
      verdict: 'hold',
      gates,
      reason: `no p99 latency for ${spec.canary} ${window} although ${Math.round(m.canary.requests)} requests reached it`,
    };
  return { verdict: 'pass', gates, reason: 'all gates passed' };
}
