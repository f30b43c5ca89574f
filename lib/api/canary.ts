import { z } from 'zod';
import { apiRoute } from './api-route.js';
import { objectRef } from './traffic-change.js';

// A progressive canary: the canary version's share of the service's default route rises by `stepWeight` every
// `interval` while its gates pass on Istio's standard metrics, up to `maxWeight`, then it takes 100 % (promoted);
// `failureThreshold` failed intervals send everything back to the baseline (rolled back). Every step is a traffic
// change through the same plan → check → conflict-safe apply → audit path as a person's (lib/api/traffic-change.ts).
// The run's state lives in the cluster (a ConfigMap beside the service), so any console replica can show it, and one
// replica at a time steps it (a coordination.k8s.io Lease).
//
// POST /api/namespaces/{ns}/services/{name}/canary  { canary, baseline?, stepWeight, maxWeight, interval, … } → the run
// GET  …/canary                                      → the service's latest run (404 when it never had one)
// POST …/canary/{pause|resume|abort|promote}         → the run after the action
// GET  /api/canaries?namespaces=a,b                  → the runs of those namespaces, for the graph's badges

const versionName = z
  .string()
  .regex(/^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/, 'a version label value such as v1 or v2')
  .max(63, 'a version: at most 63 characters');

/** A run's interval as Flagger spells it: a number and s, m or h (30s, 1m). The lower bound is the console's config. */
export const canaryInterval = z
  .string()
  .regex(/^\d+(s|m|h)$/, 'an interval such as 30s or 1m (a whole number and s, m or h)');

/**
 * Flagger's built-in checks, each optional. Success rate: the percentage of the canary's requests that are not 5xx
 * (reporter="destination", as Flagger's request-success-rate). p99: the 99th percentile of the canary's request
 * duration in ms (Flagger's request-duration). minRequests: fewer requests than this in the interval hold the step
 * (neither passed nor failed). maxDegradationVsBaseline: the canary's success rate may be at most this many points
 * below the baseline's, and its p99 at most this many percent above the baseline's, over the same interval.
 */
export const canaryGates = z.object({
  minSuccessRate: z
    .number({ error: 'a percentage from 0 to 100' })
    .min(0, 'a percentage from 0 to 100')
    .max(100, 'a percentage from 0 to 100')
    .optional(),
  maxP99Ms: z.number({ error: 'milliseconds, more than 0' }).positive('milliseconds, more than 0').optional(),
  minRequests: z
    .number({ error: 'a whole number of requests' })
    .int('a whole number of requests')
    .min(0, 'a whole number of requests, 0 or more')
    .optional(),
  maxDegradationVsBaseline: z
    .number({ error: 'points of success rate from 0 to 100' })
    .min(0, 'points of success rate from 0 to 100')
    .max(100, 'points of success rate from 0 to 100')
    .optional(),
});

const weight = (what: string) =>
  z
    .number({ error: `${what}: a whole percentage from 1 to 100` })
    .int(`${what}: a whole percentage from 1 to 100`)
    .min(1, `${what}: a whole percentage from 1 to 100`)
    .max(100, `${what}: a whole percentage from 1 to 100`);

export const canaryStartBody = z
  .object({
    canary: versionName,
    // Default: the version that takes the most of the default route now (the one the canary replaces).
    baseline: versionName.optional(),
    stepWeight: weight('stepWeight'),
    maxWeight: weight('maxWeight'),
    interval: canaryInterval,
    // Failed intervals (any gate failed) tolerated before rolling back; Flagger's `threshold`, default 1.
    failureThreshold: z
      .number({ error: 'a whole number of failed intervals, 1 or more' })
      .int('a whole number of failed intervals, 1 or more')
      .min(1, 'a whole number of failed intervals, 1 or more')
      .max(100)
      .default(1),
    gates: canaryGates,
    // On promotion, besides sending 100 % to the canary (one destination), drop the baseline's subset from the
    // DestinationRule, so the objects name the canary alone. Default: keep the subset (a rollback stays one click).
    rewriteOnPromotion: z.boolean().default(false),
  })
  .refine((s) => s.maxWeight >= s.stepWeight, {
    message: 'maxWeight: must be at least stepWeight (the first step already sends stepWeight %)',
    path: ['maxWeight'],
  })
  .refine((s) => s.baseline === undefined || s.baseline !== s.canary, {
    message: 'baseline: must differ from the canary version',
    path: ['baseline'],
  });

export const canaryPhase = z.enum(['progressing', 'paused', 'promoted', 'rolledBack', 'aborted']);

export const canaryGateResult = z.object({
  name: z.enum(['success-rate', 'p99', 'requests', 'success-rate-vs-baseline', 'p99-vs-baseline']),
  // What was measured over the interval; null when there was nothing to measure (no requests, no data).
  value: z.number().nullable(),
  threshold: z.number(),
  unit: z.enum(['%', 'ms', 'requests', 'points']),
  // null: not judged (no data; or the step was held before this gate mattered).
  passed: z.boolean().nullable(),
});

export const canaryDecision = z.enum([
  'start', // the run began: first step to stepWeight
  'advance', // every gate passed: the weight rose by stepWeight
  'hold', // too little traffic, or metrics unavailable: the weight stays, nothing counted
  'fail', // a gate failed: counted towards failureThreshold, the weight stays
  'rollback', // failureThreshold reached: everything back to the baseline
  'promote', // passed at maxWeight: 100 % to the canary
  'pause', // paused by a person, or by a concurrent edit of the routing (reason says which)
  'resume',
  'abort', // a person aborted: everything back to the baseline
  'promote-now', // a person promoted without waiting
  'error', // the step's write failed (reason says why); the run pauses
]);

export const canaryStep = z.object({
  time: z.string(), // RFC 3339
  // The canary's weight after this step.
  weight: z.number().int(),
  gates: z.array(canaryGateResult),
  decision: canaryDecision,
  reason: z.string(),
  // Who acted: "canary runner" for the automatic steps, the person for an action.
  by: z.string(),
  // The audit entry of the traffic change this step made, if it made one.
  entryId: z.string().nullable(),
});

export const canaryRun = z.object({
  id: z.string(),
  service: z.object({ namespace: z.string(), name: z.string() }),
  // As started, with the baseline resolved and defaults filled in.
  spec: z.object({
    canary: z.string(),
    baseline: z.string(),
    stepWeight: z.number().int(),
    maxWeight: z.number().int(),
    interval: z.string(),
    failureThreshold: z.number().int(),
    gates: canaryGates,
    rewriteOnPromotion: z.boolean(),
  }),
  phase: canaryPhase,
  // The canary's current weight, 0–100.
  weight: z.number().int(),
  // Failed intervals so far in this run; as Flagger's failedChecks, a passing interval does not reset them.
  failedChecks: z.number().int(),
  startedAt: z.string(),
  startedBy: z.string(),
  updatedAt: z.string(),
  // When the runner takes the next step; null when the run is not progressing.
  nextStepAt: z.string().nullable(),
  // Why the run is paused (a person, or "VirtualService demo/sa-logic changed by kubectl-patch since the last step").
  pausedReason: z.string().nullable(),
  // The routing objects the run changes.
  objects: z.array(objectRef),
  steps: z.array(canaryStep),
});

export const canaryAction = z.enum(['pause', 'resume', 'abort', 'promote']);

export const canaryRunsResponse = z.object({
  runs: z.array(
    z.object({
      namespace: z.string(),
      service: z.string(),
      canary: z.string(),
      baseline: z.string(),
      phase: canaryPhase,
      weight: z.number().int(),
      updatedAt: z.string(),
    }),
  ),
  // Namespaces whose runs could not be read, and why.
  errors: z.array(z.object({ namespace: z.string(), message: z.string() })),
});

export const canaryRunsQuery = z.object({
  namespaces: z
    .string()
    .min(1, 'namespaces: a comma-separated list of namespaces, such as demo,istio-system')
    .transform((s) => s.split(',').filter(Boolean)),
});

export const canaryRoute = apiRoute('/api/namespaces/[ns]/services/[name]/canary', canaryRun);
export const canaryStartRoute = apiRoute('/api/namespaces/[ns]/services/[name]/canary', canaryRun, 'POST');
export const canaryActionRoute = apiRoute('/api/namespaces/[ns]/services/[name]/canary/[action]', canaryRun, 'POST');
export const canaryRunsRoute = apiRoute('/api/canaries', canaryRunsResponse);

export type CanaryGates = z.output<typeof canaryGates>;
export type CanaryStartBody = z.output<typeof canaryStartBody>;
export type CanaryPhase = z.output<typeof canaryPhase>;
export type CanaryGateResult = z.output<typeof canaryGateResult>;
export type CanaryDecision = z.output<typeof canaryDecision>;
export type CanaryStep = z.output<typeof canaryStep>;
export type CanaryRun = z.output<typeof canaryRun>;
export type CanarySpec = CanaryRun['spec'];
export type CanaryAction = z.output<typeof canaryAction>;
export type CanaryRunsResponse = z.output<typeof canaryRunsResponse>;
