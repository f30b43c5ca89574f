import { describe, expect, it } from 'vitest';
import type { CanaryRun, CanaryStep } from '../../../../lib/api/canary.js';
import type { AuditEntry } from '../../../../lib/api/traffic-change.js';
import { withCanarySteps } from '../../../../components/canary/canary-markers.js';
import { withIntents } from '../../../../components/traffic/marker-intents.js';

const at = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();
const vs = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', namespace: 'demo', name: 'sa-logic' };
const entry = (id: string, time: number, intent: string): AuditEntry => ({
  id,
  time: at(time),
  user: 'canary runner',
  service: { namespace: 'demo', name: 'sa-logic' },
  intent,
  kind: 'change',
  objects: [{ ...vs, before: null, after: null }],
  result: 'applied',
  message: null,
});
const marker = (time: number, change = 'spec changed by sextant') => ({
  time,
  kind: 'VirtualService',
  namespace: 'demo',
  name: 'sa-logic',
  change,
});
const step = (time: number, weight: number, decision: CanaryStep['decision'], entryId: string | null): CanaryStep => ({
  time: at(time),
  weight,
  gates: [],
  decision,
  reason: '',
  by: 'canary runner',
  entryId,
});
const run = (steps: CanaryStep[]): CanaryRun => ({
  id: 'r1',
  service: { namespace: 'demo', name: 'sa-logic' },
  spec: {
    canary: 'v2',
    baseline: 'v1',
    stepWeight: 20,
    maxWeight: 60,
    interval: '10s',
    failureThreshold: 2,
    gates: {},
    rewriteOnPromotion: false,
  },
  phase: 'rolledBack',
  weight: 0,
  failedChecks: 2,
  startedAt: at(1000),
  startedBy: 'admin',
  updatedAt: at(1030),
  nextStepAt: null,
  pausedReason: null,
  objects: [vs],
  steps,
});

describe("a canary's steps on the metric charts", () => {
  const entries = [
    entry('e1', 1000, 'send 80 % to v1 and 20 % to v2'),
    entry('e2', 1030, 'send 100 % to v1'),
    entry('p', 2000, 'send 50 % to v1 and 50 % to v2'),
  ];
  const steps = [step(999, 20, 'start', 'e1'), step(1010, 20, 'fail', null), step(1029, 0, 'rollback', 'e2')];

  it("names the watch's markers of the run's writes as the steps, at the steps' own times", () => {
    const markers = withCanarySteps([marker(1001), marker(1031)], entries, run(steps));
    expect(markers).toEqual([
      marker(999, 'spec changed by sextant: canary v2 → 20 %'),
      marker(1029, 'spec changed by sextant: canary v2 → 0 % (rolled back)'),
    ]);
  });

  it("leaves a person's change beside the run to the audit entry's intent", () => {
    const markers = withIntents(withCanarySteps([marker(1001), marker(2001)], entries, run(steps)), entries);
    expect(markers.map((m) => m.change)).toEqual([
      'spec changed by sextant: canary v2 → 20 %',
      'spec changed by sextant: send 50 % to v1 and 50 % to v2',
    ]);
  });

  it('leaves markers alone when the service never had a run', () => {
    expect(withCanarySteps([marker(1001)], entries, null)).toEqual([marker(1001)]);
  });
});
