// The two answers of an interval (gate-queries.ts) as counts and p99 per version. A version without a series had no
// requests in the window (Prometheus answers nothing rather than 0 for a counter that never moved there).
import type { CanarySpec } from '../../../lib/api/canary.js';
import type { Sample } from '../../sources/prometheus.js';
import { REQUESTS_KIND } from './gate-queries.js';

export interface VersionMeasurement {
  requests: number;
  errors: number;
  /** null: no latency answer for this version (no requests, or no p99 asked). */
  p99Ms: number | null;
}

export interface Measurements {
  canary: VersionMeasurement;
  baseline: VersionMeasurement;
}

const finite = (n: number) => (Number.isFinite(n) ? n : null);

export function measurementsFrom(spec: CanarySpec, requests: Sample[], p99: Sample[] | null): Measurements {
  const of = (version: string): VersionMeasurement => {
    let total = 0;
    let errors = 0;
    for (const s of requests) {
      if (s.metric.destination_version !== version || !Number.isFinite(s.value)) continue;
      if (s.metric.kind === REQUESTS_KIND.errors) errors += s.value;
      else if (s.metric.kind === REQUESTS_KIND.all) total += s.value;
    }
    // histogram_quantile answers NaN for a version whose buckets did not move in the window: no value, not 0.
    const latency = p99?.find((s) => s.metric.destination_version === version);
    return { requests: total, errors, p99Ms: latency ? finite(latency.value) : null };
  };
  return { canary: of(spec.canary), baseline: of(spec.baseline) };
}
