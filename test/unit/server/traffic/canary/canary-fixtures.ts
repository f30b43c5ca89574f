// Shared by the canary core's tests: the article's sa-logic canary (v2 against v1), the two Prometheus answers of an
// interval as server/sources/prometheus.ts returns them (Sample[]), and runs that fit the contract.
import { canaryRun, canaryStartBody, type CanaryRun, type CanarySpec } from '../../../../../lib/api/canary.js';
import type { GateOutcome } from '../../../../../server/traffic/canary/evaluate-gates.js';
import { evaluateGates } from '../../../../../server/traffic/canary/evaluate-gates.js';
import { measurementsFrom } from '../../../../../server/traffic/canary/measurements.js';
import { startRun } from '../../../../../server/traffic/canary/start-run.js';
import type { Sample } from '../../../../../server/sources/prometheus.js';

export const service = { namespace: 'demo', name: 'sa-logic' };
export const T0 = new Date('2026-12-06T12:00:00Z');
/** `seconds` after the run began. */
export const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

export const objects = [
  { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', namespace: 'demo', name: 'sa-logic' },
  { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', namespace: 'demo', name: 'sa-logic' },
];
export const routing = { versions: ['v1', 'v2'], weights: { v1: 100, v2: 0 }, objects };

/** The start body as the route parses it (defaults filled in), with the overrides given. */
export const body = (overrides: Record<string, unknown> = {}) =>
  canaryStartBody.parse({
    canary: 'v2',
    stepWeight: 20,
    maxWeight: 60,
    interval: '30s',
    failureThreshold: 2,
    gates: { minSuccessRate: 99, maxP99Ms: 500, minRequests: 20 },
    ...overrides,
  });

/** A run of sa-logic's v2 started at T0 (20 % to v2), checked against the contract. */
export function startedRun(overrides: Record<string, unknown> = {}): CanaryRun {
  const result = startRun({
    service,
    body: body(overrides),
    routing,
    existing: null,
    by: 'alice',
    now: T0,
    id: 'run-1',
  });
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.problems)}`);
  return canaryRun.parse(result.run);
}

interface Traffic {
  requests: number;
  errors?: number;
}

/**
 * The requests query's answer: per version with traffic, the `requests` sample, and the `errors` sample when some
 * 5xx happened (Prometheus has no 5xx series for a version that never answered one, so no sample then).
 */
export function requestsAnswer(byVersion: Record<string, Traffic>): Sample[] {
  return Object.entries(byVersion).flatMap(([version, t]) => [
    { metric: { destination_version: version, kind: 'requests' }, value: t.requests },
    ...(t.errors ? [{ metric: { destination_version: version, kind: 'errors' }, value: t.errors }] : []),
  ]);
}

/** The p99 query's answer: NaN where a version's buckets did not move in the window, as histogram_quantile says. */
export const p99Answer = (byVersion: Record<string, number>): Sample[] =>
  Object.entries(byVersion).map(([version, ms]) => ({ metric: { destination_version: version }, value: ms }));

/** The gates of one interval on those answers. */
export const outcomeOf = (spec: CanarySpec, requests: Sample[], p99: Sample[] | null): GateOutcome =>
  evaluateGates(spec, measurementsFrom(spec, requests, p99));

/** A healthy interval: 200 requests to v2 without 5xx, p99 120 ms; v1 likewise. */
export const healthy = (spec: CanarySpec) =>
  outcomeOf(spec, requestsAnswer({ v1: { requests: 800 }, v2: { requests: 200 } }), p99Answer({ v1: 110, v2: 120 }));

/** A failing interval: 80.2 % success rate on v2 (198 of 1000 requests answered 5xx). */
export const failing = (spec: CanarySpec) =>
  outcomeOf(
    spec,
    requestsAnswer({ v1: { requests: 4000 }, v2: { requests: 1000, errors: 198 } }),
    p99Answer({ v1: 110, v2: 120 }),
  );

/** An interval in which v2 had 5 requests only. */
export const thin = (spec: CanarySpec) =>
  outcomeOf(spec, requestsAnswer({ v1: { requests: 95 }, v2: { requests: 5 } }), p99Answer({ v1: 110, v2: 120 }));

export const decisions = (run: CanaryRun) => run.steps.map((s) => `${s.decision} ${s.weight}`);
