// The start form's fields as typed (strings, so a half-typed number stays on screen), the presets that fill them, and
// the request body they make (pure, unit-tested). Numbers are sent as typed: the API's refusal names a bad field.
import type { canaryStartBody } from '@/lib/api/canary';
import type { z } from 'zod';

export interface CanaryDraft {
  canary: string;
  baseline: string;
  stepWeight: string;
  maxWeight: string;
  interval: string;
  failureThreshold: string;
  minSuccessRate: string;
  maxP99Ms: string;
  minRequests: string;
  /** Empty: no gate against the baseline. */
  maxDegradationVsBaseline: string;
  rewriteOnPromotion: boolean;
}

export type PresetFields = Omit<CanaryDraft, 'canary' | 'baseline'>;

export interface CanaryPreset {
  name: string;
  fields: PresetFields;
}

export const CANARY_PRESETS: CanaryPreset[] = [
  {
    // Flagger's documented Istio example (docs/gitbook/tutorials/istio-progressive-delivery.md): analysis.interval
    // 1m, threshold 5, maxWeight 50, stepWeight 10, request-success-rate min 99, request-duration max 500.
    name: "Flagger's example",
    fields: {
      stepWeight: '10',
      maxWeight: '50',
      interval: '1m',
      failureThreshold: '5',
      minSuccessRate: '99',
      maxP99Ms: '500',
      minRequests: '',
      maxDegradationVsBaseline: '',
      rewriteOnPromotion: false,
    },
  },
  {
    // The demo sends sa-logic a few requests a second, so a 20 % canary gets about 3 in 10 s: 30 s intervals see
    // enough of them to judge (5 is the floor), and a failing v2 rolls back in about a minute and a half.
    name: 'Quick (demo)',
    fields: {
      stepWeight: '20',
      maxWeight: '60',
      interval: '30s',
      failureThreshold: '2',
      minSuccessRate: '99',
      maxP99Ms: '500',
      minRequests: '5',
      maxDegradationVsBaseline: '',
      rewriteOnPromotion: false,
    },
  },
  {
    // Small steps over long intervals, one failure rolls back, and the canary may not do worse than the baseline.
    name: 'Careful',
    fields: {
      stepWeight: '5',
      maxWeight: '50',
      interval: '5m',
      failureThreshold: '1',
      minSuccessRate: '99.5',
      maxP99Ms: '300',
      minRequests: '50',
      maxDegradationVsBaseline: '1',
      rewriteOnPromotion: false,
    },
  },
];

/** The preset a draft's fields equal, if any (the form marks it). */
export function presetOf(draft: CanaryDraft): string | null {
  for (const p of CANARY_PRESETS) {
    if ((Object.keys(p.fields) as (keyof PresetFields)[]).every((k) => draft[k] === p.fields[k])) return p.name;
  }
  return null;
}

/** A field as sent: a number when it reads as one, undefined when empty, else the text (the API says what is wrong). */
function numberOrText(text: string): number | string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

export function startBody(draft: CanaryDraft): z.input<typeof canaryStartBody> {
  const gates = {
    minSuccessRate: numberOrText(draft.minSuccessRate),
    maxP99Ms: numberOrText(draft.maxP99Ms),
    minRequests: numberOrText(draft.minRequests),
    maxDegradationVsBaseline: numberOrText(draft.maxDegradationVsBaseline),
  };
  // Typed loosely on purpose: a text where a number belongs goes to the API, whose refusal names the field.
  return {
    canary: draft.canary,
    ...(draft.baseline ? { baseline: draft.baseline } : {}),
    stepWeight: numberOrText(draft.stepWeight),
    maxWeight: numberOrText(draft.maxWeight),
    interval: draft.interval.trim(),
    failureThreshold: numberOrText(draft.failureThreshold),
    gates: Object.fromEntries(Object.entries(gates).filter(([, v]) => v !== undefined)),
    rewriteOnPromotion: draft.rewriteOnPromotion,
  } as z.input<typeof canaryStartBody>;
}

const filled = (s: string) => s.trim() !== '';
const plural = (n: string, one: string, many: string) => `${n} ${n.trim() === '1' ? one : many}`;

/**
 * What the run will do, in one sentence: "Every 10s add 20 % to v2 up to 60 %, then promote v2 to 100 %, while its
 * success rate stays at or above 99 % and its p99 at or below 500 ms (an interval with fewer than 5 requests holds
 * the step); 2 failed intervals send everything back to v1."
 */
export function describeRun(d: CanaryDraft): string {
  const canary = d.canary || 'the canary';
  const baseline = d.baseline || 'the baseline';
  const conditions: string[] = [];
  if (filled(d.minSuccessRate)) conditions.push(`its success rate stays at or above ${d.minSuccessRate.trim()} %`);
  if (filled(d.maxP99Ms)) conditions.push(`its p99 at or below ${d.maxP99Ms.trim()} ms`);
  const degradation = d.maxDegradationVsBaseline.trim();
  if (degradation)
    conditions.push(
      `it does no worse than ${baseline} by more than ${plural(degradation, 'point', 'points')} of success rate ` +
        `or ${degradation} % of p99`,
    );
  let sentence =
    `Every ${d.interval.trim() || '?'} add ${d.stepWeight.trim() || '?'} % to ${canary} up to ` +
    `${d.maxWeight.trim() || '?'} %, then promote ${canary} to 100 %`;
  sentence += conditions.length
    ? `, while ${conditions.join(conditions.length > 2 ? ', ' : ' and ').replace(/, ([^,]*)$/, ' and $1')}`
    : ', with no gate: every interval passes';
  if (filled(d.minRequests))
    sentence += ` (an interval with fewer than ${plural(d.minRequests.trim(), 'request', 'requests')} holds the step)`;
  const threshold = d.failureThreshold.trim() || '1';
  sentence += `; ${plural(threshold, 'failed interval sends', 'failed intervals send')} everything back to ${baseline}.`;
  if (d.rewriteOnPromotion) sentence += ` On promotion the DestinationRule keeps ${canary}'s subset alone.`;
  return sentence;
}
