// Resilience on the DestinationRule's trafficPolicy: the circuit breaker is `connectionPool` (tcp.maxConnections,
// http.http1MaxPendingRequests, http.http2MaxRequests, http.maxRequestsPerConnection) and outlier detection is
// `outlierDetection` (consecutive5xxErrors, interval, baseEjectionTime, maxEjectionPercent), as istio.io
// reference/config/networking/destination-rule names them (ConnectionPoolSettings, OutlierDetection). A value sets
// the fields it gives and keeps the pool's others (its timeouts, keepalive); null removes the circuit breaker's four
// fields, or the whole outlierDetection.
import type { ResilienceChange } from '../../lib/api/traffic-change.js';
import type { Drafts, StepOutcome } from './plan-step.js';

type Obj = Record<string, unknown>;
const obj = (value: unknown): Obj =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : {};

const POOL_FIELDS = [
  ['maxConnections', 'tcp'],
  ['http1MaxPendingRequests', 'http'],
  ['http2MaxRequests', 'http'],
  ['maxRequestsPerConnection', 'http'],
] as const;

/** Drops empty objects left behind, so that a removal leaves the rule as a person would have written it. */
function prune(parent: Obj, key: string): void {
  const value = parent[key];
  if (value && typeof value === 'object' && Object.keys(value).length === 0) delete parent[key];
}

export function planRuleResilience(change: ResilienceChange, drafts: Drafts): StepOutcome {
  const summary: string[] = [];
  const spec = (drafts.destinationRule.spec ??= {});
  if (change.circuitBreaker !== undefined) {
    const policy = (spec.trafficPolicy = obj(spec.trafficPolicy));
    const pool = (policy.connectionPool = obj(policy.connectionPool));
    if (change.circuitBreaker === null) {
      const had = POOL_FIELDS.some(([field, group]) => obj(pool[group])[field] !== undefined);
      for (const [field, group] of POOL_FIELDS) if (pool[group]) delete obj(pool[group])[field];
      if (had) summary.push('remove the circuit breaker');
    } else {
      const words: string[] = [];
      for (const [field, group] of POOL_FIELDS) {
        const value = change.circuitBreaker[field];
        if (value === undefined) continue;
        pool[group] = { ...obj(pool[group]), [field]: value };
        words.push(`${field} ${value}`);
      }
      if (words.length > 0) summary.push(`limit connections (circuit breaker): ${words.join(', ')}`);
    }
    for (const group of ['tcp', 'http']) prune(pool, group);
    prune(policy, 'connectionPool');
    prune(spec, 'trafficPolicy');
  }
  if (change.outlierDetection !== undefined) {
    const policy = (spec.trafficPolicy = obj(spec.trafficPolicy));
    if (change.outlierDetection === null) {
      if (policy.outlierDetection !== undefined) summary.push('remove the outlier detection');
      delete policy.outlierDetection;
    } else {
      const given = Object.entries(change.outlierDetection).filter(([, v]) => v !== undefined);
      policy.outlierDetection = { ...obj(policy.outlierDetection), ...Object.fromEntries(given) };
      if (given.length > 0)
        summary.push(`eject failing pods (outlier detection): ${given.map(([k, v]) => `${k} ${v}`).join(', ')}`);
    }
    prune(policy, 'outlierDetection');
    prune(spec, 'trafficPolicy');
  }
  return { problems: [], summary };
}
