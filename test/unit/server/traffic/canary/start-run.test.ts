import { describe, expect, it } from 'vitest';
import { canaryRun } from '../../../../../lib/api/canary.js';
import { startRun, type RoutingFacts } from '../../../../../server/traffic/canary/start-run.js';
import { body, objects, routing, service, startedRun, T0 } from './canary-fixtures.js';

const start = (
  overrides: Record<string, unknown> = {},
  facts: RoutingFacts = routing,
  existing = null as ReturnType<typeof startedRun> | null,
) => startRun({ service, body: body(overrides), routing: facts, existing, by: 'alice', now: T0, id: 'run-1' });

describe('startRun: a new canary of sa-logic', () => {
  it('sends stepWeight to the canary at once and schedules the first check one interval later', () => {
    const result = start();
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.weights).toEqual({ v1: 80, v2: 20 });
    expect(canaryRun.parse(result.run)).toMatchObject({
      id: 'run-1',
      service,
      spec: { canary: 'v2', baseline: 'v1', stepWeight: 20, maxWeight: 60, interval: '30s', failureThreshold: 2 },
      phase: 'progressing',
      weight: 20,
      failedChecks: 0,
      startedAt: '2026-12-06T12:00:00.000Z',
      startedBy: 'alice',
      nextStepAt: '2026-12-06T12:00:30.000Z',
      pausedReason: null,
      objects,
    });
    expect(result.run.steps).toEqual([
      {
        time: '2026-12-06T12:00:00.000Z',
        weight: 20,
        gates: [],
        decision: 'start',
        reason: 'started by alice: 20 % to v2, 80 % to v1; first check in 30s',
        by: 'alice',
        entryId: null,
      },
    ]);
  });

  it('takes as baseline the version with the largest share of the route now', () => {
    const result = start({}, { ...routing, versions: ['v1', 'v2', 'v3'], weights: { v1: 10, v2: 0, v3: 90 } });
    expect(result.ok && result.run.spec.baseline).toBe('v3');
    expect(result.ok && result.weights).toEqual({ v3: 80, v2: 20 });
  });

  it('takes as baseline the oldest other version when nothing splits the route yet', () => {
    const result = start({ canary: 'v3' }, { ...routing, versions: ['v10', 'v2', 'v3'], weights: null });
    expect(result.ok && result.run.spec.baseline).toBe('v2');
  });

  it('refuses a service with one version, naming the field canary', () => {
    expect(start({}, { ...routing, versions: ['v1'] })).toEqual({
      ok: false,
      status: 422,
      problems: [
        {
          field: 'canary',
          message: 'sa-logic has version v1 only: deploy the canary as a second version with its own version label',
        },
      ],
    });
  });

  it('refuses an unknown canary or baseline, naming the versions there are', () => {
    expect(start({ canary: 'v3' })).toMatchObject({
      status: 422,
      problems: [{ field: 'canary', message: 'sa-logic has no version v3; sa-logic has versions v1 and v2' }],
    });
    expect(start({ baseline: 'v0' })).toMatchObject({
      status: 422,
      problems: [{ field: 'baseline', message: 'sa-logic has no version v0; sa-logic has versions v1 and v2' }],
    });
  });

  it('refuses a second run while one is progressing or paused, and names it', () => {
    const running = startedRun();
    expect(start({}, routing, running)).toEqual({
      ok: false,
      status: 409,
      problems: [
        { field: 'canary', message: 'a canary run of sa-logic is already progressing (v2 at 20 %): abort it first' },
      ],
    });
    const paused = { ...running, phase: 'paused' as const };
    expect(start({}, routing, paused)).toMatchObject({ status: 409 });
  });

  it('starts again after a finished run', () => {
    const finished = { ...startedRun(), phase: 'rolledBack' as const, weight: 0 };
    expect(start({}, routing, finished).ok).toBe(true);
  });
});
