import type { ClusterModel } from './cluster-builder.js';
import type { EnvoyJson } from './envoy-json.js';

// Envoy's defaults for thresholds a cluster leaves unset; Istio only sets the default priority's.
export const ENVOY_DEFAULT_THRESHOLDS = {
  max_connections: 1024,
  max_pending_requests: 1024,
  max_requests: 1024,
  max_retries: 3,
};
export const THRESHOLD_FIELDS = ['max_connections', 'max_pending_requests', 'max_requests', 'max_retries'] as const;

export interface Threshold extends Record<(typeof THRESHOLD_FIELDS)[number], number> {
  trackRemaining: boolean;
}

/** The default and HIGH priority circuit-breaker thresholds of a cluster, with Envoy's defaults where unset. */
export function thresholdsOf(cluster: ClusterModel): { default: Threshold; high: Threshold } {
  const breakers = cluster.config.circuit_breakers as EnvoyJson | undefined;
  const configured = (breakers?.thresholds as EnvoyJson[] | undefined) ?? [];
  const pick = (entry: EnvoyJson | undefined): Threshold => {
    const out: Threshold = { ...ENVOY_DEFAULT_THRESHOLDS, trackRemaining: entry?.track_remaining === true };
    for (const field of THRESHOLD_FIELDS) if (typeof entry?.[field] === 'number') out[field] = entry[field] as number;
    return out;
  };
  return {
    default: pick(configured.find((t) => t.priority === undefined || t.priority === 'DEFAULT')),
    high: pick(configured.find((t) => t.priority === 'HIGH')),
  };
}
