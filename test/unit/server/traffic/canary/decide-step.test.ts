// The runner's steps of sa-logic's v2 canary (20 % steps up to 60 %, every 30 s, 2 failed intervals roll back),
// each on the gates of an interval as Prometheus answered them.
import { describe, expect, it } from 'vitest';
import { canaryRun, type CanaryRun } from '../../../../../lib/api/canary.js';
import { decideStep } from '../../../../../server/traffic/canary/decide-step.js';
import type { GateOutcome } from '../../../../../server/traffic/canary/evaluate-gates.js';
import {
  at,
  decisions,
  failing,
  healthy,
  outcomeOf,
  p99Answer,
  requestsAnswer,
  startedRun,
  thin,
} from './canary-fixtures.js';

/** The run after the runner's steps on these outcomes, one interval apart; each run checked against the contract. */
function stepThrough(run: CanaryRun, outcomes: (GateOutcome | { unavailable: string })[]) {
  let current = run;
  const weights: (Record<string, number> | null)[] = [];
  outcomes.forEach((outcome, i) => {
    const decision = decideStep(current, outcome, at(30 * (i + 1)));
    current = canaryRun.parse(decision.run);
    weights.push(decision.weights);
  });
  return { run: current, weights };
}

const last = (run: CanaryRun) => run.steps[run.steps.length - 1];

describe('decideStep: a canary that passes', () => {
  const run = startedRun();
  const spec = run.spec;

  it('advances by stepWeight while below maxWeight, writing both versions’ weights', () => {
    const decision = decideStep(run, healthy(spec), at(30));
    expect(decision.weights).toEqual({ v1: 60, v2: 40 });
    expect(decision.run).toMatchObject({ phase: 'progressing', weight: 40, nextStepAt: '2026-12-06T12:01:00.000Z' });
    expect(last(decision.run)).toMatchObject({
      decision: 'advance',
      weight: 40,
      reason: 'all gates passed: 20 % → 40 %',
      by: 'canary runner',
      entryId: null,
      time: '2026-12-06T12:00:30.000Z',
    });
    expect(last(decision.run)?.gates.map((g) => g.name)).toEqual(['requests', 'success-rate', 'p99']);
  });

  it('promotes to 100 % after passing at maxWeight, and stops', () => {
    const { run: done, weights } = stepThrough(run, [healthy(spec), healthy(spec), healthy(spec)]);
    expect(decisions(done)).toEqual(['start 20', 'advance 40', 'advance 60', 'promote 100']);
    expect(weights).toEqual([
      { v1: 60, v2: 40 },
      { v1: 40, v2: 60 },
      { v1: 0, v2: 100 },
    ]);
    expect(done).toMatchObject({ phase: 'promoted', weight: 100, nextStepAt: null });
    expect(last(done)?.reason).toBe('all gates passed at maxWeight 60 %: promoting v2 to 100 %');
  });

  it('stops at maxWeight when the last step would pass it, then promotes', () => {
    const uneven = startedRun({ stepWeight: 25, maxWeight: 60 });
    const { run: done } = stepThrough(uneven, [healthy(spec), healthy(spec), healthy(spec)]);
    expect(decisions(done)).toEqual(['start 25', 'advance 50', 'advance 60', 'promote 100']);
  });

  it('asks for the baseline subset to be dropped on promotion only when the run says so', () => {
    const atMax = { ...run, weight: 60 };
    expect(decideStep(atMax, healthy(spec), at(30)).rewriteOnPromotion).toBe(false);
    const rewriting = { ...atMax, spec: { ...spec, rewriteOnPromotion: true } };
    expect(decideStep(rewriting, healthy(spec), at(30)).rewriteOnPromotion).toBe(true);
  });
});

describe('decideStep: a canary that fails', () => {
  const run = startedRun();
  const spec = run.spec;

  it('counts a failed interval and keeps the weight', () => {
    const decision = decideStep(run, failing(spec), at(30));
    expect(decision.weights).toBeNull();
    expect(decision.run).toMatchObject({ phase: 'progressing', weight: 20, failedChecks: 1 });
    expect(last(decision.run)).toMatchObject({
      decision: 'fail',
      weight: 20,
      reason: '1 of 2 failed intervals: holding at 20 % (success rate 80.2 % < 99 %)',
    });
    expect(last(decision.run)?.gates.find((g) => g.name === 'success-rate')).toMatchObject({
      value: 80.2,
      passed: false,
    });
  });

  it('rolls back to the baseline at failureThreshold failed intervals, and stops', () => {
    const { run: done, weights } = stepThrough(run, [failing(spec), failing(spec)]);
    expect(decisions(done)).toEqual(['start 20', 'fail 20', 'rollback 0']);
    expect(weights[1]).toEqual({ v1: 100, v2: 0 });
    expect(done).toMatchObject({ phase: 'rolledBack', weight: 0, failedChecks: 2, nextStepAt: null });
    expect(last(done)?.reason).toBe('2 of 2 failed intervals: rolling back to v1 (success rate 80.2 % < 99 %)');
  });

  it('counts failures over the whole run, as Flagger: a flapping gate (fail, pass, fail) rolls back', () => {
    const { run: done } = stepThrough(run, [failing(spec), healthy(spec), failing(spec)]);
    expect(decisions(done)).toEqual(['start 20', 'fail 20', 'advance 40', 'rollback 0']);
  });

  it('rolls back on the first failure with failureThreshold 1', () => {
    const { run: done } = stepThrough(startedRun({ failureThreshold: 1 }), [failing(spec)]);
    expect(decisions(done)).toEqual(['start 20', 'rollback 0']);
    expect(last(done)?.reason).toMatch(/^1 of 1 failed intervals: rolling back to v1/);
  });
});

describe('decideStep: holding', () => {
  const run = startedRun();
  const spec = run.spec;

  it('holds on too little traffic: the weight stays, nothing is counted, the next check is an interval later', () => {
    const decision = decideStep(run, thin(spec), at(30));
    expect(decision.weights).toBeNull();
    expect(decision.run).toMatchObject({ weight: 20, failedChecks: 0, nextStepAt: '2026-12-06T12:01:00.000Z' });
    expect(last(decision.run)).toMatchObject({
      decision: 'hold',
      reason: '5 requests reached v2 in the last 30s, fewer than the minimum of 20; holding at 20 %',
    });
  });

  it('never promotes on missing data: a Prometheus outage holds, and says so', () => {
    const unavailable = { unavailable: 'Prometheus at http://prometheus:9090 did not answer in 5 s (PROMETHEUS_URL)' };
    const { run: held, weights } = stepThrough({ ...run, weight: 60 }, [unavailable, unavailable, unavailable]);
    expect(weights).toEqual([null, null, null]);
    expect(held).toMatchObject({ phase: 'progressing', weight: 60, failedChecks: 0 });
    expect(last(held)).toMatchObject({
      decision: 'hold',
      gates: [],
      reason:
        'Prometheus at http://prometheus:9090 did not answer in 5 s (PROMETHEUS_URL); ' +
        'holding at 60 %, no promotion on missing data',
    });
  });

  it('goes on after a hold as if the interval had not been', () => {
    const { run: done } = stepThrough(run, [thin(spec), healthy(spec)]);
    expect(decisions(done)).toEqual(['start 20', 'hold 20', 'advance 40']);
  });

  it('takes no step on a run that is not progressing', () => {
    const paused = { ...run, phase: 'paused' as const };
    expect(decideStep(paused, healthy(spec), at(30))).toEqual({
      run: paused,
      weights: null,
      rewriteOnPromotion: false,
    });
  });
});

describe('decideStep: the canary against the baseline', () => {
  const run = startedRun({ gates: { minRequests: 20, maxDegradationVsBaseline: 1 } });
  const spec = run.spec;

  it('fails an interval in which v2 is worse than v1 by more than allowed, though no absolute gate is set', () => {
    const outcome = outcomeOf(
      spec,
      requestsAnswer({ v1: { requests: 1000, errors: 5 }, v2: { requests: 1000, errors: 30 } }),
      p99Answer({ v1: 200, v2: 200 }),
    );
    expect(last(decideStep(run, outcome, at(30)).run)?.reason).toBe(
      "1 of 2 failed intervals: holding at 20 % (success rate 97 % is 2.5 points below v1's 99.5 %, more than the 1 allowed)",
    );
  });

  it('advances when v1 had no requests to compare with, the comparison not judged', () => {
    const outcome = outcomeOf(spec, requestsAnswer({ v2: { requests: 100 } }), p99Answer({ v2: 120, v1: NaN }));
    const decision = decideStep(run, outcome, at(30));
    expect(decision.weights).toEqual({ v1: 60, v2: 40 });
    expect(
      last(decision.run)
        ?.gates.filter((g) => g.passed === null)
        .map((g) => g.name),
    ).toEqual(['success-rate-vs-baseline', 'p99-vs-baseline']);
  });
});
