import { describe, expect, it } from 'vitest';
import { canaryStartBody } from '../../../../lib/api/canary.js';
import {
  CANARY_PRESETS,
  describeRun,
  presetOf,
  startBody,
  type CanaryDraft,
} from '../../../../components/canary/canary-presets.js';

const draft = (preset: string, patch: Partial<CanaryDraft> = {}): CanaryDraft => ({
  canary: 'v2',
  baseline: 'v1',
  ...CANARY_PRESETS.find((p) => p.name === preset)!.fields,
  ...patch,
});

describe('the canary start form’s presets and sentence', () => {
  it("fills Flagger's documented example: step 10 up to 50 every 1m, 5 failures, success ≥ 99 %, p99 ≤ 500 ms", () => {
    const body = canaryStartBody.parse(startBody(draft("Flagger's example")));
    expect(body).toMatchObject({
      canary: 'v2',
      baseline: 'v1',
      stepWeight: 10,
      maxWeight: 50,
      interval: '1m',
      failureThreshold: 5,
      gates: { minSuccessRate: 99, maxP99Ms: 500 },
    });
    expect(body.gates.minRequests).toBeUndefined();
  });

  it('says what the quick demo preset will do in one sentence', () => {
    expect(describeRun(draft('Quick (demo)'))).toBe(
      'Every 30s add 20 % to v2 up to 60 %, then promote v2 to 100 %, while its success rate stays at or above 99 % ' +
        'and its p99 at or below 500 ms (an interval with fewer than 5 requests holds the step); 2 failed ' +
        'intervals send everything back to v1.',
    );
  });

  it('says one failed interval in the singular and names the gate against the baseline', () => {
    const sentence = describeRun(draft('Careful'));
    expect(sentence).toContain('1 failed interval sends everything back to v1.');
    expect(sentence).toContain('it does no worse than v1 by more than 1 point of success rate or 1 % of p99');
  });

  it('knows which preset the fields equal, and none once a field is edited', () => {
    expect(presetOf(draft('Careful'))).toBe('Careful');
    expect(presetOf(draft('Careful', { stepWeight: '7' }))).toBeNull();
  });

  it('leaves empty gates out and sends a number typed wrong as text, for the API to name the field', () => {
    const body = startBody(draft('Quick (demo)', { maxP99Ms: '', stepWeight: '2O' }));
    expect(body.gates).not.toHaveProperty('maxP99Ms');
    expect(body.stepWeight).toBe('2O');
    const refused = canaryStartBody.safeParse(body);
    expect(refused.success).toBe(false);
    expect(refused.error!.issues.map((i) => i.path.join('.'))).toEqual(['stepWeight']);
  });
});
