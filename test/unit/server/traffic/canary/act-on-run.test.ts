// A person's actions on sa-logic's v2 canary, and the runner's own pause (a concurrent edit, a failed write).
import { describe, expect, it } from 'vitest';
import { canaryRun, type CanaryRun } from '../../../../../lib/api/canary.js';
import { actOnRun, pauseRun, type ActResult } from '../../../../../server/traffic/canary/act-on-run.js';
import { decideStep } from '../../../../../server/traffic/canary/decide-step.js';
import { at, decisions, failing, healthy, startedRun } from './canary-fixtures.js';

const last = (run: CanaryRun) => run.steps[run.steps.length - 1];
function accepted(result: ActResult) {
  if (!result.ok) throw new Error(result.message);
  canaryRun.parse(result.run);
  return result;
}

describe('actOnRun: pause and resume', () => {
  const run = startedRun();

  it('pauses a progressing run where it is, saying who paused it', () => {
    const { run: paused, weights } = accepted(actOnRun(run, 'pause', 'bob', at(10)));
    expect(weights).toBeNull();
    expect(paused).toMatchObject({ phase: 'paused', weight: 20, pausedReason: 'paused by bob', nextStepAt: null });
    expect(last(paused)).toMatchObject({ decision: 'pause', weight: 20, reason: 'paused by bob', by: 'bob' });
  });

  it('resumes a paused run, whose next check is one interval after the resume', () => {
    const paused = accepted(actOnRun(run, 'pause', 'bob', at(10))).run;
    const { run: resumed, weights } = accepted(actOnRun(paused, 'resume', 'carol', at(100)));
    expect(weights).toBeNull();
    expect(resumed).toMatchObject({ phase: 'progressing', pausedReason: null, nextStepAt: '2026-12-06T12:02:10.000Z' });
    expect(last(resumed)).toMatchObject({
      decision: 'resume',
      reason: 'resumed by carol: next check in 30s',
      by: 'carol',
    });
    expect(decideStep(resumed, healthy(resumed.spec), at(130)).run.weight).toBe(40);
  });

  it('refuses to pause a paused run or resume a progressing one', () => {
    const paused = accepted(actOnRun(run, 'pause', 'bob', at(10))).run;
    expect(actOnRun(paused, 'pause', 'bob', at(20))).toEqual({
      ok: false,
      status: 409,
      message: 'the run is already paused (paused by bob)',
    });
    expect(actOnRun(run, 'resume', 'bob', at(20))).toEqual({
      ok: false,
      status: 409,
      message: 'the run is progressing, not paused',
    });
  });
});

describe('actOnRun: abort and promote now', () => {
  const run = { ...startedRun(), weight: 40 };

  it('aborts back to the baseline, from progressing or paused', () => {
    const { run: aborted, weights } = accepted(actOnRun(run, 'abort', 'bob', at(10)));
    expect(weights).toEqual({ v1: 100, v2: 0 });
    expect(aborted).toMatchObject({ phase: 'aborted', weight: 0, nextStepAt: null });
    expect(last(aborted)).toMatchObject({
      decision: 'abort',
      reason: 'aborted by bob at 40 %: all traffic back to v1',
    });
    const paused = pauseRun(run, 'paused by bob', at(5));
    expect(accepted(actOnRun(paused, 'abort', 'bob', at(10))).run).toMatchObject({
      phase: 'aborted',
      pausedReason: null,
    });
  });

  it('promotes now: all traffic to the canary, with the subset rewrite the run asked for', () => {
    const result = accepted(
      actOnRun({ ...run, spec: { ...run.spec, rewriteOnPromotion: true } }, 'promote', 'bob', at(10)),
    );
    expect(result.weights).toEqual({ v1: 0, v2: 100 });
    expect(result.rewriteOnPromotion).toBe(true);
    expect(result.run).toMatchObject({ phase: 'promoted', weight: 100, nextStepAt: null });
    expect(last(result.run)).toMatchObject({
      decision: 'promote-now',
      reason: 'promoted by bob at 40 %: all traffic to v2',
    });
  });

  it('refuses every action on a finished run, naming its phase', () => {
    const rolledBack = decideStep(startedRun({ failureThreshold: 1 }), failing(run.spec), at(30)).run;
    expect(decisions(rolledBack)).toEqual(['start 20', 'rollback 0']);
    for (const action of ['pause', 'resume', 'abort', 'promote'] as const)
      expect(actOnRun(rolledBack, action, 'bob', at(60))).toEqual({
        ok: false,
        status: 409,
        message: `the run has rolled back and takes no ${action} now: start a new one`,
      });
    const promoted = accepted(actOnRun(run, 'promote', 'bob', at(10))).run;
    expect(actOnRun(promoted, 'abort', 'bob', at(20))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^the run has been promoted and takes no abort now/),
    });
  });
});

describe('pauseRun: the runner pauses on what it must not overwrite', () => {
  it('pauses on a person’s concurrent edit with the reason, and stops stepping', () => {
    const reason = 'VirtualService demo/sa-logic changed by kubectl-patch since the last step';
    const paused = canaryRun.parse(pauseRun(startedRun(), reason, at(30)));
    expect(paused).toMatchObject({ phase: 'paused', pausedReason: reason, weight: 20, nextStepAt: null });
    expect(last(paused)).toMatchObject({ decision: 'pause', reason, by: 'canary runner' });
    expect(decideStep(paused, healthy(paused.spec), at(60)).weights).toBeNull();
  });

  it('records a failed write as an error step and pauses', () => {
    const reason = 'writing the step failed: Kubernetes at https://10.0.0.1 refused the patch (403)';
    const paused = pauseRun(startedRun(), reason, at(30), 'error');
    expect(last(paused)).toMatchObject({ decision: 'error', reason });
    expect(paused.phase).toBe('paused');
    expect(accepted(actOnRun(paused, 'resume', 'bob', at(60))).run.phase).toBe('progressing');
  });
});
